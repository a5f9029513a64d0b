// Public API of homelab-cdktf: everything `homelab-cdktf/constructs`, `/personas` and `/stacks` export.
export * from "./constructs";
export * from "./personas";
export * from "./stacks";
