import { mkdtempSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { keyBytes, parseEnv } from "@/env";
import { resolveAuditKey } from "./audit-key";
import { auditKeyId } from "./audit.logic";

const hexKey = "ab".repeat(32);
const freshDir = () => mkdtempSync(path.join(tmpdir(), "hexiao-audit-key-"));

describe("AUDIT_KEY", () => {
  it("reads 32+ bytes as hex or base64, and nothing shorter", () => {
    expect(keyBytes(hexKey)).toEqual(Buffer.alloc(32, 0xab));
    expect(keyBytes(Buffer.alloc(48, 1).toString("base64"))).toEqual(Buffer.alloc(48, 1));
    expect(keyBytes("ab".repeat(31))).toBeNull();
    expect(keyBytes(Buffer.alloc(31, 1).toString("base64"))).toBeNull();
    expect(keyBytes("not a key at all!")).toBeNull();
  });

  it("refuses a malformed key at start-up, naming the variable and the format", () => {
    expect(() => parseEnv({ AUDIT_KEY: "short" })).toThrow(/AUDIT_KEY must be at least 32 bytes/);
    expect(parseEnv({ AUDIT_KEY: hexKey }).AUDIT_KEY).toBe(hexKey);
  });

  it("uses the configured key, whatever the engine", () => {
    const key = resolveAuditKey({
      AUDIT_KEY: hexKey,
      NODE_ENV: "production",
      engine: "postgres",
      DATA_DIR: freshDir(),
    });
    expect(key.secret).toEqual(Buffer.alloc(32, 0xab));
    expect(key.id).toBe(auditKeyId(Buffer.alloc(32, 0xab)));
  });

  it("refuses to run in production on PostgreSQL without one (instances must share it)", () => {
    expect(() =>
      resolveAuditKey({
        AUDIT_KEY: undefined,
        NODE_ENV: "production",
        engine: "postgres",
        DATA_DIR: freshDir(),
      }),
    ).toThrow(/AUDIT_KEY must be set when running in production with PostgreSQL/);
  });

  it("generates a key file once beside the embedded database, readable by its owner only", () => {
    const dir = freshDir();
    const config = {
      AUDIT_KEY: undefined,
      NODE_ENV: "production",
      engine: "pglite",
      DATA_DIR: dir,
    } as const;
    const first = resolveAuditKey(config);
    const file = path.join(dir, "audit.key");
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readFileSync(file, "utf8").trim()).toBe(first.secret.toString("hex"));
    expect(resolveAuditKey(config)).toEqual(first);
  });

  it("refuses a damaged key file rather than replacing it (old rows would no longer verify)", () => {
    const dir = freshDir();
    writeFileSync(path.join(dir, "audit.key"), "garbage\n");
    expect(() =>
      resolveAuditKey({
        AUDIT_KEY: undefined,
        NODE_ENV: "development",
        engine: "pglite",
        DATA_DIR: dir,
      }),
    ).toThrow(/does not hold an audit key/);
    expect(readFileSync(path.join(dir, "audit.key"), "utf8")).toBe("garbage\n");
  });
});
