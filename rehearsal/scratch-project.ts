import * as fs from "fs";
import * as path from "path";
import * as yaml from "js-yaml";
import { registryFileName } from "../environment/registry/machine-registry";

/** A throwaway project directory that `cdktf` runs in instead of the user's checkout. */
export interface ScratchProject {
  /** The directory: `cdktf.json`, `environments/<env>.yaml`, and everything a deploy writes (state, `cdktf.out/`, `ansible/`, `packer/vars/`). */
  readonly dir: string;
  /** Its environment directory (`HOMELAB_ENVIRONMENTS_DIR`), with the copy of the environment file and of its registry. */
  readonly environmentsDir: string;
  /** The environment's name (its file name). */
  readonly environment: string;
  /** What was changed in the copy of the environment file, one line each, for the report. */
  readonly rewrites: readonly string[];
}

/** How the copy of the environment file is pointed at the simulator. */
export interface ScratchProjectOptions {
  /** The project checkout (its `synth/run-app.js` is the app). */
  readonly projectRoot: string;
  /** The user's environment file. */
  readonly environmentFile: string;
  /** The simulator's endpoint (`https://127.0.0.1:<port>/`). */
  readonly endpoint: string;
  /** The SSH user the harness's sshd lets in. */
  readonly sshUser: string;
  /** Where to create the project (must not exist or be empty). */
  readonly dir: string;
}

interface EnvironmentDocument {
  proxmox?: { endpoint?: string; sshUser?: string };
  backend?: { type?: string; path?: string };
  templates?: Record<string, { image?: { checksum?: string } }>;
  composeStackDirs?: string[];
}

/**
 * Copies an environment file into a scratch project, pointed at the simulator: the endpoint, the
 * SSH user (the one the harness's sshd lets in), a local state backend inside the scratch project
 * (never the user's pg/s3 state), and no image checksums (the loopback image server serves a
 * stand-in image, not the real one). Everything else, machines, templates and URLs included, is
 * what the user wrote, and the environment's machine registry (`<env>.lock.yaml`) is copied as
 * it is, so the rehearsal deploys the JSON the user would deploy.
 */
export function createScratchProject(options: ScratchProjectOptions): ScratchProject {
  const environment = path.basename(options.environmentFile).replace(/\.ya?ml$/, "");
  const document = yaml.load(fs.readFileSync(options.environmentFile, "utf8")) as EnvironmentDocument;
  const rewrites: string[] = [];
  if (document?.proxmox) {
    rewrites.push(`proxmox.endpoint: ${document.proxmox.endpoint} -> ${options.endpoint}`);
    document.proxmox.endpoint = options.endpoint;
    if (document.proxmox.sshUser !== options.sshUser) rewrites.push(`proxmox.sshUser: ${document.proxmox.sshUser ?? "(default root)"} -> ${options.sshUser}`);
    document.proxmox.sshUser = options.sshUser;
  }
  if (document && document.backend?.type !== "local") {
    rewrites.push(`backend: ${document.backend?.type ?? "(default)"} -> local state in the scratch project`);
    document.backend = { type: "local" };
  } else if (document?.backend?.path) {
    rewrites.push(`backend.path: ${document.backend.path} -> default (inside the scratch project)`);
    delete document.backend.path;
  }
  for (const [key, template] of Object.entries(document?.templates ?? {})) {
    if (template.image?.checksum) {
      rewrites.push(`templates.${key}.image.checksum: dropped (the stand-in image has another checksum)`);
      delete template.image.checksum;
    }
  }
  fs.mkdirSync(options.dir, { recursive: true });
  if (fs.readdirSync(options.dir).length > 0) throw new Error(`scratch directory ${options.dir} is not empty`);
  const environmentsDir = path.join(options.dir, "environments");
  fs.mkdirSync(environmentsDir);
  fs.writeFileSync(path.join(environmentsDir, `${environment}.yaml`), yaml.dump(document, { lineWidth: -1 }));
  // the machine registry comes along unchanged: the rehearsal hands out the VMIDs a real deploy would
  const registry = path.join(path.dirname(options.environmentFile), registryFileName(environment));
  if (fs.existsSync(registry)) fs.copyFileSync(registry, path.join(environmentsDir, registryFileName(environment)));
  // the Compose stacks the environment's apps name, where synth looks for them: linked, read only
  for (const folder of ["ansible/compose", ...(document?.composeStackDirs ?? [])]) {
    const source = path.resolve(options.projectRoot, folder);
    const target = path.resolve(options.dir, folder);
    if (!target.startsWith(`${options.dir}${path.sep}`) || !fs.existsSync(source)) continue; // a folder outside the project is not linked: synth then says it is missing
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.symlinkSync(source, target);
  }
  const cdktfJson = JSON.parse(fs.readFileSync(path.join(options.projectRoot, "cdktf.json"), "utf8")) as Record<string, unknown>;
  cdktfJson.app = `node ${JSON.stringify(path.join(options.projectRoot, "synth", "run-app.js"))}`;
  cdktfJson.output = "cdktf.out";
  // the bindings the app imports live in the checkout (`cdktf synth` checks for them)
  cdktfJson.codeMakerOutput = path.join(options.projectRoot, String(cdktfJson.codeMakerOutput ?? ".gen"));
  fs.writeFileSync(path.join(options.dir, "cdktf.json"), `${JSON.stringify(cdktfJson, null, 2)}\n`);
  return { dir: options.dir, environmentsDir, environment, rewrites };
}
