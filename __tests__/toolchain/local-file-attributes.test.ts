import { App, TerraformStack, Testing } from "cdktf";
import { ProjectFile } from "../../constructs/project-file";
import { LOCAL_FILE_ATTRIBUTES_USED } from "../../toolchain/tools";

// `npm run tools` validates exactly LOCAL_FILE_ATTRIBUTES_USED against the built hashicorp/local:
// the list must be what our local_file resources really set.
it("lists the local_file attributes that ProjectFile sets", () => {
  const stack = new TerraformStack(Testing.app() as App, "stack");
  new ProjectFile(stack, "file", { path: "ansible/inventories/x/hosts.yml", content: "x" });
  const synthesized = JSON.parse(Testing.synth(stack)) as { resource: { local_file: Record<string, Record<string, unknown>> } };
  const [file] = Object.values(synthesized.resource.local_file);
  expect(Object.keys(file).filter((key) => key !== "//" && key !== "depends_on").sort()).toEqual([...LOCAL_FILE_ATTRIBUTES_USED]);
});
