import type { BackendPlan, EnvironmentModel } from "./model";
import { imagesStackName } from "./stack-names";

/** Where one stack keeps its Terraform state (credentials aside: they come from the process environment). */
export type StateLocation =
  | { readonly type: "local"; readonly path: string }
  | { readonly type: "pg"; readonly schemaName: string }
  | { readonly type: "s3"; readonly bucket: string; readonly key: string; readonly region: string; readonly endpoint?: string };

/** `state/lab.tfstate` -> `state/lab-images.tfstate`; `lab` -> `lab-images`: the suffix goes before a `.tfstate` extension. */
function withSuffix(name: string, suffix: string): string {
  return name.endsWith(".tfstate") ? `${name.slice(0, -".tfstate".length)}${suffix}.tfstate` : `${name}${suffix}`;
}

/**
 * Where a stack of an environment keeps its state: every stack its own. Without a location in the
 * file each stack's comes from its name (`terraform.<stack>.tfstate`, schema `homelab_<stack>`,
 * key `homelab/<stack>.tfstate`); a location written in the file (`backend.path`, `schemaName`,
 * `key`) is the environment stack's, and the images stack's is derived from it
 * (`state/lab.tfstate` -> `state/lab-images.tfstate`, `homelab_lab` -> `homelab_lab_images`).
 */
export function stateLocation(backend: BackendPlan, environment: string, stack: string): StateLocation {
  const suffix = stack.slice(environment.length);
  switch (backend.type) {
    case "local":
      return { type: "local", path: backend.path === undefined ? `terraform.${stack}.tfstate` : withSuffix(backend.path, suffix) };
    case "pg":
      return {
        type: "pg",
        schemaName: backend.schemaName === undefined ? `homelab_${stack.replace(/-/g, "_")}` : `${backend.schemaName}${suffix.replace(/-/g, "_")}`,
      };
    case "s3":
      return {
        type: "s3",
        bucket: backend.bucket,
        key: backend.key === undefined ? `homelab/${stack}.tfstate` : withSuffix(backend.key, suffix),
        region: backend.region,
        endpoint: backend.endpoint,
      };
  }
}

/** The stacks of an environment, the environment stack first, with where each keeps its state. */
export function stackStateLocations(model: Pick<EnvironmentModel, "name" | "backend">): { readonly stack: string; readonly location: StateLocation }[] {
  return [model.name, imagesStackName(model.name)].map((stack) => ({ stack, location: stateLocation(model.backend, model.name, stack) }));
}

/** A text that is equal for two locations exactly when the two stacks would share one state. */
export function stateIdentity(location: StateLocation): string {
  switch (location.type) {
    case "local":
      return `local:${location.path.replace(/\/\.\//g, "/").replace(/^\.\//, "")}`;
    case "pg":
      return `pg:${location.schemaName}`;
    case "s3":
      return `s3:${location.endpoint ?? "aws"}:${location.bucket}:${location.key}`;
  }
}
