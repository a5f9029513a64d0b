/** Finding labelled block bodies (`resource.<type>.<name>`, `provider.<name>`) in a Terraform JSON document. */
import { asItems, entriesOf, isJsonObject } from "./json-value";

/** A block body with its labels, e.g. `["proxmox_virtual_environment_vm", "lab-dns-1"]`. */
export interface LabelledBody {
  /** The labels, outermost first. */
  readonly labels: readonly string[];
  /** The body as written (normally an object). */
  readonly body: unknown;
}

/** Called for a value that should hold labels (an object) but does not. */
export type MalformedHandler = (labels: readonly string[], value: unknown) => void;

/**
 * The bodies `depth` label levels below `section` (2 for `resource`/`data`, 1 for `provider`). At
 * every level Terraform JSON accepts one object or an array of objects, so cdktf's
 * `"provider": {"proxmox": [{…}]}` gives one body per array element.
 */
export function labelledBodies(section: unknown, depth: number, onMalformed: MalformedHandler): LabelledBody[] {
  const found: LabelledBody[] = [];
  const walk = (value: unknown, labels: readonly string[]): void => {
    for (const item of asItems(value)) {
      if (labels.length === depth) found.push({ labels, body: item });
      else if (isJsonObject(item)) for (const [key, child] of entriesOf(item)) walk(child, [...labels, key]);
      else onMalformed(labels, item);
    }
  };
  if (section !== undefined) walk(section, []);
  return found;
}
