import { Testing } from "cdktf";
import type { EnvironmentInput, Persona, PersonaCatalog } from "homelab-cdktf";
import { addEnvironmentStacks, EnvironmentValidationError, formatIssue, loadEnvironments, personaCatalog, SIZES, STOCK_PERSONAS } from "homelab-cdktf";
import { HOME_SOURCE, homeEnvironment, homeInput } from "../home-environment";
import { homeAssistantPersona, homePersonas, mediaServerPersona } from "../home-personas";

/** The Terraform JSON of the `home` environment stack. */
function synthHome(): { resource: Record<string, Record<string, any>> } {
  const [stack] = addEnvironmentStacks(Testing.app(), [homeEnvironment()]);
  return JSON.parse(Testing.synth(stack));
}

/** The `file: path: rule` lines an environment (and its personas) is rejected with. */
function rejection(input: EnvironmentInput, personas: PersonaCatalog = homePersonas): string[] {
  try {
    homeEnvironment(input, personas);
  } catch (error) {
    if (error instanceof EnvironmentValidationError) return error.issues.map(formatIssue);
    throw error;
  }
  throw new Error("the environment was accepted");
}

/** The lines the library rejects the same environment with when it comes from a YAML file (JSON is YAML). */
function rejectionAsFile(input: EnvironmentInput, personas: PersonaCatalog = homePersonas): string[] {
  try {
    loadEnvironments([{ file: "home.yaml", text: JSON.stringify(input) }], personas);
  } catch (error) {
    if (error instanceof EnvironmentValidationError) return error.issues.map(formatIssue);
    throw error;
  }
  throw new Error("the environment file was accepted");
}

describe("the home environment, built from the packed homelab-cdktf", () => {
  const vms = synthHome().resource.proxmox_virtual_environment_vm;

  test("every machine becomes a VM named after it", () => {
    expect(Object.keys(vms).sort()).toEqual(homeInput.machines.map((machine) => machine.name).sort());
    expect(vms.media.name).toBe("media");
  });

  test("the extended persona keeps the stock docker host's disks, tags and groups and adds its own", () => {
    const xlarge = SIZES.xlarge;
    expect(vms.media.cpu).toMatchObject({ cores: xlarge.cores });
    expect(vms.media.memory).toMatchObject({ dedicated: xlarge.memoryMiB });
    expect(vms.media.disk.map((disk: { size: number; datastore_id: string }) => [disk.size, disk.datastore_id])).toEqual([
      [xlarge.bootDiskGiB, "local-zfs"],
      [100, "local-zfs"],
      [2048, "tank"],
    ]);
    expect(vms.media.tags).toEqual(["apps", "docker", "env-home", "media", "persona-media-server"]);
  });

  test("stateful personas, stock or custom, are protected from a destroy", () => {
    for (const name of ["hass", "media", "ca"]) {
      expect(vms[name]).toMatchObject({ protection: true, lifecycle: { prevent_destroy: true } });
    }
    expect(vms.dns.protection).toBe(false);
  });

  test("a custom persona is created after the personas it depends on", () => {
    expect(vms.hass.depends_on).toEqual(["proxmox_virtual_environment_vm.dns", "proxmox_virtual_environment_vm.ntp"]);
    expect(vms.media.depends_on).toEqual(expect.arrayContaining(["proxmox_virtual_environment_vm.metrics", "proxmox_virtual_environment_vm.ca"]));
  });

  test("the custom personas reach the Ansible inventory with their host vars", () => {
    const [stack] = addEnvironmentStacks(Testing.app(), [homeEnvironment()]);
    expect(stack.inventory.content).toContain("persona_home_assistant:");
    expect(stack.inventory.content).toContain("transcoding: vaapi");
    // its own services get groups for its plays and open their ports
    expect(stack.inventory.content).toContain("svc_home_assistant:");
    expect(stack.inventory.content).toContain("- port: 8123");
  });
});

describe("validation of this repository's environments and personas", () => {
  test("a wrong environment gets file: path: rule lines naming the TypeScript source", () => {
    const input: EnvironmentInput = {
      ...homeInput,
      machines: [...homeInput.machines, { name: "cams", persona: "home-asistant", ip: "192.168.41.9" }],
    };
    const lines = rejection(input);
    expect(lines).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^home-environment\.ts: machines\[6\]\.persona: unknown persona 'home-asistant'.*did you mean 'home-assistant'/),
        expect.stringMatching(/^home-environment\.ts: machines\[6\]\.ip: .*192\.168\.41\.9.*192\.168\.40\.0\/24/),
      ]),
    );
  });

  test.each([
    ["a size that does not exist", { size: "huge" as Persona["size"] }, /^persona media-server: size: must be one of small, medium, large, xlarge$/],
    [
      "a dependency on a persona that does not exist",
      { dependsOn: ["monitorring"] },
      /^persona media-server: dependsOn\[0\]: unknown persona 'monitorring'.*did you mean 'monitoring'/,
    ],
  ])("a custom persona with %s is reported on the persona, by name and field", (_, change, line) => {
    const broken: Persona = { ...mediaServerPersona, ...change };
    expect(rejection(homeInput, personaCatalog(...STOCK_PERSONAS, homeAssistantPersona, broken))).toEqual([expect.stringMatching(line)]);
  });

  test("the errors are the ones the library gives for the same environment in a file", () => {
    const tv = { name: "tv", persona: "media-server", ip: "192.168.40.300", size: "huge", vmId: 4010 };
    const input = { ...homeInput, machines: [...homeInput.machines, tv] } as unknown as EnvironmentInput;
    const lines = rejection(input);
    // the same lines, but for the line and column a file has and a declaration in code does not
    expect(lines).toEqual(rejectionAsFile(input).map((line) => line.replace(/^home\.yaml(:\d+:\d+)?: /, `${HOME_SOURCE}: `)));
    expect(lines).toEqual(
      expect.arrayContaining([
        "home-environment.ts: machines[6].ip: must be an IPv4 address such as 10.2.20.53",
        expect.stringMatching(/^home-environment\.ts: machines\[6\]\.size: /),
        expect.stringMatching(/^home-environment\.ts: machines\[6\]\.vmId: unknown key 'vmId'.*did you mean 'vmid'/),
      ]),
    );
  });
});
