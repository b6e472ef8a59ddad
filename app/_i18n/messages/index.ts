import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { env } from "@/env";
import type { Locale } from "../config";

type Messages = Record<string, unknown>;

const folder = path.join(process.cwd(), "app", "_i18n", "messages");
const cache = new Map<Locale, Messages>();

/**
 * A locale's catalogue: every JSON file of its folder, merged. Each area of the product keeps
 * its own file (one top-level namespace per screen), so areas never edit the same file.
 */
export function loadMessages(locale: Locale): Messages {
  const hit = cache.get(locale);
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
  if (env.NODE_ENV === "production") cache.set(locale, merged);
  return merged;
}
