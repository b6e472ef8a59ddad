import { randomBytes } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { prepareDataFolder } from "@/db/data-folder";
import { z } from "zod";
import { env, type Env } from "@/env";

const secretsFile = z.object({
  authSecret: z.string().min(32),
  encryptionKey: z.string().refine((v) => Buffer.from(v, "base64").length === 32),
});
type SecretsFile = z.infer<typeof secretsFile>;
export type Secrets = { authSecret: string; encryptionKey: Buffer };

let cached: Secrets | undefined;

/** How to make each secret a production install on PostgreSQL must be given. */
const requiredSecrets = {
  AUTH_SECRET: "openssl rand -base64 32",
  ENCRYPTION_KEY: "openssl rand -base64 32 (exactly 32 bytes)",
  AUDIT_KEY: "openssl rand -hex 32 (keep it outside the database, and with your backups)",
} as const;

/**
 * In production with PostgreSQL nothing is generated (the instances sharing the database must
 * share the secrets): every one unset, named together with how to make it, so that one
 * restart mends them all. Null when nothing is missing.
 */
export function missingSecretsMessage(
  config: Pick<Env, keyof typeof requiredSecrets | "NODE_ENV" | "engine">,
): string | null {
  if (config.NODE_ENV !== "production" || config.engine !== "postgres") return null;
  const missing = (Object.keys(requiredSecrets) as (keyof typeof requiredSecrets)[]).filter(
    (name) => !config[name],
  );
  if (missing.length === 0) return null;
  return [
    `${missing.join(", ")} must be set when running in production with PostgreSQL. Make each with:`,
    ...missing.map((name) => `  ${name}: ${requiredSecrets[name]}`),
  ].join("\n");
}

/**
 * AUTH_SECRET and ENCRYPTION_KEY from the environment when given. Otherwise, outside a
 * production PostgreSQL deployment, they are generated once and kept in the data folder
 * (mode 0600) so that a local install works with nothing to configure and keeps its
 * sessions and encrypted credentials across restarts.
 */
export function getSecrets(): Secrets {
  cached ??= resolveSecrets(env);
  return cached;
}

type SecretsConfig = Pick<
  Env,
  "AUTH_SECRET" | "ENCRYPTION_KEY" | "NODE_ENV" | "engine" | "DATA_DIR"
>;

export function resolveSecrets(env: SecretsConfig): Secrets {
  if (env.AUTH_SECRET && env.ENCRYPTION_KEY) {
    return {
      authSecret: env.AUTH_SECRET,
      encryptionKey: Buffer.from(env.ENCRYPTION_KEY, "base64"),
    };
  }
  if (env.NODE_ENV === "production" && env.engine === "postgres") {
    const missing = [
      !env.AUTH_SECRET && "AUTH_SECRET",
      !env.ENCRYPTION_KEY && "ENCRYPTION_KEY",
    ].filter(Boolean);
    throw new Error(
      `${missing.join(" and ")} must be set when running in production with PostgreSQL. ` +
        `Generate each with: node -e "console.log(require('crypto').randomBytes(32).toString('base64'))"`,
    );
  }
  const file = path.resolve(env.DATA_DIR, "secrets.json");
  const stored = storedSecrets(file) ?? generateSecrets(file);
  return {
    authSecret: env.AUTH_SECRET ?? stored.authSecret,
    encryptionKey: Buffer.from(env.ENCRYPTION_KEY ?? stored.encryptionKey, "base64"),
  };
}

/**
 * The secrets kept in the data folder; null when there is no file yet. A file that is there but
 * not readable as secrets (cut short, edited by hand) stops the start: its encryption key opens
 * the stored provider credentials and keys the customers' hashes, so replacing it would lose them
 * for good, and sessions and two-factor sign-ins with the other secret.
 */
function storedSecrets(file: string): SecretsFile | null {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw new Error(`${file} could not be read (${(error as Error).message})`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  const secrets = secretsFile.safeParse(parsed);
  if (secrets.success) return secrets.data;
  throw new Error(
    `${file} does not hold this install's secrets (authSecret and a 32-byte base64 encryptionKey); ` +
      "restore it from a backup of the data folder, or set AUTH_SECRET and ENCRYPTION_KEY",
  );
}

/** Secrets made on the first start, written beside the embedded database (mode 0600). */
function generateSecrets(file: string): SecretsFile {
  const fresh = {
    authSecret: randomBytes(32).toString("base64"),
    encryptionKey: randomBytes(32).toString("base64"),
  };
  prepareDataFolder(path.dirname(file));
  // "wx": of two processes starting at once (a script beside the server), one writes and the
  // other reads what it wrote, so both seal with the same key.
  try {
    writeFileSync(file, JSON.stringify(fresh, null, 2), { mode: 0o600, flag: "wx" });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    const written = storedSecrets(file);
    if (!written) throw new Error(`${file} could not be written`);
    return written;
  }
  return fresh;
}
