/** Checking one synthesized cdktf stack (`cdk.tf.json`) against the provider schema. */
import { describeValue } from "../../environment/describe-value";
import { didYouMean } from "../../environment/did-you-mean";
import { checkBody, PROVIDER_BODY, RESOURCE_BODY } from "./check-body";
import { isJsonObject, ownValue, QUOTE } from "./json-value";
import { compareProblems, type Problem, type Reporter } from "./problem";
import { PROVIDER_LOCAL_NAME, PROVIDER_TYPE_PREFIX } from "./provider-identity";
import { checkRequiredProviders } from "./required-providers";
import type { ProviderSchema, SchemaEntity } from "./schema-types";
import { labelledBodies, type MalformedHandler } from "./stack-blocks";

/** The address of problems about the document as a whole. */
export const DOCUMENT_ADDRESS = "cdk.tf.json";

/** What checking one stack found. */
export interface StackCheckResult {
  /** The problems, sorted with {@link compareProblems}. */
  readonly problems: Problem[];
  /** How many bpg/proxmox resources were checked. */
  readonly resources: number;
  /** How many bpg/proxmox data sources were checked. */
  readonly dataSources: number;
}

interface Section {
  readonly key: "resource" | "data";
  readonly addressPrefix: string;
  readonly noun: string;
  readonly schemas: (schema: ProviderSchema) => Readonly<Record<string, SchemaEntity>>;
}

const SECTIONS: readonly Section[] = [
  { key: "resource", addressPrefix: "", noun: "resource type", schemas: (schema) => schema.resource_schemas },
  { key: "data", addressPrefix: "data.", noun: "data source type", schemas: (schema) => schema.data_source_schemas },
];

/**
 * ` (use "proxmox_x")` when a deprecated `proxmox_virtual_environment_x` has a non-deprecated
 * successor under the provider's shorter names.
 */
function successorHint(type: string, known: Readonly<Record<string, SchemaEntity>>): string {
  const successor = type.replace(/^proxmox_virtual_environment_/, PROVIDER_TYPE_PREFIX);
  const entity = successor === type ? undefined : ownValue(known, successor);
  return entity === undefined || entity.block.deprecated ? "" : ` (use "${successor}")`;
}

function checkTyped(type: string, body: unknown, section: Section, schema: ProviderSchema, report: Reporter): void {
  const known = section.schemas(schema);
  const entity = ownValue(known, type);
  if (entity === undefined) {
    report("error", "", `unknown ${section.noun} "${type}"${didYouMean(type, Object.keys(known), QUOTE)}`);
    return;
  }
  if (entity.block.deprecated) report("warning", "", `${section.noun} "${type}" is deprecated${successorHint(type, known)}`);
  checkBody(body, entity.block, "", report, RESOURCE_BODY);
}

function providerAddress(body: unknown): string {
  const alias = isJsonObject(body) ? body.alias : undefined;
  return typeof alias === "string" ? `provider.${PROVIDER_LOCAL_NAME}.${alias}` : `provider.${PROVIDER_LOCAL_NAME}`;
}

/**
 * Checks one `cdk.tf.json` document: every bpg/proxmox resource, data source and provider
 * configuration against the schema, and `terraform.required_providers` when any of them is present.
 * Blocks of other providers (`local_file`, `terraform_data`, …) are skipped.
 */
export function checkStack(stack: string, doc: unknown, schema: ProviderSchema): StackCheckResult {
  const problems: Problem[] = [];
  const reporterFor =
    (address: string): Reporter =>
    (severity, path, message) =>
      problems.push({ severity, stack, address, path, message });
  const malformed =
    (section: string): MalformedHandler =>
    (labels, value) =>
      reporterFor([section, ...labels].join("."))("error", "", `object required, got ${describeValue(value, QUOTE)}`);

  if (!isJsonObject(doc)) {
    reporterFor(DOCUMENT_ADDRESS)("error", "", `a Terraform JSON document must be an object, got ${describeValue(doc, QUOTE)}`);
    return { problems, resources: 0, dataSources: 0 };
  }
  const counts = { resource: 0, data: 0, provider: 0 };
  for (const section of SECTIONS) {
    for (const { labels, body } of labelledBodies(doc[section.key], 2, malformed(section.key))) {
      const [type, name] = labels;
      if (!type.startsWith(PROVIDER_TYPE_PREFIX)) continue;
      counts[section.key]++;
      checkTyped(type, body, section, schema, reporterFor(`${section.addressPrefix}${type}.${name}`));
    }
  }
  for (const { labels, body } of labelledBodies(doc.provider, 1, malformed("provider"))) {
    if (labels[0] !== PROVIDER_LOCAL_NAME) continue;
    counts.provider++;
    checkBody(body, schema.provider.block, "", reporterFor(providerAddress(body)), PROVIDER_BODY);
  }
  if (counts.resource + counts.data + counts.provider > 0) checkRequiredProviders(doc.terraform, reporterFor("terraform"));
  problems.sort(compareProblems);
  return { problems, resources: counts.resource, dataSources: counts.data };
}
