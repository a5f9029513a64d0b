/**
 * The binaries the Ansible roles copy to hosts (step-ca, the Compose v2 plugin), built from their
 * pinned wrapper modules into the tools cache and linked at `.tools/hosts/<name>`, where site.yml
 * takes them from.
 */
import { execFileSync } from "child_process";
import * as path from "path";
import type { BuiltTool } from "./go-build";
import { buildGoTool } from "./go-build";
import { relink, TOOLS_DIR_NAME } from "./provider-mirror";
import type { HostTool } from "./tools";
import { pinnedModuleVersion } from "./tools";

/** Where the links are, relative to the project root. */
const HOST_TOOLS_LINK_DIR = path.join(TOOLS_DIR_NAME, "hosts");

/**
 * Builds `tool` once, checks that the binary answers `version` with the pinned version, and links it
 * at `.tools/hosts/<name>`; `builtFrom` is `module@version`.
 */
export function buildHostTool(projectRoot: string, tool: HostTool): BuiltTool & { readonly builtFrom: string } {
  const version = pinnedModuleVersion(tool.wrapper, tool.module);
  const result = buildGoTool(tool.wrapper, tool.mainPackage, tool.name, version, tool.name, [tool.versionFlag(version)]);
  const reported = execFileSync(result.binary, ["version"], { encoding: "utf8", timeout: 30_000 });
  if (!reported.includes(version.replace(/^v/, ""))) throw new Error(`${result.binary} version says '${reported.trim()}', not ${version}`);
  relink(result.binary, path.join(projectRoot, HOST_TOOLS_LINK_DIR, tool.name));
  return { ...result, builtFrom: `${tool.module}@${version}` };
}
