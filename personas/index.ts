// Public API: the Persona type, sizes, the stock personas and PersonaMachine (`homelab-cdktf/personas`).
export * from "./machine-lifecycle";
export * from "./persona";
export * from "./persona-catalog";
export * from "./persona-machine";
export * from "./sizes";
export * from "./stock-personas";
