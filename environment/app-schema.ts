import { z } from "zod";
import { domainName, hostLabel, sizeGiB } from "./primitives";

/**
 * The app catalogue's part of the environment schema: `apps` (each a Compose stack on a machine,
 * served by the reverse proxy at its hostname) and `composeStackDirs` (more folders of stacks).
 */

/** One line: a description becomes one line of the dashboard (other control characters, in any value, are refused before the schema: find-unsafe-text.ts). */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const ONE_LINE = /^[^\u0000-\u001f\u007f]*$/;

/** The name of a setting in a stack's `.env`. */
const settingName = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, "must be an environment variable name (letters, digits, '_', not starting with a digit)");

/** A setting's value: text (one line, without control characters, as every value: find-unsafe-text.ts), a number or a boolean (written as text). */
const settingValue = z.union([z.string(), z.number(), z.boolean()]);

/** A folder of Compose stacks on the controller, relative to the project root. */
const stackFolder = z
  .string()
  .regex(
    /^[A-Za-z0-9._-]+(\/[A-Za-z0-9._-]+)*\/?$/,
    "must be a folder relative to the project root, such as stacks or ../my-stacks (no absolute path: the inventory must not depend on the checkout's location)",
  );

/** One app of the catalogue. */
export const appSchema = z.strictObject({
  name: hostLabel.describe("App name, unique in the environment: its inventory group is app_<name> ('-' becomes '_'), its dashboard tile is titled so"),
  machine: hostLabel.describe("The machine that runs it: one of machines[] with the compose_apps service (a docker host)"),
  stack: hostLabel.describe("Its Docker Compose stack: a folder of ansible/compose/ or of a composeStackDirs folder, publishing its port as ${<STACK>_PORT}"),
  port: z
    .number()
    .int()
    .min(1)
    .max(65_535)
    .describe("Where it answers on its machine (the stack's <STACK>_PORT): the machine's firewall lets it in, the reverse proxy routes to it"),
  hostname: domainName
    .optional()
    .describe("Its DNS name, inside network.domain: a reverse proxy site and a CNAME to the reverse proxy; <name>.<domain> when absent"),
  volumeGiB: sizeGiB.optional().describe("Space its data volumes need on its machine's first data disk (Docker's data root): checked against the disk's size"),
  description: z.string().min(1).max(200).regex(ONE_LINE, "must be one line without control characters").optional().describe("One line for its dashboard tile"),
  env: z
    .record(settingName, settingValue)
    .optional()
    .describe("Non-secret settings of its stack, written to the stack's .env over its defaults.env; secrets never go into the environment file"),
});

/** More folders of Compose stacks, searched after ansible/compose/. */
export const composeStackDirsSchema = z
  .array(stackFolder)
  .optional()
  .describe("More folders of Compose stacks (one folder per stack), relative to the project root, searched after ansible/compose/");

/** An app as written. */
export type AppSpec = z.output<typeof appSchema>;
