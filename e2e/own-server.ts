import { spawn, type ChildProcess } from "node:child_process";
import { cpSync, mkdtempSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { expect } from "@playwright/test";
import { root } from "../scripts/build-if-needed.mjs";

/** A port nobody listens on now, chosen by the system (no clash with another run's servers). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

/**
 * A new data folder (under `prefix` in the temporary folder) holding an empty install's
 * migrated database, copied from the one scripts/e2e-server.mjs made for this run: a server
 * started on it skips PGlite's initdb and the migrations, which the template went through.
 * Not "hexiao-e2e-…" as a prefix: e2e-server.mjs removes those folders when their owner.pid is gone.
 */
export function freshDataFolder(prefix: string): string {
  const template = process.env.E2E_INSTALL_TEMPLATE;
  if (!template) {
    throw new Error("E2E_INSTALL_TEMPLATE is unset: run the suite with `npx playwright test`");
  }
  const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
  cpSync(path.join(template, "pglite"), path.join(dir, "pglite"), { recursive: true });
  return dir;
}

export interface OwnServer {
  port: number;
  url: string;
  process: ChildProcess;
  /** Everything it printed so far (stdout and stderr). */
  log: () => string;
  /** Resolves with its exit once it has ended. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** SIGTERM, then its exit (nothing when it has already ended). */
  stop: () => Promise<void>;
}

/**
 * A server of the spec's own, as `npm start` runs it (scripts/serve.mjs on the production
 * build the suite made), with `env` over the suite's environment; resolves once its health
 * probe answers 200. The suite's own server runs the demo on the embedded database: a journey
 * that needs another configuration starts this.
 */
export async function startOwnServer(env: Record<string, string>): Promise<OwnServer> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child = spawn(
    process.execPath,
    [path.join(root, "scripts", "serve.mjs"), "-p", String(port), "-H", "127.0.0.1"],
    {
      cwd: root,
      env: { ...process.env, APP_URL: "", PORT: String(port), ...env },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  let log = "";
  child.stdout.on("data", (chunk: Buffer) => (log += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (log += chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once("exit", (code, signal) => resolve({ code, signal })),
  );
  await expect
    .poll(
      async () => {
        if (child.exitCode !== null) throw new Error(`the server ended at start:\n${log}`);
        return fetch(`${url}/api/health`).then(
          (r) => r.status,
          () => 0,
        );
      },
      { timeout: 170_000, intervals: [500] },
    )
    .toBe(200);
  return {
    port,
    url,
    process: child,
    log: () => log,
    exited,
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill("SIGTERM");
      await exited;
    },
  };
}
