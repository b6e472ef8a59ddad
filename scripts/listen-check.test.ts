import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listenProblem } from "./listen-check.mjs";

/** A port held by "another program" for the tests, on loopback. */
let holder: net.Server;
let taken: number;

beforeAll(async () => {
  holder = net.createServer();
  await new Promise<void>((resolve) => holder.listen(0, "127.0.0.1", resolve));
  taken = (holder.address() as net.AddressInfo).port;
});
afterAll(() => new Promise<void>((resolve) => holder.close(() => resolve())));

describe("where the server listens, checked before it starts", () => {
  it("names a port another program holds and how to start on another; a free port passes", async () => {
    expect(await listenProblem(taken, "127.0.0.1")).toBe(
      `127.0.0.1 port ${taken} is already in use by another program (another Hexiao, or another server). ` +
        `Stop it, or start on a free port: PORT=${taken + 1} npm start`,
    );
    const free = net.createServer();
    await new Promise<void>((resolve) => free.listen(0, "127.0.0.1", resolve));
    const freePort = (free.address() as net.AddressInfo).port;
    await new Promise<void>((resolve) => free.close(() => resolve()));
    expect(await listenProblem(freePort, "127.0.0.1")).toBeNull();
  });

  it("says an address that is not this machine's (TEST-NET-1) is not", async () => {
    expect(await listenProblem(0, "192.0.2.77")).toBe(
      "192.0.2.77 is not an address of this machine: leave -H out to listen on every one.",
    );
  });

  it("`npm start`'s server on a taken port says so and stops before it opens the database", async () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), "hexiao-port-taken-"));
    try {
      const child = spawn(
        process.execPath,
        [path.join(import.meta.dirname, "serve.mjs"), "-p", String(taken), "-H", "127.0.0.1"],
        { env: { ...process.env, DATA_DIR: dataDir, DATABASE_URL: "", DEMO: "0" } },
      );
      let log = "";
      child.stdout.on("data", (c: Buffer) => (log += c.toString()));
      child.stderr.on("data", (c: Buffer) => (log += c.toString()));
      const code = await new Promise<number | null>((resolve) => child.once("exit", resolve));
      expect(log.trim()).toBe(
        `127.0.0.1 port ${taken} is already in use by another program (another Hexiao, or another server). ` +
          `Stop it, or start on a free port: PORT=${taken + 1} npm start`,
      );
      expect(code).toBe(1);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 120_000);
});
