import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { DataFolderInUseError, lockDataFolder } from "./folder-lock";
import { openDatabase } from "./open";

const folders: string[] = [];
function scratchFolder() {
  const dir = mkdtempSync(path.join(os.tmpdir(), "hexiao-lock-"));
  folders.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of folders.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A child process that takes the folder's lock, says so, and waits to be killed. */
function holdInChild(dir: string) {
  const script = `import("./db/folder-lock.ts").then(async (m) => {
    await m.lockDataFolder(${JSON.stringify(dir)});
    console.log("held");
    setInterval(() => {}, 1000);
  });`;
  const child = spawn(process.execPath, ["--import", "tsx", "-e", script], {
    cwd: path.resolve(import.meta.dirname, ".."),
    stdio: ["ignore", "pipe", "inherit"],
  });
  const held = new Promise<void>((resolve, reject) => {
    child.stdout.on("data", (chunk: Buffer) => {
      if (chunk.toString().includes("held")) resolve();
    });
    child.on("exit", (code) => reject(new Error(`the child ended first (${code})`)));
  });
  const ended = new Promise<void>((resolve) => child.on("exit", () => resolve()));
  return { child, held, ended };
}

describe("the data folder lock", () => {
  it("refuses a second holder, naming the first, until it lets go", async () => {
    const dir = scratchFolder();
    const first = await lockDataFolder(dir);
    const refusal = await lockDataFolder(dir).catch((err: unknown) => err);
    expect(refusal).toBeInstanceOf(DataFolderInUseError);
    expect((refusal as DataFolderInUseError).holder?.pid).toBe(process.pid);
    expect((refusal as Error).message).toContain(`process ${process.pid}`);
    await first.release();
    const again = await lockDataFolder(dir);
    await again.release();
  });

  it("is freed by the kernel when its holder is killed", async () => {
    const dir = scratchFolder();
    const { child, held, ended } = holdInChild(dir);
    await held;
    const refusal = await lockDataFolder(dir).catch((err: unknown) => err);
    expect((refusal as DataFolderInUseError).holder?.pid).toBe(child.pid);
    child.kill("SIGKILL");
    await ended;
    const taken = await lockDataFolder(dir);
    await taken.release();
  });

  it("keeps a second opener of the embedded database out, and the first one working", async () => {
    const dir = scratchFolder();
    const first = await openDatabase({ pgliteDir: dir });
    try {
      await expect(openDatabase({ pgliteDir: dir })).rejects.toBeInstanceOf(DataFolderInUseError);
      const rows = await first.db.execute("select 1 as one");
      expect(rows).toBeDefined();
    } finally {
      await first.close();
    }
    const reopened = await openDatabase({ pgliteDir: dir });
    await reopened.close();
  });
});
