import { randomBytes } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { prepareDataFolder } from "@/db/data-folder";
import { env, keyBytes, type Env } from "@/env";
import { auditKeyFrom, type AuditKey } from "./audit.logic";

let cached: AuditKey | undefined;

/** Where the chains' signed heads are exported, and the key they are signed with. */
export interface HeadStore {
  dir: string;
  key: AuditKey;
}

export function auditHeadStore(): HeadStore {
  return { dir: env.auditHeadDir, key: getAuditKey() };
}

/** The key the audit chain is written and checked with (resolved once per process). */
export function getAuditKey(): AuditKey {
  cached ??= resolveAuditKey(env);
  return cached;
}

type AuditKeyConfig = Pick<Env, "AUDIT_KEY" | "NODE_ENV" | "engine" | "DATA_DIR">;

/**
 * AUDIT_KEY when given. Otherwise: in production with PostgreSQL, an error (several instances
 * share the database and must share the key; a key generated per machine would make each
 * instance's rows fail the others' check); in tests, a key of the process; else a key generated
 * once into DATA_DIR/audit.key (mode 0600) beside the embedded database, never inside it.
 */
export function resolveAuditKey(config: AuditKeyConfig): AuditKey {
  if (config.AUDIT_KEY) {
    const bytes = keyBytes(config.AUDIT_KEY);
    if (bytes) return auditKeyFrom(bytes);
  }
  if (config.NODE_ENV === "production" && config.engine === "postgres") {
    throw new Error(
      "AUDIT_KEY must be set when running in production with PostgreSQL: every instance signs " +
        "the audit log with it. Generate one with: openssl rand -hex 32 " +
        "(keep it outside the database, and with your backups).",
    );
  }
  if (config.NODE_ENV === "test") return auditKeyFrom(randomBytes(32));
  const file = path.resolve(config.DATA_DIR, "audit.key");
  let text: string | undefined;
  try {
    text = readFileSync(file, "utf8").trim();
  } catch {
    text = undefined;
  }
  const stored = text ? keyBytes(text) : null;
  if (stored) return auditKeyFrom(stored);
  if (text) throw new Error(`${file} does not hold an audit key (64+ hex digits); restore it`);
  const fresh = randomBytes(32);
  prepareDataFolder(path.dirname(file));
  // "wx": two processes starting at once must not each write their own key.
  try {
    writeFileSync(file, `${fresh.toString("hex")}\n`, { mode: 0o600, flag: "wx" });
  } catch {
    const other = keyBytes(readFileSync(file, "utf8").trim());
    if (other) return auditKeyFrom(other);
    throw new Error(`${file} could not be written`);
  }
  return auditKeyFrom(fresh);
}
