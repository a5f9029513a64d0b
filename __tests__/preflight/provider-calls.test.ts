// The privileges the preflight asks a token for, derived from the calls bpg/proxmox makes for an
// environment's resources: every call is one the API schema has (and the simulator answers), and
// the list holds what the issue names (Datastore.AllocateTemplate, Sys.Audit, Sys.Modify for image downloads).
import type { EnvironmentModel } from "../../environment/model";
import { privilegeNeeds, providerCalls } from "../../preflight/provider-calls";
import { loadApiSchema } from "../../simulator/schema/api-schema";
import { PVE_PRIVILEGES } from "../../simulator/schema/permissions";
import { startSimulator } from "../../simulator/server";
import { bundledModels } from "../helpers";

const lab = bundledModels().find((model) => model.name === "lab") as EnvironmentModel;

/** The privileges needed on a path, `A|B` for alternatives. */
function needsOn(path: string): string[] {
  return (privilegeNeeds(lab).get(path) ?? []).flatMap((need) => (need.any ? [need.privileges.join("|")] : need.privileges)).sort();
}

describe("the privileges the provider needs for the lab", () => {
  test("come from calls the API schema has and the simulator answers", async () => {
    const simulator = await startSimulator({ seed: { nodes: [{ name: "pve1", bridges: ["vmbr0"] }], storages: [] } });
    try {
      const schema = loadApiSchema();
      const calls = [...new Set(providerCalls(lab).map((call) => `${call.method} ${call.template}`))].sort();
      expect(calls.filter((call) => !schema.paths[call.split(" ")[1]]?.[call.split(" ")[0] as "GET"])).toEqual([]);
      expect(calls.filter((call) => !simulator.implemented.includes(call))).toEqual([]);
    } finally {
      await simulator.close();
    }
  });

  test("are Sys.Audit and Sys.Modify on / (image downloads, the backup job) and Datastore.AllocateTemplate on the image datastore", () => {
    expect(new Set(needsOn("/"))).toEqual(new Set(["Sys.Audit", "Sys.Modify"]));
    expect(needsOn("/storage/local")).toEqual(["Datastore.Allocate", "Datastore.AllocateTemplate", "Datastore.Audit|Datastore.AllocateSpace"]);
    expect(needsOn("/storage/local-lvm")).toEqual(["Datastore.AllocateSpace"]);
    expect(needsOn("/sdn/zones/localnetwork/vmbr0")).toEqual(["SDN.Use"]);
  });

  test("are per VMID what the machine's kind needs: a clone's, the cross-node clone's migration, a container's, a template's", () => {
    const vm = new Set(needsOn("/vms/2000"));
    expect([...vm].filter((privilege) => !privilege.includes("|"))).toEqual([
      "VM.Allocate",
      "VM.Audit",
      "VM.Config.CDROM",
      "VM.Config.CPU",
      "VM.Config.Cloudinit",
      "VM.Config.Disk",
      "VM.Config.HWType",
      "VM.Config.Memory",
      "VM.Config.Network",
      "VM.Config.Options",
      "VM.PowerMgmt",
    ]);
    expect(needsOn("/vms/2005")).toContain("VM.Migrate");
    expect(needsOn("/vms/2000")).not.toContain("VM.Migrate");
    expect(new Set(needsOn("/vms/2006").filter((privilege) => !privilege.includes("|")))).toEqual(
      new Set(["VM.Allocate", "VM.Audit", "VM.Config.CPU", "VM.Config.Disk", "VM.Config.Memory", "VM.Config.Network", "VM.Config.Options", "VM.PowerMgmt"]),
    );
    expect(needsOn("/vms/2901")).toEqual(["VM.Audit", "VM.Clone"]);
    expect(needsOn("/vms")).toEqual(["VM.Audit"]);
  });

  test("name only privileges Proxmox VE 9 has", () => {
    const named = [...privilegeNeeds(lab).values()].flat().flatMap((need) => need.privileges);
    expect(named.filter((privilege) => !PVE_PRIVILEGES.includes(privilege))).toEqual([]);
  });
});
