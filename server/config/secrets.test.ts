import { mkdtempSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { missingSecretsMessage, resolveSecrets } from "./secrets";

const key = Buffer.alloc(32, 7).toString("base64");

function freshDir() {
  return mkdtempSync(path.join(tmpdir(), "hexiao-secrets-"));
}

describe("resolveSecrets", () => {
  it("uses the configured secrets when both are given", () => {
    const s = resolveSecrets({
      AUTH_SECRET: "a".repeat(40),
      ENCRYPTION_KEY: key,
      NODE_ENV: "production",
      engine: "postgres",
      DATA_DIR: freshDir(),
    });
    expect(s.authSecret).toBe("a".repeat(40));
    expect(s.encryptionKey.equals(Buffer.alloc(32, 7))).toBe(true);
  });

  it("refuses to start in production on PostgreSQL without them, naming what is missing", () => {
    expect(() =>
      resolveSecrets({
        AUTH_SECRET: undefined,
        ENCRYPTION_KEY: key,
        NODE_ENV: "production",
        engine: "postgres",
        DATA_DIR: freshDir(),
      }),
    ).toThrow(/AUTH_SECRET must be set/);
    expect(() =>
      resolveSecrets({
        AUTH_SECRET: undefined,
        ENCRYPTION_KEY: undefined,
        NODE_ENV: "production",
        engine: "postgres",
        DATA_DIR: freshDir(),
      }),
    ).toThrow(/AUTH_SECRET and ENCRYPTION_KEY must be set/);
  });

  it("generates secrets once in the data folder for the embedded engine and keeps them", () => {
    const dir = freshDir();
    const config = {
      AUTH_SECRET: undefined,
      ENCRYPTION_KEY: undefined,
      NODE_ENV: "production" as const,
      engine: "pglite" as const,
      DATA_DIR: dir,
    };
    const first = resolveSecrets(config);
    const second = resolveSecrets(config);
    expect(first.authSecret.length).toBeGreaterThanOrEqual(32);
    expect(first.encryptionKey).toHaveLength(32);
    expect(second).toEqual(first);
    const file = path.join(dir, "secrets.json");
    expect(JSON.parse(readFileSync(file, "utf8")).authSecret).toBe(first.authSecret);
    // Readable by the owner only.
    expect(statSync(file).mode & 0o077).toBe(0);
  });

  // The file keeps the key that sealed the shop's provider credentials (and keys its customers'
  // hashes): one that was cut short or edited by hand must stop the start, not be replaced.
  it("refuses to start on a secrets file it cannot read, and leaves the file as it was", () => {
    const dir = freshDir();
    const file = path.join(dir, "secrets.json");
    const config = {
      AUTH_SECRET: undefined,
      ENCRYPTION_KEY: undefined,
      NODE_ENV: "production" as const,
      engine: "pglite" as const,
      DATA_DIR: dir,
    };
    for (const damaged of [
      '{"authSecret": "',
      "{}",
      '{"authSecret":"short","encryptionKey":"x"}',
    ]) {
      writeFileSync(file, damaged);
      expect(() => resolveSecrets(config)).toThrow(/secrets\.json.*restore it/);
      expect(readFileSync(file, "utf8")).toBe(damaged);
    }
  });

  it("lets a configured value override the generated one", () => {
    const dir = freshDir();
    const base = {
      ENCRYPTION_KEY: undefined,
      NODE_ENV: "development" as const,
      engine: "pglite" as const,
      DATA_DIR: dir,
    };
    const generated = resolveSecrets({ ...base, AUTH_SECRET: undefined });
    const overridden = resolveSecrets({ ...base, AUTH_SECRET: "b".repeat(40) });
    expect(overridden.authSecret).toBe("b".repeat(40));
    expect(overridden.encryptionKey.equals(generated.encryptionKey)).toBe(true);
  });
});

describe("missingSecretsMessage", () => {
  const none = { AUTH_SECRET: undefined, ENCRYPTION_KEY: undefined, AUDIT_KEY: undefined };

  // The server stopped at the first (AUDIT_KEY), then at the next after a restart.
  it("names every secret a production install on PostgreSQL lacks, with how to make it", () => {
    const message = missingSecretsMessage({ ...none, NODE_ENV: "production", engine: "postgres" });
    expect(message).toMatch(/^AUTH_SECRET, ENCRYPTION_KEY, AUDIT_KEY must be set/);
    expect(message).toContain("AUDIT_KEY: openssl rand -hex 32");
    expect(
      missingSecretsMessage({
        ...none,
        AUTH_SECRET: "a".repeat(40),
        AUDIT_KEY: "ab".repeat(32),
        NODE_ENV: "production",
        engine: "postgres",
      }),
    ).toMatch(/^ENCRYPTION_KEY must be set/);
  });

  it("asks for nothing where the secrets are generated, or when all are given", () => {
    expect(missingSecretsMessage({ ...none, NODE_ENV: "production", engine: "pglite" })).toBeNull();
    expect(
      missingSecretsMessage({ ...none, NODE_ENV: "development", engine: "postgres" }),
    ).toBeNull();
    expect(
      missingSecretsMessage({
        AUTH_SECRET: "a".repeat(40),
        ENCRYPTION_KEY: key,
        AUDIT_KEY: "ab".repeat(32),
        NODE_ENV: "production",
        engine: "postgres",
      }),
    ).toBeNull();
  });
});
