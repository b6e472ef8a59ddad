// What `npm run backup` and `npm run restore` share: their arguments, the passphrase and the
// configured database, refused with one clear line when the server holds the embedded one.
import { parseArgs } from "node:util";
import { DataFolderInUseError } from "@/db/folder-lock";
import { configuredDatabase, openDatabase } from "@/db/open";
import { env, variableNamed } from "@/env";

export function fail(message: string): never {
  console.error(message);
  process.exit(1);
}

/** The command's options and positionals, or its usage on a mistake. */
export function cliArgs<const O extends Record<string, { type: "string" | "boolean" }>>(
  options: O,
  usage: string,
) {
  try {
    return parseArgs({ options, allowPositionals: true });
  } catch (err) {
    fail(`${(err as Error).message}\n${usage}`);
  }
}

/** The passphrase from the variable `--passphrase-env` names (never from the command line). */
export function passphraseFrom(name: string | undefined): string | undefined {
  if (name === undefined) return undefined;
  return variableNamed(name) ?? fail(`--passphrase-env ${name}: the variable ${name} is not set.`);
}

export const target = configuredDatabase(env);

export const targetName =
  "url" in target
    ? `PostgreSQL ${new URL(target.url).host}${new URL(target.url).pathname}`
    : `the embedded database in ${target.pgliteDir}`;

/**
 * Opens the configured database without migrating it (a backup takes it as it is; a restore
 * checks it first). The embedded one is refused while the server (or another script) has it.
 */
export async function openConfigured(forWhat: string) {
  try {
    return await openDatabase(target, { migrate: false });
  } catch (err) {
    if (err instanceof DataFolderInUseError) {
      fail(
        `${err.message}\nA ${forWhat} needs the embedded database to itself: stop the server first` +
          (forWhat === "backup"
            ? ", or download a backup as the owner from Settings → Backup while it runs."
            : "."),
      );
    }
    const cause = err instanceof Error && err.cause instanceof Error ? err.cause : err;
    fail(`Cannot open ${targetName}: ${cause instanceof Error ? cause.message : String(cause)}`);
  }
}

export const number = (n: number) => n.toLocaleString("en-US");
export const seconds = (since: number) => `${((performance.now() - since) / 1000).toFixed(1)} s`;
