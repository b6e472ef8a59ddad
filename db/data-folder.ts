import { accessSync, constants, mkdirSync } from "node:fs";

/** Why a folder cannot hold data, as the operating system said it (EACCES, EROFS…). */
const unwritable = new Set(["EACCES", "EPERM", "EROFS", "ENOENT", "ENOTDIR", "EEXIST"]);

/**
 * The data folder (or one the server writes beside it) cannot be made or written by this
 * process: a read-only mount, a folder owned by another user, a file in the way. Said plainly,
 * with what to do, instead of the bare system error of the first write.
 */
export class DataFolderNotWritableError extends Error {
  constructor(
    readonly folder: string,
    readonly code: string,
  ) {
    super(
      `The data folder ${folder} cannot be created or written by this user (${code}). ` +
        `Set DATA_DIR to a folder this user can write, or give it write access.`,
    );
    this.name = "DataFolderNotWritableError";
  }
}

/** Makes the folder if it is missing and checks that this process can write in it. */
export function prepareDataFolder(folder: string): void {
  try {
    mkdirSync(folder, { recursive: true });
    accessSync(folder, constants.W_OK);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code && unwritable.has(code)) throw new DataFolderNotWritableError(folder, code);
    throw error;
  }
}
