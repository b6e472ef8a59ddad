import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { makeTempFolder, removeOrphanedTempFiles, tempName } from "./temp-files";

/** The id of a process that has ended. */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ["-e", ""], { stdio: "ignore" });
  await new Promise((resolve) => child.once("exit", resolve));
  return child.pid!;
}

const folders: string[] = [];
function scratch(): string {
  const dir = mkdtempSync(path.join(tmpdir(), "temp-files-test-"));
  folders.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of folders.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe("copies a killed server left in the temporary folders", () => {
  // A server killed while the owner downloaded a backup left the whole database, unencrypted,
  // in /tmp for good (likewise a statement being imported, a backup being restored).
  it("removes those of processes that have ended, and nothing else", async () => {
    const dir = scratch();
    const dead = await deadPid();
    mkdirSync(path.join(dir, `hexiao-backup-${dead}-Ab12Cd`));
    writeFileSync(path.join(dir, `hexiao-backup-${dead}-Ab12Cd`, "backup"), "every table");
    writeFileSync(path.join(dir, `hexiao-restore-${dead}-0011aabb`), "a backup being restored");
    // Another server on this machine, still running: its download goes on.
    mkdirSync(path.join(dir, `hexiao-statement-${process.ppid}-Xy34Zw`));
    // Not ours, or not named by a process.
    mkdirSync(path.join(dir, `hexiao-e2e-${dead}-Qq11Ww`));
    mkdirSync(path.join(dir, "hexiao-backup-Ab12Cd"));
    writeFileSync(path.join(dir, "notes.txt"), "");

    expect(await removeOrphanedTempFiles([dir, path.join(dir, "absent")])).toBe(2);
    expect(readdirSync(dir).sort()).toEqual(
      [
        `hexiao-statement-${process.ppid}-Xy34Zw`,
        `hexiao-e2e-${dead}-Qq11Ww`,
        "hexiao-backup-Ab12Cd",
        "notes.txt",
      ].sort(),
    );
  });

  // A restarted container gives the new server the old one's process id.
  it("takes this process's id as a former holder's when the copy predates the start", async () => {
    const dir = scratch();
    const mine = await makeTempFolder("statement", dir);
    const former = path.join(dir, `${tempName("backup")}Old123`);
    mkdirSync(former);
    const hourAgo = new Date(Date.now() - 3_600_000);
    utimesSync(former, hourAgo, hourAgo);

    const startedAt = new Date(Date.now() - 60_000);
    expect(await removeOrphanedTempFiles([dir], { startedAt })).toBe(1);
    expect(readdirSync(dir)).toEqual([path.basename(mine)]);
  });
});
