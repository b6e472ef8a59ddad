import type { ZodError } from "zod";

/**
 * A refused input's message keys by field, for forms: each issue under its top-level field
 * ("items") and, when it lies deeper, under its whole path as well ("items.0.name"). The
 * dialogs name only top-level fields; the forms with lists (an order's items) put the error
 * under the very cell that is wrong, which a top-level key alone could not tell them.
 * A refusal of the whole input (an empty path) is not a field's.
 */
export function fieldErrorKeys(error: ZodError): Record<string, string[]> {
  const fields: Record<string, string[]> = {};
  const add = (name: string, message: string) => (fields[name] ??= []).push(message);
  for (const issue of error.issues) {
    if (issue.path.length === 0) continue;
    add(String(issue.path[0]), issue.message);
    if (issue.path.length > 1) add(issue.path.map(String).join("."), issue.message);
  }
  return fields;
}
