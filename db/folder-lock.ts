import { createHash } from "node:crypto";
import { realpathSync, unlinkSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";

/** Who holds a data folder, as the holder tells it. */
export interface FolderHolder {
  pid: number;
  command: string;
  since: string;
}

/**
 * The embedded database's folder is open in another process. PGlite takes no lock of its own,
 * and two processes writing one folder lose acknowledged writes and then corrupt it.
 */
export class DataFolderInUseError extends Error {
  constructor(
    readonly folder: string,
    readonly holder: FolderHolder | null,
  ) {
    const who = holder
      ? `process ${holder.pid} (${holder.command}), since ${holder.since}`
      : "another process";
    super(
      `The data folder ${folder} is in use by ${who}. Only one process may open the embedded ` +
        `database: stop it first, or use PostgreSQL (DATABASE_URL) to run several.`,
    );
    this.name = "DataFolderInUseError";
  }
}

export interface FolderLock {
  release: () => Promise<void>;
}

/**
 * The lock is a listening local socket named after the folder's real path. The kernel frees it
 * when the process ends, however it ends (a crash, SIGKILL), so no stale lock outlives its holder;
 * and while it is held, the second opener asks it who it is. On Linux the name is in the abstract
 * namespace (no file; per network namespace, so two containers sharing a volume must not both
 * open it), on Windows it is a named pipe; elsewhere it is a socket file in the temp folder.
 */
function socketName(folder: string): { name: string; isFile: boolean } {
  const hash = createHash("sha256").update(folder).digest("hex").slice(0, 32);
  if (process.platform === "linux") return { name: `\0hexiao-data-${hash}`, isFile: false };
  if (process.platform === "win32")
    return { name: `\\\\?\\pipe\\hexiao-data-${hash}`, isFile: false };
  return { name: path.join(os.tmpdir(), `hexiao-data-${hash}.sock`), isFile: true };
}

/** Asks the holder who it is; null when nobody answers (a stale socket file). */
function askHolder(name: string): Promise<FolderHolder | null | "gone"> {
  return new Promise((resolve) => {
    const socket = net.connect(name);
    let text = "";
    socket.setTimeout(2000, () => socket.destroy());
    socket.on("data", (chunk) => (text += chunk.toString("utf8")));
    socket.on("error", (err: NodeJS.ErrnoException) =>
      resolve(err.code === "ECONNREFUSED" || err.code === "ENOENT" ? "gone" : null),
    );
    socket.on("close", () => {
      try {
        resolve(JSON.parse(text) as FolderHolder);
      } catch {
        resolve(null);
      }
    });
  });
}

function listen(server: net.Server, name: string): Promise<NodeJS.ErrnoException | null> {
  return new Promise((resolve) => {
    const onError = (err: NodeJS.ErrnoException) => resolve(err);
    server.once("error", onError);
    server.listen(name, () => {
      server.off("error", onError);
      resolve(null);
    });
  });
}

/**
 * Takes the folder for this process until `release` (or the process's end). Throws
 * DataFolderInUseError, naming the holder, when another process has it.
 */
export async function lockDataFolder(folder: string): Promise<FolderLock> {
  const real = realpathSync(folder);
  const { name, isFile } = socketName(real);
  const me: FolderHolder = {
    pid: process.pid,
    command: [path.basename(process.argv[0] ?? "node"), ...process.argv.slice(1)].join(" "),
    since: new Date().toISOString(),
  };
  const server = net.createServer((socket) => socket.end(JSON.stringify(me)));
  let err = await listen(server, name);
  if (err?.code === "EADDRINUSE") {
    const holder = await askHolder(name);
    // A socket file left by a process that ended: nobody listens on it, so it is taken over.
    if (holder === "gone" && isFile) {
      unlinkSync(name);
      err = await listen(server, name);
    }
    if (err) throw new DataFolderInUseError(real, holder === "gone" ? null : holder);
  }
  if (err) throw err;
  // The lock must not keep a script alive once its work is done.
  server.unref();
  return {
    release: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
