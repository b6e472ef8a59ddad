import { getMessages } from "next-intl/server";

// Apart from client-messages.tsx: the customer's pages pick messages too, and a module that
// imports the client translator's provider makes it a script of every page importing it.

/**
 * The namespaces every screen's client components may use: the shell's few words (language
 * switch, sign-out) that console and customer pages share, and common ones.
 */
export const baseClientNamespaces = ["common", "shell"] as const;

/**
 * The `errors` sentences every console screen may say by itself: errorSentence's fallbacks
 * for a failed call without a sentence of the server's (no answer, signed out, refused, a
 * hidden character in any text), and the two keys the console's shared code names (the step-up prompt knows its refusal by key;
 * DomainError's module, which forms import, names the database's).
 * A refused call's sentence comes from the server in the user's language (the tRPC client
 * sends it, see errorLocaleHeader); the sentences of a screen's own checks (its forms' zod
 * schemas, amounts parsed in the browser) are listed by its <ClientMessages> as
 * "errors.<key>", so that a page carries those it may say and not the catalogue's 200-odd.
 * A subtree whose code translates keys it reads from elsewhere (a statement's import error)
 * lists "errors" and gets them all. client-messages.test.ts checks the lists against the code.
 */
export const baseErrorKeys = [
  "checkFields",
  "databaseUnavailable",
  "internal",
  "invalidCharacter",
  "invalidValue",
  "roleForbidden",
  "signedOut",
  "stepUpRequired",
] as const;

/**
 * The base namespaces and these, from the request's catalogue; of `errors`, the sentences
 * baseErrorKeys names and those listed ("errors.required"), unless `namespaces` asks for all
 * of it. A namespace may name one group of another ("guides.practice"): only that group is
 * sent, under its full path.
 */
export async function pickMessages(namespaces: readonly string[]) {
  return pickFrom(await getMessages(), namespaces, baseErrorKeys, baseClientNamespaces);
}

/** pickMessages' choice from a catalogue `all`. */
export function pickFrom(
  all: Record<string, unknown>,
  namespaces: readonly string[],
  errorKeys: readonly string[],
  base: readonly string[],
) {
  const picked: Record<string, unknown> = {};
  for (const ns of [...base, ...namespaces]) {
    const groups = ns.split(".");
    const leaf = groups.pop() ?? ns;
    let value: unknown = all;
    for (const key of [...groups, leaf])
      value = (value as Record<string, unknown> | undefined)?.[key];
    if (value === undefined) throw new Error(`No message namespace "${ns}"`);
    let into = picked;
    // Into the groups made here; a group already picked whole holds the part (the value
    // written is the one it has).
    for (const key of groups) into = (into[key] ??= {}) as Record<string, unknown>;
    into[leaf] = value;
  }
  if (!namespaces.includes("errors")) {
    const errors = all.errors as Record<string, unknown>;
    picked.errors = {
      ...Object.fromEntries(errorKeys.map((key) => [key, errors[key]])),
      ...(picked.errors as Record<string, unknown> | undefined),
    };
  }
  return picked;
}
