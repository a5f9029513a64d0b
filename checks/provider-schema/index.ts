/** Offline check of synthesized Terraform JSON against the vendored bpg/proxmox provider schema. */
export { checkValue } from "./check-value";
export { formatProblem, formatSummary } from "./format";
export { loadProviderSchema } from "./load-schema";
export { compareProblems, type Problem, type Severity } from "./problem";
export type { CtyType } from "./schema-types";
export { checkSynthOutput, DEFAULT_OUT_DIR, SynthOutputError } from "./synth-output";
export { checkStack } from "./validate-stack";
