import type { Persona } from "../../environment/persona";
import { personaCatalog } from "../../personas/catalog";
import { dockerHostPersona, networkingPersona, STOCK_PERSONAS } from "../../personas/stock-personas";
import { issueLines, patchedEnvironment, resolveInput } from "../helpers";

/** The lines a consumer gets when an environment is loaded with their personas. */
function catalogIssues(...personas: Persona[]): string[] {
  return issueLines(() =>
    resolveInput(
      patchedEnvironment(() => undefined),
      { personas: personaCatalog(...STOCK_PERSONAS, ...personas) },
    ),
  );
}

describe("a consumer's persona catalog", () => {
  test("names an unknown dependency, with the closest persona offered", () => {
    expect(catalogIssues({ ...dockerHostPersona, dependsOn: ["networkin"] })).toEqual([
      "persona docker-host: dependsOn[0]: unknown persona 'networkin' (did you mean 'networking'?)",
    ]);
  });

  test("rejects a dependency cycle once, on the edge that closes it", () => {
    const backup: Persona = { ...networkingPersona, name: "backup", dependsOn: ["networking", "storage"] };
    const storage: Persona = { ...networkingPersona, name: "storage", dependsOn: ["backup"] };
    expect(catalogIssues(backup, storage)).toEqual(["persona storage: dependsOn[0]: dependency cycle backup -> storage -> backup"]);
  });

  test("rejects a persona that depends on itself", () => {
    expect(catalogIssues({ ...networkingPersona, dependsOn: ["networking"] })).toEqual([
      "persona networking: dependsOn[0]: dependency cycle networking -> networking",
    ]);
  });

  test("checks persona data: size, disk sizes, group names", () => {
    const broken = { ...dockerHostPersona, size: "huge", dataDisks: [{ sizeGiB: 0, purpose: "data" }], inventoryGroups: ["Apps"] } as unknown as Persona;
    expect(catalogIssues(broken)).toEqual([
      "persona docker-host: size: must be one of small, medium, large, xlarge",
      "persona docker-host: dataDisks[0].sizeGiB: must be at least 1",
      "persona docker-host: inventoryGroups[0]: must be an Ansible group name (a-z, 0-9, '_', not starting with a digit)",
    ]);
  });

  test("keeps a persona's own groups clear of the groups the inventory and Ansible make themselves", () => {
    expect(catalogIssues({ ...dockerHostPersona, inventoryGroups: ["media", "svc_media", "app_x", "persona_y", "all", "ungrouped"] })).toEqual([
      "persona docker-host: inventoryGroups[1]: must not start with persona_, svc_ or app_: the inventory makes those groups itself",
      "persona docker-host: inventoryGroups[2]: must not start with persona_, svc_ or app_: the inventory makes those groups itself",
      "persona docker-host: inventoryGroups[3]: must not start with persona_, svc_ or app_: the inventory makes those groups itself",
      "persona docker-host: inventoryGroups[4]: is a group Ansible makes itself",
      "persona docker-host: inventoryGroups[5]: is a group Ansible makes itself",
    ]);
  });

  test("keeps secrets out of host vars, which reach the inventory", () => {
    expect(catalogIssues({ ...networkingPersona, hostVars: { zone_serial_style: "date", admin_password: "hunter2" } })).toEqual([
      "persona networking: hostVars.admin_password: 'admin_password' looks like a credential: keep secrets out of environment files: the provider reads PROXMOX_VE_API_TOKEN, state backends PG_CONN_STR and AWS_* from environment variables (or encrypt them with sops)",
    ]);
  });

  test("reports catalog issues before the environments' own, in one run", () => {
    const lines = issueLines(() =>
      resolveInput(
        patchedEnvironment((document) => void (document.machines = [{ name: "dns-1", persona: "networkng", ip: "10.9.0.53" }])),
        { personas: personaCatalog(...STOCK_PERSONAS, { ...networkingPersona, dependsOn: ["networking"] }), source: "environments/test.ts" },
      ),
    );
    expect(lines).toEqual([
      "persona networking: dependsOn[0]: dependency cycle networking -> networking",
      expect.stringMatching(/^environments\/test\.ts: machines\[0\]\.persona: unknown persona 'networkng' \(did you mean 'networking'\?\)/),
    ]);
  });

  test("leaves the host vars the inventory sets to the inventory", () => {
    expect(catalogIssues({ ...networkingPersona, hostVars: { services: ["dns"], ansible_host: "10.0.0.1" } })).toEqual([
      "persona networking: hostVars.services: is set by the inventory itself (from the model and the service table); a persona cannot set it",
      "persona networking: hostVars.ansible_host: is set by the inventory itself (from the model and the service table); a persona cannot set it",
    ]);
  });

  test("checks services: names that make group names, ports, one definition per name", () => {
    const mqtt = { name: "mqtt", description: "Mosquitto", ports: [{ port: 1883, protocol: "tcp" as const }] };
    expect(
      catalogIssues({
        ...networkingPersona,
        services: [{ name: "Home Assistant", description: "hub", ports: [{ port: 70000, protocol: "sctp" }] }],
      } as unknown as Persona),
    ).toEqual([
      "persona networking: services[0].name: must be a service name (a-z, 0-9, '_', starting with a letter): its group is svc_<name>",
      "persona networking: services[0].ports[0].port: must be at most 65535",
      "persona networking: services[0].ports[0].protocol: must be one of tcp, udp (did you mean 'tcp'?)",
    ]);
    expect(catalogIssues({ ...networkingPersona, services: [mqtt] }, { ...dockerHostPersona, services: [{ ...mqtt, ports: [] }] })).toEqual([
      "persona docker-host: services[0]: service 'mqtt' is defined differently elsewhere in the catalog: one name, one service",
    ]);
  });
});
