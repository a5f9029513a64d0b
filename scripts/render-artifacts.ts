/**
 * `node --import tsx scripts/render-artifacts.ts <outDir>`: writes, for every environment, the
 * files `cdktf deploy` would write (`ansible/inventories/<env>/hosts.yml` and
 * `packer/vars/<env>.pkrvars.json`) under `<outDir>` (relative to the current directory), from the
 * same render functions the stacks use, so the Ansible and Packer checks need no terraform. Prints
 * one environment name per line. Reads the environments `npm run synth` reads: the bundled ones,
 * or `HOMELAB_ENVIRONMENTS_DIR` (relative to the shell's directory); problems are reported as synth
 * reports them, and nothing is written.
 */
import * as fs from "fs";
import * as path from "path";
import { inventoryPath, renderInventory } from "../artifacts/inventory";
import { packerVarFilePath, renderPackerVarFile } from "../artifacts/packer-vars";
import { problemLines, projectEnvironments } from "../main";

const projectRoot = path.resolve(__dirname, "..");

function run(args: readonly string[]): number {
  if (args.length !== 1) {
    console.error("usage: node --import tsx scripts/render-artifacts.ts <outDir>");
    return 1;
  }
  try {
    const models = projectEnvironments(projectRoot);
    for (const model of models) {
      for (const [file, content] of [
        [inventoryPath(model.name), renderInventory(model)],
        [packerVarFilePath(model.name), renderPackerVarFile(model)],
      ]) {
        const target = path.join(args[0], file);
        fs.mkdirSync(path.dirname(target), { recursive: true });
        fs.writeFileSync(target, content);
      }
      console.log(model.name);
    }
    return 0;
  } catch (error) {
    const lines = problemLines(error, "nothing was written");
    if (!lines) throw error;
    for (const line of lines) console.error(line);
    return 1;
  }
}

process.exitCode = run(process.argv.slice(2));
