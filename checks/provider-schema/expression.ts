/** Terraform template expressions in JSON strings. */

/**
 * `${` or `%{` not escaped as `$${` / `%%{`: Terraform evaluates the string as a template, so its
 * value (and, for a lone `${…}`, its type) is only known at plan time.
 */
const TEMPLATE_START = /(?<!\$)\$\{|(?<!%)%\{/;

/** Whether `value` is a string holding a Terraform template expression (`${…}` or `%{…}`). */
export function isTemplateExpression(value: unknown): value is string {
  return typeof value === "string" && TEMPLATE_START.test(value);
}
