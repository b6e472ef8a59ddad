import path from "node:path";
import { z } from "zod";

/**
 * The one reader of process.env. Everything else imports `env` from here, so that a
 * misconfigured deployment fails at start-up with a message naming the variable.
 */
const flag = z
  .enum(["0", "1", "true", "false"])
  .optional()
  .transform((v) => (v === undefined ? undefined : v === "1" || v === "true"));

/**
 * A key given as text: 64 or more hex digits, or base64 of 32 or more bytes. Null when it is
 * neither (too short, or not an encoding we read).
 */
export function keyBytes(text: string): Buffer | null {
  // Text of hex digits only is read as hex (a random base64 key is never all hex digits).
  const bytes = /^[0-9a-fA-F]+$/.test(text)
    ? /^(?:[0-9a-fA-F]{2})+$/.test(text)
      ? Buffer.from(text, "hex")
      : null
    : /^[A-Za-z0-9+/_-]+={0,2}$/.test(text)
      ? Buffer.from(text, "base64")
      : null;
  return bytes && bytes.length >= 32 ? bytes : null;
}

/** An empty variable (`FOO=` in a .env file) counts as unset. */
const blankAsUnset = (v: unknown) => (v === "" ? undefined : v);

const schema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  /** PostgreSQL connection string; unset means the embedded PGlite engine. */
  DATABASE_URL: z.preprocess(blankAsUnset, z.url({ protocol: /^postgres(ql)?$/ }).optional()),
  /** Folder for the embedded database and the generated secrets. */
  DATA_DIR: z.string().min(1).default("./.data"),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  /** Public origin of the app, used in links and by the auth library's origin check. */
  APP_URL: z.preprocess(blankAsUnset, z.url().optional()),
  /** Where this server reaches itself (the sandbox wallet posts its notifications there). */
  INTERNAL_URL: z.preprocess(blankAsUnset, z.url().optional()),
  AUTH_SECRET: z.preprocess(
    blankAsUnset,
    z.string().min(32, "AUTH_SECRET must be at least 32 characters").optional(),
  ),
  /** 32 bytes, base64: encrypts provider credentials at rest (AES-256-GCM). */
  ENCRYPTION_KEY: z.preprocess(
    blankAsUnset,
    z
      .string()
      .refine(
        (v) => Buffer.from(v, "base64").length === 32,
        "ENCRYPTION_KEY must be 32 bytes in base64",
      )
      .optional(),
  ),
  /**
   * Keys the audit chain (HMAC-SHA256): 32 bytes or more, as 64+ hex digits or base64. Required
   * in production with PostgreSQL (every instance must use the same key); otherwise generated
   * once into DATA_DIR/audit.key. Keep it apart from the database and with the backups: a
   * restored database verifies only with the key its rows were written with.
   */
  AUDIT_KEY: z.preprocess(
    blankAsUnset,
    z
      .string()
      .refine(
        (v) => keyBytes(v) !== null,
        "AUDIT_KEY must be at least 32 bytes, as 64+ hex digits or base64 (e.g. openssl rand -hex 32)",
      )
      .optional(),
  ),
  /** Where the audit chains' signed heads are written (default DATA_DIR/audit-heads). */
  AUDIT_HEAD_DIR: z.preprocess(blankAsUnset, z.string().min(1).optional()),
  /** Demo mode seeds the demo merchant and shows its accounts on the sign-in page. */
  DEMO: z.preprocess(blankAsUnset, flag),
  /**
   * The built-in sandbox wallet in every shop (not only the demo and practice shops), for a
   * rehearsal install; every console and customer page then shows a banner saying so.
   */
  SANDBOX: z.preprocess(blankAsUnset, flag),
  /** Session lifetime in seconds (default 12 hours: one long shift). */
  SESSION_TTL_SECONDS: z.coerce
    .number()
    .int()
    .min(60)
    .default(12 * 60 * 60),
  /**
   * Whether the session cookie is Secure (https only). `auto`: when APP_URL is https, else
   * when the request came over https, so a tablet on the shop's network can sign in over http.
   */
  COOKIE_SECURE: z.preprocess(blankAsUnset, z.enum(["auto", "true", "false"]).default("auto")),
  TEST_DATABASE_URL: z.string().optional(),
  /**
   * The end-to-end suite's seed route (POST /api/testing/merchants), which creates a fresh
   * merchant per test. Set only by scripts/e2e-server.mjs; never in a deployment.
   */
  E2E_SEED_ROUTE: z.preprocess(blankAsUnset, flag),
  /** The secret every call of the seed route must carry; generated per suite run. */
  E2E_SEED_TOKEN: z.preprocess(
    blankAsUnset,
    z.string().min(32, "E2E_SEED_TOKEN must be at least 32 characters").optional(),
  ),
  /**
   * How many reverse proxies stand in front of Hexiao (0: none). A client's address is read
   * from X-Forwarded-For only past that many hops; with 0 it is the connection's own address,
   * so nobody can pass for another address by sending the header.
   */
  TRUST_PROXY: z.coerce.number().int().min(0).max(10).default(0),
  /**
   * Strict-Transport-Security max-age in seconds, sent only on responses served over https
   * (default 180 days; 0 turns it off, e.g. while trying https out).
   */
  HSTS_MAX_AGE: z.coerce
    .number()
    .int()
    .min(0)
    .default(180 * 24 * 60 * 60),
  /**
   * On SIGTERM/SIGINT the server stops taking connections and lets the requests in flight
   * finish for up to this many seconds before it closes the database and exits (a rolling
   * restart loses no request). Keep it below the service manager's own kill timeout
   * (Docker's default is 10 s: `docker stop -t 30`; Kubernetes' 30 s).
   */
  SHUTDOWN_GRACE_SECONDS: z.coerce.number().int().min(0).max(600).default(25),
  /** Set by scripts/serve.mjs, never by hand: the header that carries the socket's address. */
  HEXIAO_PEER_HEADER: z.preprocess(
    blankAsUnset,
    z.string().startsWith("x-hexiao-peer-").optional(),
  ),
  /**
   * Set by scripts/app-server.mjs, never by hand: the address it listens on (`-H`); empty or
   * unset (`next dev`), every interface. The first-run setup's link names what can reach it.
   */
  HEXIAO_LISTEN_HOST: z.string().optional(),
  /**
   * Set only for the build the test suite makes (scripts/e2e-server.mjs), whose own `tsc` step
   * checks the same types: `next build` then skips its type check. Never in a deployment.
   */
  BUILD_SKIP_TYPECHECK: z.preprocess(blankAsUnset, flag),
  /** Mail server for customer e-mails, e.g. smtps://user:pass@smtp.example.com:465; unset = messages wait in the outbox. */
  SMTP_URL: z.preprocess(blankAsUnset, z.url({ protocol: /^smtps?$/ }).optional()),
  /** Where scheduled backups are written (default DATA_DIR/backups). */
  BACKUP_DIR: z.preprocess(blankAsUnset, z.string().min(1).optional()),
  /**
   * Encrypts scheduled backups (at least 8 characters); unset, they are written unencrypted.
   * Keep it apart from the backups: without it they cannot be restored.
   */
  BACKUP_PASSPHRASE: z.preprocess(
    blankAsUnset,
    z.string().min(8, "BACKUP_PASSPHRASE must be at least 8 characters").max(1024).optional(),
  ),
  /** The sender of customer e-mails, e.g. "Demo Café <receipts@example.com>". */
  MAIL_FROM: z.preprocess(blankAsUnset, z.string().min(3).optional()),
});

