/**
 * A form's errors by field path ("items.0.name"): a message key from a schema, or a sentence
 * already in the user's language (`translated`, a server refusal). The forms kept in plain
 * React state (useCheckedForm) use these.
 */
export type FormErrors = Record<string, { message: string; type?: "translated" }>;

/** The path of a zod issue as a form names its field. */
const issuePath = (path: readonly PropertyKey[]) => path.map(String).join(".");

/** A failed parse's issues as a form's errors: the first issue of each field. */
export function issueErrors(issues: readonly { path: readonly PropertyKey[]; message: string }[]) {
  const errors: FormErrors = {};
  for (const issue of issues) errors[issuePath(issue.path)] ??= { message: issue.message };
  return errors;
}

/** Whether `path` is `field` or lies inside it (a line's fields inside "items.0"). */
export const withinField = (path: string, field: string) =>
  path === field || path.startsWith(`${field}.`);

/**
 * After a change to `field`, its errors as they now are, the others' left as they were: once a
 * form was sent, each field is checked again as it changes.
 */
export function recheckedErrors(previous: FormErrors, now: FormErrors, field: string) {
  const kept = Object.entries(previous).filter(([path]) => !withinField(path, field));
  const fresh = Object.entries(now).filter(([path]) => withinField(path, field));
  return Object.fromEntries([...kept, ...fresh]) as FormErrors;
}
