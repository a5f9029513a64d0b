/**
 * The Docker Compose stacks that exist, as the app catalogue's and `composeStacks`' checks see them.
 * The loader is given a catalog ({@link ComposeStackCatalog}); `environment/load/compose-stacks.ts`
 * reads one from the project's folders.
 */

/** One stack: a folder with a `compose.yaml`. */
export interface ComposeStack {
  /** The folder's name, which `composeStacks` and `apps[].stack` name. */
  readonly name: string;
  /** The names its `.env` may set: the variables its compose.yaml interpolates (`${NAME}`) and those its defaults.env sets, sorted. */
  readonly envNames: readonly string[];
}

/** The stacks environments may name. */
export interface ComposeStackCatalog {
  /** The project's own stacks (`ansible/compose/`), searched first. */
  readonly stacks: readonly ComposeStack[];
  /** The stacks of a folder an environment declares in `composeStackDirs` (relative to the project root); undefined when there is no such folder. */
  readonly stacksIn: (folder: string) => readonly ComposeStack[] | undefined;
}

/** Where the project's own stacks are, as messages name it. */
export const STOCK_STACKS_FOLDER = "ansible/compose/";

/**
 * The `.env` name through which a stack publishes an app's port: the stack's name in upper snake
 * case and `_PORT` (`uptime-kuma` -> `UPTIME_KUMA_PORT`). An app's `port` is written to it.
 */
export function portEnvName(stack: string): string {
  return `${stack.replace(/-/g, "_").toUpperCase()}_PORT`;
}
