/** What the checks report. */

/** An error fails the check; a warning is only shown. */
export type Severity = "error" | "warning";

/** One finding in one stack. */
export interface Problem {
  /** `error` fails the check, `warning` does not. */
  readonly severity: Severity;
  /** The stack (the directory name under `cdktf.out/stacks`). */
  readonly stack: string;
  /**
   * The Terraform address: `proxmox_virtual_environment_vm.lab-dns-1`, `data.<type>.<name>`,
   * `provider.proxmox` (`provider.proxmox.<alias>`), `terraform`, or `cdk.tf.json` for the file itself.
   */
  readonly address: string;
  /** The attribute path inside the block, e.g. `initialization[0].ip_config[0].ipv4[0].address`; `""` for the block itself. */
  readonly path: string;
  /** The broken rule. */
  readonly message: string;
}

/** Receives the problems found at `path` inside one block (the stack and address are bound by the caller). */
export type Reporter = (severity: Severity, path: string, message: string) => void;

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Orders problems by stack, address, path, severity (errors first), then message, independent of locale. */
export function compareProblems(a: Problem, b: Problem): number {
  return (
    compareText(a.stack, b.stack) ||
    compareText(a.address, b.address) ||
    compareText(a.path, b.path) ||
    compareText(a.severity, b.severity) ||
    compareText(a.message, b.message)
  );
}
