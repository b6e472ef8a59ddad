import { createHash } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import compile from "icu-minify/compile";
import { env } from "@/env";
import type { Locale } from "../config";

type Messages = Record<string, unknown>;

const folder = path.join(process.cwd(), "app", "_i18n", "messages");
const rawCache = new Map<Locale, Messages>();
const compiledCache = new Map<Locale, Messages>();
const versionCache = new Map<Locale, string>();

/**
 * A locale's catalogue as written: every JSON file of its folder, merged. Each area of the
 * product keeps its own file (one top-level namespace per screen), so areas never edit the
 * same file. For the tests that read the words themselves; what the app formats is
 * loadCompiledMessages'.
 */
export function loadMessages(locale: Locale): Messages {
  const hit = rawCache.get(locale);
  if (hit) return hit;
  const dir = path.join(folder, locale);
  const merged: Messages = {};
  for (const file of readdirSync(dir)
    .filter((f) => f.endsWith(".json"))
    .sort()) {
    const part = JSON.parse(readFileSync(path.join(dir, file), "utf8")) as Messages;
    for (const [ns, value] of Object.entries(part)) {
      if (ns in merged)
        throw new Error(`Message namespace "${ns}" is defined twice (${locale}/${file})`);
      merged[ns] = value;
    }
  }
  // In development the files are read afresh so edits show on reload.
  if (env.NODE_ENV === "production") rawCache.set(locale, merged);
  return merged;
}

/**
 * The catalogue every translator of the app is given (request config, server translators):
 * each ICU message parsed once here, so the browser formats them (client-intl.tsx) without an
 * ICU parser (next.config.ts turns on next-intl's `messages.precompile`, which swaps the
 * formatter; the test config swaps it too). A message with no argument stays a string.
 */
export function loadCompiledMessages(locale: Locale): Messages {
  const hit = compiledCache.get(locale);
  if (hit) return hit;
  // Through JSON, as next-intl's own loader does: the compiler's plural and select cases are
  // objects without a prototype, which React refuses to pass to a client component.
  const compiled = JSON.parse(JSON.stringify(compileTree(loadMessages(locale), ""))) as Messages;
  if (env.NODE_ENV === "production") compiledCache.set(locale, compiled);
  return compiled;
}

// Each message text compiled once: in development, where the catalogue is read afresh for
// every request, only an edited message is compiled again.
const compiledTexts = new Map<string, unknown>();

function compileTree(node: unknown, key: string): unknown {
  if (typeof node === "string") {
    let compiled = compiledTexts.get(node);
    if (compiled === undefined) {
      compiled = compile(node);
      compiledTexts.set(node, compiled);
    }
    return compiled;
  }
  // A list would have to be read with t.raw, which precompiled catalogues do not offer.
  if (Array.isArray(node) || !node || typeof node !== "object")
    throw new Error(`Message "${key}" is not a string or a group of messages`);
  return Object.fromEntries(
    Object.entries(node).map(([k, v]) => [k, compileTree(v, key ? `${key}.${k}` : k)]),
  );
}

/**
 * A short hash of a language's compiled catalogue: the part of /api/messages' address that
 * changes when a release changes a sentence (and only then), so a browser may keep its answer
 * for good and still never shows the sentences of the build before.
 */
export function messagesVersion(locale: Locale): string {
  const hit = versionCache.get(locale);
  if (hit) return hit;
  const version = catalogueVersion(loadCompiledMessages(locale));
  if (env.NODE_ENV === "production") versionCache.set(locale, version);
  return version;
}

/** The hash messagesVersion takes, of any catalogue. */
export function catalogueVersion(catalogue: Messages): string {
  return createHash("sha256").update(JSON.stringify(catalogue)).digest("base64url").slice(0, 16);
}
