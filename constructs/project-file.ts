import type { IConstruct } from "constructs";
import { Construct } from "constructs";
import type { ITerraformDependable } from "cdktf";
import { File } from "@cdktf/provider-local/lib/file";
import { dependencies } from "./normalize";

/**
 * Terraform runs inside `cdktf.out/stacks/<stack>/`; paths of the project tree (written files, local
 * state) are written relative to that directory, so that no absolute path reaches the JSON.
 */
const PROJECT_ROOT_FROM_STACK_DIR = "../../..";

/** The cdktf context key that says where the project root is from a stack's directory, when the out dir is not `<project>/cdktf.out`. */
export const PROJECT_ROOT_CONTEXT = "homelab-cdktf:projectRootFromStackDir";

/** The project root as seen from the directory Terraform runs a stack in: the app's {@link PROJECT_ROOT_CONTEXT}, else `../../..`. */
export function projectRootFromStackDir(scope: IConstruct): string {
  const context: unknown = scope.node.tryGetContext(PROJECT_ROOT_CONTEXT);
  return typeof context === "string" ? context : PROJECT_ROOT_FROM_STACK_DIR;
}

/** Props of {@link ProjectFile}. */
export interface ProjectFileProps {
  /** Path relative to the project root, `/`-separated, e.g. `ansible/inventories/lab/hosts.yml`. */
  readonly path: string;
  /** The whole content, known at synth. */
  readonly content: string;
  /** Resources the file is written after. @default none */
  readonly dependsOn?: readonly ITerraformDependable[];
}

/**
 * A file of the project tree that `cdktf deploy` writes with the hashicorp/local provider, mode
 * 0644. Terraform runs in `cdktf.out/stacks/<stack>/`, so the path is written relative to that
 * directory (`projectRootFromStackDir`): the same on every machine, never absolute.
 */
export class ProjectFile extends Construct {
  /** The L1 `local_file` resource. */
  public readonly resource: File;
  /** The path, relative to the project root. */
  public readonly path: string;
  /** The content. */
  public readonly content: string;

  constructor(scope: Construct, id: string, props: ProjectFileProps) {
    super(scope, id);
    this.path = props.path;
    this.content = props.content;
    this.resource = new File(this, "file", {
      filename: `${projectRootFromStackDir(this)}/${props.path}`,
      content: props.content,
      filePermission: "0644",
      directoryPermission: "0755",
      dependsOn: dependencies(props.dependsOn),
    });
    this.node.defaultChild = this.resource;
    this.node.addValidation({
      validate: () =>
        props.path.startsWith("/") || props.path.split("/").includes("..") ? [`path: ${props.path} must stay inside the project (relative, no '..')`] : [],
    });
  }
}
