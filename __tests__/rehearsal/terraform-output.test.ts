import { errorMessages } from "../../rehearsal/terraform-output";

describe("errorMessages (what a failed cdktf run said)", () => {
  test("takes Terraform's error blocks, without cdktf-cli's stack label and the box drawing", () => {
    const output = ["lab  ╷", "lab  │ Error: creating VM 2006", "lab  │ ", "lab  │   with proxmox_virtual_environment_vm.lab-ca-2,", "lab  ╵"].join("\n");
    expect(errorMessages(output)).toEqual(["creating VM 2006 with proxmox_virtual_environment_vm.lab-ca-2,"]);
  });

  test("takes the app's problems when synth failed (cdktf-cli's own `Error:` is not taken for a stack label)", () => {
    const output = [
      "ERROR: cdktf encountered an error while synthesizing",
      "",
      "Synth command: node synth/run-app.js",
      "Error:         non-zero exit code 1",
      "",
      "Command output on stderr:",
      "",
      "    environments/lab.yaml:23:3: network.vlan: must be at most 4094",
      "    1 problem found; nothing was synthesized.",
    ].join("\n");
    expect(errorMessages(output)).toEqual([
      "non-zero exit code 1 Command output on stderr: environments/lab.yaml:23:3: network.vlan: must be at most 4094 1 problem found; nothing was synthesized.",
    ]);
  });
});
