import { readdirSync, readlinkSync, realpathSync } from "node:fs";
import path from "node:path";

/**
 * The other processes with files open in a folder. PGlite does not lock its data folder,
 * and two processes writing one folder corrupt it, so a tool that opens the embedded
 * database beside a possibly running server checks first. Reads /proc (Linux): elsewhere,
 * and for other users' processes, it finds nothing.
 */
export function processesUsingFolder(dir: string): number[] {
  let prefix: string;
  let pids: string[];
  try {
    prefix = realpathSync(dir) + path.sep;
    pids = readdirSync("/proc").filter((name) => /^\d+$/.test(name));
  } catch {
    return [];
  }
  const found: number[] = [];
  for (const pid of pids) {
    if (Number(pid) === process.pid) continue;
    let fds: string[];
    try {
      fds = readdirSync(`/proc/${pid}/fd`);
    } catch {
      continue; // gone, or not ours to inspect
    }
    const usesFolder = fds.some((fd) => {
      try {
        return readlinkSync(`/proc/${pid}/fd/${fd}`).startsWith(prefix);
      } catch {
        return false; // closed meanwhile
      }
    });
    if (usesFolder) found.push(Number(pid));
  }
  return found;
}
