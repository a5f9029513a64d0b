/**
 * `node --import tsx scripts/render-artifacts.ts <outDir>`: writes, for every bundled environment,
 * the files `cdktf deploy` would write (`ansible/inventories/<env>/hosts.yml` and
 * `packer/vars/<env>.pkrvars.json`) under `<outDir>`, from the same render functions the stacks use,
 * so the Ansible and Packer checks need no terraform. Prints one environment name per line.
 * `HOMELAB_ENVIRONMENTS_DIR` renders another directory of environment files (as `npm run synth`).
 */
import * as fs from "fs";
import * as path from "path";
import { inventoryPath, renderInventory } from "../artifacts/inventory";
import { packerVarFilePath, renderPackerVarFile } from "../artifacts/packer-vars";
import { EnvironmentValidationError, formatIssue } from "../environment/issues";
import { loadSelectedEnvironments } from "../main";

const projectRoot = path.resolve(__dirname, "..");

function run(args: readonly string[]): number {
  if (args.length !== 1) {
    console.error("usage: node --import tsx scripts/render-artifacts.ts <outDir>");
    return 1;
  }
  try {
    for (const model of loadSelectedEnvironments(projectRoot)) {
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
    if (!(error instanceof EnvironmentValidationError)) throw error;
    for (const issue of error.issues) console.error(formatIssue(issue));
    return 1;
  }
}

process.exitCode = run(process.argv.slice(2));