/** Exported for its tests; everything else uses `env`. */
export function parseEnv(source: Record<string, string | undefined> = process.env) {
  const parsed = schema.safeParse(source);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new Error(`Invalid configuration:\n${lines.join("\n")}`);
  }
  const e = parsed.data;
  // E-mails carry links customers open from anywhere: they need the public address too.
  for (const name of ["MAIL_FROM", "APP_URL"] as const) {
    if (e.SMTP_URL && !e[name])
      throw new Error(`Invalid configuration:\n  ${name}: required when SMTP_URL is set`);
  }
  if (e.E2E_SEED_ROUTE && !e.E2E_SEED_TOKEN)
    throw new Error(
      "Invalid configuration:\n  E2E_SEED_TOKEN: required when E2E_SEED_ROUTE is set",
    );
  const engine: "pglite" | "postgres" = e.DATABASE_URL ? "postgres" : "pglite";
  return {
    ...e,
    engine,
    /** On by default with the embedded database; with PostgreSQL only when DEMO=1. */
    demo: e.DEMO ?? engine === "pglite",
    /** The sandbox wallet allowed in every shop (SANDBOX=1), not only demo and practice shops. */
    sandboxEverywhere: e.SANDBOX ?? false,
    /**
     * Scheduled backups' folder, absolute (resolved like the data folder, from the working
     * directory). A folder of the host, not of the build: the bundler must not trace it.
     */
    backupDir: path.resolve(
      /* turbopackIgnore: true */ e.BACKUP_DIR ?? path.join(e.DATA_DIR, "backups"),
    ),
    /** The audit chains' exported heads' folder, absolute (a folder of the host, like backupDir). */
    auditHeadDir: path.resolve(
      /* turbopackIgnore: true */ e.AUDIT_HEAD_DIR ?? path.join(e.DATA_DIR, "audit-heads"),
    ),
    internalUrl: e.INTERNAL_URL ?? `http://127.0.0.1:${e.PORT}`,
    /** The seed route's token while the route is switched on; null (the route answers 404) otherwise. */
    e2eSeedToken: (e.E2E_SEED_ROUTE && e.E2E_SEED_TOKEN) || null,
  };
}

export const env = parseEnv();

/**
 * A variable whose name is chosen at run time (`npm run backup -- --passphrase-env NAME`), so a
 * secret never sits on the command line; unset or empty gives undefined.
 */
export function variableNamed(name: string): string | undefined {
  return process.env[name] || undefined;
}
export type Env = typeof env;
