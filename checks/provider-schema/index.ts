/** Offline check of synthesized Terraform JSON against the vendored bpg/proxmox provider schema. */
export { checkBody, PROVIDER_BODY, RESOURCE_BODY, type BodyRules } from "./check-body";
export { checkValue } from "./check-value";
export { formatProblem, formatSummary } from "./format";
export { DEFAULT_SCHEMA_PATH, loadProviderSchema } from "./load-schema";
export { compareProblems, type Problem, type Reporter, type Severity } from "./problem";
export { PROVIDER_ADDRESS, PROVIDER_LOCAL_NAME, PROVIDER_SOURCE, PROVIDER_TYPE_PREFIX } from "./provider-identity";
export type { CtyPrimitiveType, CtyType, ProviderSchema, SchemaAttribute, SchemaBlock, SchemaBlockType, SchemaEntity, SchemaNestedType } from "./schema-types";
export { checkSynthOutput, DEFAULT_OUT_DIR, SynthOutputError, validateSynthOutput, type SynthCheckResult } from "./synth-output";
export { checkStack, DOCUMENT_ADDRESS, validateStack, type StackCheckResult } from "./validate-stack";
