// Public API: environment schema, loading and validation, the model, the stacks, synthesis (`homelab-cdktf/stacks`).
export * from "./environment-model";
export * from "./environment-schema";
export * from "./environment-stack";
export * from "./images-stack";
export * from "./load-environments";
export * from "./parallel-synth";
export * from "./parse-environment";
export * from "./proxmox-provider";
export * from "./stack-setup";
export * from "./state-backend";
export * from "./synthesize";
export * from "./validation-issue";
export * from "./validation/fleet-rule";
export * from "./validation/validate-fleet";
