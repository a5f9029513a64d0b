import * as path from "path";
import { App, Testing } from "cdktf";
import { loadEnvironmentDirectory } from "../../stacks/load-environments";
import { EnvironmentModel } from "../../stacks/environment-model";
import { EnvironmentInput } from "../../stacks/environment-schema";
import { defineEnvironment } from "../../stacks/load-environments";
import { EnvironmentStack } from "../../stacks/environment-stack";

/** The repository root, for loading the bundled environments. */
export const PROJECT_ROOT = path.resolve(__dirname, "..", "..");

/** The bundled example environments, validated and resolved. */
export function bundledEnvironments(): EnvironmentModel[] {
  return loadEnvironmentDirectory(path.join(PROJECT_ROOT, "environments"), { root: PROJECT_ROOT });
}

/** A small valid environment document; tests override parts of it. */
export function minimalEnvironment(overrides: Partial<EnvironmentInput> = {}): EnvironmentInput {
  return {
    proxmox: { endpoint: "https://pve.test:8006/", nodes: [{ name: "pve1" }] },
    network: { cidr: "10.9.0.0/24", gateway: "10.9.0.1", dnsServers: ["10.9.0.53"], domain: "test.home.arpa", vlan: 90 },
    vmids: { start: 500, end: 599 },
    templates: {
      "debian-12": { name: "tmpl-debian-12-v1", vmid: 590, image: { url: "https://example.test/debian.qcow2" } },
      "ubuntu-2404": { name: "tmpl-ubuntu-2404-v1", vmid: 591, image: { url: "https://example.test/ubuntu.img" } },
    },
    access: { user: "ops", sshKeys: ["ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIKYJaog7vgWzLYIK/qgqjqMH6QfkvOq8H1T6vJIXTz2X ops@test"] },
    machines: [
      { name: "dns-1", persona: "networking", ip: "10.9.0.53" },
      { name: "ca-1", persona: "certificate-authority", ip: "10.9.0.54" },
      { name: "docker-1", persona: "docker-host", ip: "10.9.0.101" },
    ],
    ...overrides,
  };
}

/** Synthesizes one environment stack and returns its Terraform JSON as a string (for cdktf's matchers). */
export function synthEnvironment(model: EnvironmentModel): string {
  const app: App = Testing.app();
  const stack = new EnvironmentStack(app, model.name, { model });
  return Testing.synth(stack);
}

/** Synthesizes one environment stack and returns its Terraform JSON parsed. */
export function synthEnvironmentJson(input: EnvironmentInput, name = "test"): TerraformJson {
  return JSON.parse(synthEnvironment(defineEnvironment(name, input))) as TerraformJson;
}

/** The parts of a synthesized stack the tests read. */
export interface TerraformJson {
  terraform: { backend: Record<string, Record<string, unknown>>; required_providers: Record<string, { source: string; version: string }> };
  provider: Record<string, Record<string, unknown>[]>;
  resource: Record<string, Record<string, Record<string, unknown>>>;
}
