/**
 * The names synthesis gives what an environment becomes: its two stacks, and the constructs each
 * stack holds beside the machines (environment stack) or the templates (images stack), which share
 * one construct namespace with them. The stacks use these ids; the name rules keep machine names,
 * template keys and environment names clear of them.
 */

/** The name of an environment's images stack: `lab-images` for `lab`. */
export function imagesStackName(environment: string): string {
  return `${environment}-images`;
}

/** The construct ids every stack of an environment holds, by what they are. */
export const STACK_CONSTRUCT_IDS = {
  "the bpg/proxmox provider": "proxmox",
  "the local provider": "local",
  // cdktf's own id for a stack's backend, whichever backend it is
  "the state backend": "backend",
} as const;

/** The construct ids of the environment stack beside its machines. */
export const ENVIRONMENT_STACK_IDS = { ...STACK_CONSTRUCT_IDS, "the Ansible inventory file": "ansible-inventory" } as const;

/** The construct ids of the images stack beside its templates. */
export const IMAGES_STACK_IDS = { ...STACK_CONSTRUCT_IDS, "the Packer var file": "packer-var-file" } as const;

/**
 * What already holds `name` among `ids` or in every construct scope, or undefined when the name is
 * free. The constructs library keeps a scope's children in a plain object, so a name of
 * `Object.prototype` (`constructor`) is taken in every scope.
 */
export function constructNameHolder(name: string, ids: Readonly<Record<string, string>>): string | undefined {
  const holder = Object.entries(ids).find(([, id]) => id === name)?.[0];
  if (holder) return holder;
  return name in Object.prototype ? "a property every JavaScript object has (the constructs library keys children by name)" : undefined;
}
