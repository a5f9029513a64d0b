/** One app of the catalogue, resolved: a Compose stack on a machine, served by the reverse proxy at its hostname. */
export interface AppPlan {
  /** App name, unique in the environment: its inventory group is `app_<name>`, its dashboard tile is titled so. */
  readonly name: string;
  /** Index in the environment's `apps` (for error paths). */
  readonly index: number;
  /** The machine that runs it (one with the `compose_apps` service). */
  readonly machine: string;
  /** Its Compose stack. */
  readonly stack: string;
  /** Where it answers on its machine: the stack's port setting, a port of the machine's firewall, the reverse proxy's upstream. */
  readonly port: number;
  /** Its DNS name: a reverse proxy site, a CNAME to the reverse proxy. */
  readonly hostname: string;
  /** Space its data volumes need on its machine's first data disk. @default not declared */
  readonly volumeGiB?: number;
  /** One line for its dashboard tile. @default its stack and machine */
  readonly description?: string;
  /** Its stack's `.env` settings by name: the file's `env` as text, and the port under `<STACK>_PORT`. */
  readonly env: Readonly<Record<string, string>>;
}
