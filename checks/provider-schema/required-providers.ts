/** The `terraform.required_providers` entry a configuration using bpg/proxmox needs. */
import { describeValue } from "../../environment/describe-value";
import { asItems, isJsonObject, ownValue, QUOTE } from "./json-value";
import type { Reporter } from "./problem";
import { PROVIDER_ADDRESS, PROVIDER_LOCAL_NAME, PROVIDER_SOURCE } from "./provider-identity";

const ACCEPTED_SOURCES: ReadonlySet<string> = new Set([PROVIDER_SOURCE, PROVIDER_ADDRESS]);
const ENTRY_PATH = `required_providers.${PROVIDER_LOCAL_NAME}`;

/**
 * Checks that the `terraform` section (one object or an array of them) declares
 * `required_providers.proxmox = { source = "bpg/proxmox", version = "…" }`; the source is compared
 * case-insensitively and may be the full `registry.terraform.io/bpg/proxmox`.
 */
export function checkRequiredProviders(terraform: unknown, report: Reporter): void {
  const requirement = asItems(terraform)
    .filter(isJsonObject)
    .flatMap((block) => asItems(block.required_providers))
    .filter(isJsonObject)
    .map((requirements) => ownValue(requirements, PROVIDER_LOCAL_NAME))
    .find((entry) => entry !== undefined);
  if (requirement === undefined) {
    report("error", ENTRY_PATH, `missing: declare ${PROVIDER_LOCAL_NAME} with source "${PROVIDER_SOURCE}" and a version`);
    return;
  }
  if (!isJsonObject(requirement)) {
    report("error", ENTRY_PATH, `object with source "${PROVIDER_SOURCE}" and a version required, got ${describeValue(requirement, QUOTE)}`);
    return;
  }
  const { source, version } = requirement;
  const sourcePath = `${ENTRY_PATH}.source`;
  if (source === undefined) {
    report("error", sourcePath, `source is not set: it must be "${PROVIDER_SOURCE}"`);
  } else if (typeof source !== "string" || !ACCEPTED_SOURCES.has(source.toLowerCase())) {
    report("error", sourcePath, `source must be "${PROVIDER_SOURCE}", got ${describeValue(source, QUOTE)}`);
  }
  if (typeof version !== "string" || version.trim() === "") {
    const got = version === undefined ? "" : `, got ${describeValue(version, QUOTE)}`;
    report("error", `${ENTRY_PATH}.version`, `a version constraint is required${got}`);
  }
}
