import type { IAspect } from "cdktf";
import { TerraformElement } from "cdktf";
import type { IConstruct } from "constructs";

/**
 * cdktf's token markers, which stand for references and expressions until synthesis resolves
 * them: `${TfToken[TOKEN.12]}` (strings), `#{TfToken[...]}` (lists), `&{TfToken[...]}` (maps).
 * The environment rules keep these markers out of every user string (environment/find-unsafe-text.ts).
 */
const TOKEN_MARKER = /([$#&]\{TfToken\[[a-zA-Z0-9:._-]+\]\})/;

/** Terraform reads `${` and `%{` in any JSON string as a template; `$${` and `%%{` are the literal text. */
function escapeTemplate(text: string): string {
  return text.replace(/[$%]\{/g, (opening) => opening[0] + opening);
}

/** A string with every literal part escaped; cdktf's token markers (odd parts of the split) stay as they are. */
function literalString(text: string): string {
  return text
    .split(TOKEN_MARKER)
    .map((part, index) => (index % 2 === 1 ? part : escapeTemplate(part)))
    .join("");
}

/** `value` with every string in plain objects and arrays escaped; tokens and other objects are left to cdktf. */
function literalValues(value: unknown): unknown {
  if (typeof value === "string") return literalString(value);
  if (Array.isArray(value)) return value.map(literalValues);
  if (value === null || typeof value !== "object" || Object.getPrototypeOf(value) !== Object.prototype) return value;
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, literalValues(item)]));
}

/** The elements whose JSON is already escaped (an aspect may be invoked on a tree more than once). */
const escaped = new WeakSet<TerraformElement>();

/**
 * Makes every string a Terraform element writes a literal: `${...}` and `%{...}` in a description,
 * an ssh key's comment, an NTP server or a file's content reach Terraform as that text (`$${`,
 * `%%{`), never as a template Terraform would evaluate at deploy (`${file("/etc/hostname")}`). The
 * one place this happens for the stacks: `setUpEnvironmentStack` adds it to every stack of an
 * environment. References and expressions written with cdktf (tokens: `resource.id`, `Fn.*`) are
 * left as they are; so a plain string is text, and Terraform syntax is written with tokens, also
 * through the L1 escape hatch (`addOverride` with a raw `"${...}"` string is text too).
 */
export class LiteralStrings implements IAspect {
  /** Wraps an element's JSON so that its strings are escaped at synthesis. */
  visit(node: IConstruct): void {
    if (!TerraformElement.isTerraformElement(node) || escaped.has(node)) return;
    escaped.add(node);
    const toTerraform = node.toTerraform.bind(node);
    node.toTerraform = () => literalValues(toTerraform());
  }
}
