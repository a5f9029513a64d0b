import * as fs from "fs";
import * as path from "path";
import type { EnvironmentModel } from "../model";
import { registryFileName } from "../registry/machine-registry";
import { describeRegistryChange } from "../registry/registry-diff";
import { renderRegistry } from "../registry/render-registry";
import type { RegistrySource } from "./registry-file";
import { parseRegistry } from "./registry-file";

/** A registry file whose text differs from what the model says it must be. */
export interface RegistryWrite {
  /** Where it is written. */
  readonly path: string;
  /** The file as messages name it (`environments/lab.lock.yaml`). */
  readonly label: string;
  /** The new text. */
  readonly text: string;
  /** What changes, in a few words. */
  readonly summary: string;
}

/**
 * The registry files of `models` in `directory` (`<env>.lock.yaml`) whose committed text
 * (`committed`, as the load read it) is not what the models say, labelled relative to `root` as
 * the environment files are. Nothing is read or written.
 */
export function pendingRegistryWrites(
  models: readonly EnvironmentModel[],
  directory: string,
  root: string,
  committed: readonly RegistrySource[],
): RegistryWrite[] {
  return models.flatMap((model) => {
    const file = path.join(directory, registryFileName(model.name));
    const label = path.relative(root, file).split(path.sep).join("/");
    const text = renderRegistry(model.registry, model.name, model.file);
    const existing = committed.find((source) => source.environment === model.name)?.text;
    if (existing === text) return [];
    const previous = existing === undefined ? undefined : parseRegistry({ environment: model.name, file: label, text: existing }).registry;
    return [{ path: file, label, text, summary: describeRegistryChange(previous, model.registry) }];
  });
}

/** Writes each registry through a temporary file and a rename: a reader never sees half a file, and a crash leaves the old one. */
export function writeRegistries(writes: readonly RegistryWrite[]): void {
  for (const write of writes) {
    const temporary = `${write.path}.${process.pid}.tmp`;
    fs.writeFileSync(temporary, write.text);
    fs.renameSync(temporary, write.path);
  }
}
