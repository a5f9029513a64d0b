// The safety net itself: a value in the synthesized JSON that Proxmox VE's API schema rejects must
// fail the run and be named, parameter and PVE message, by the check every scenario applies.
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as yaml from "js-yaml";
import { Rehearsal } from "../rehearsal/rehearsal";
import { errorMessages } from "../rehearsal/terraform-output";
import { describeRejected } from "../rehearsal/report";
import { expectNoRejectedRequests, expectStepOk, PROJECT_ROOT } from "./helpers";

let rehearsal: Rehearsal;
let workDir: string;

beforeAll(async () => {
  // the lab with one machine, its golden templates seeded (no images stack needed)
  workDir = fs.mkdtempSync(path.join(os.tmpdir(), "e2e-schema-"));
  const lab = yaml.load(fs.readFileSync(path.join(PROJECT_ROOT, "environments", "lab.yaml"), "utf8")) as { machines: { name: string }[]; apps?: unknown };
  lab.machines = lab.machines.filter((machine) => machine.name === "lab-dns-1");
  delete lab.apps; // their docker hosts are gone
  const environmentFile = path.join(workDir, "lab.yaml");
  fs.writeFileSync(environmentFile, yaml.dump(lab));
  rehearsal = await Rehearsal.open({ projectRoot: PROJECT_ROOT, environmentFile, seedTemplates: true, dir: path.join(workDir, "rehearsal") });
});

afterAll(async () => {
  await rehearsal?.close();
  fs.rmSync(workDir, { recursive: true, force: true });
});

test("a tag Proxmox VE refuses, written into the JSON, fails the deploy and is named by the schema check", async () => {
  expectStepOk(await rehearsal.cdktf("cdktf synth", ["synth"]));
  const stackFile = path.join(rehearsal.project.dir, "cdktf.out", "stacks", "lab", "cdk.tf.json");
  const stack = JSON.parse(fs.readFileSync(stackFile, "utf8"));
  stack.resource.proxmox_virtual_environment_vm["lab-dns-1"].tags = ["env-lab", "not a valid tag!"];
  fs.writeFileSync(stackFile, JSON.stringify(stack, null, 2));

  const deploy = await rehearsal.cdktf("cdktf deploy lab (tampered JSON)", ["deploy", "lab", "--auto-approve", "--skip-synth"]);
  expect(deploy.ok).toBe(false);
  expect(describeRejected(deploy.requests)).toEqual([
    expect.stringMatching(/^PUT \/nodes\/pve1\/qemu\/2000\/config -> 400 tags: invalid format - invalid characters in tag$/),
  ]);
  expect(() => expectNoRejectedRequests(deploy)).toThrow(/refused 1 call.*tags: invalid format/s);
  expect(errorMessages(deploy.run?.terraformOutput ?? "").join("\n")).toMatch(
    /Parameter verification failed\. \(tags: invalid format - invalid characters in tag\)/,
  );
});
