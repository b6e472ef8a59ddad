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

/** What a refused request tells a form (the data of server/trpc/init.ts's errorFormatter). */
export interface RefusedFields {
  fieldErrors?: Record<string, string[] | undefined> | null;
  fieldSentences?: Record<string, string> | null;
}

/**
 * A refused request's field errors as a form's: the sentence the server said for a field (the
 * console asks for them in the page's language, see errorLocaleHeader), else its message key.
 * The sentence first, because a page carries only the keys its own checks name: a refusal by
 * a check no form runs (a hidden character, server/http/hidden-characters.logic.ts) would
 * otherwise read as the generic "not valid".
 */
export function refusedFieldErrors(data: RefusedFields | null | undefined): FormErrors {
  const errors: FormErrors = {};
  for (const [name, keys] of Object.entries(data?.fieldErrors ?? {})) {
    const sentence = data?.fieldSentences?.[name];
    if (sentence) errors[name] = { message: sentence, type: "translated" };
    else if (keys?.[0]) errors[name] = { message: keys[0] };
  }
  return errors;
}
