import { chmodSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { DataFolderNotWritableError, prepareDataFolder } from "./data-folder";

describe("preparing the data folder", () => {
  let scratch: string;
  afterEach(() => {
    chmodSync(scratch, 0o700);
    rmSync(scratch, { recursive: true, force: true });
  });

  it("makes a missing folder, nested", () => {
    scratch = mkdtempSync(path.join(os.tmpdir(), "hexiao-data-"));
    expect(() => prepareDataFolder(path.join(scratch, "a", "b"))).not.toThrow();
  });

  it("says plainly when a file stands where the folder should be", () => {
    scratch = mkdtempSync(path.join(os.tmpdir(), "hexiao-data-"));
    const file = path.join(scratch, "data");
    writeFileSync(file, "");
    expect(() => prepareDataFolder(path.join(file, "pglite"))).toThrow(DataFolderNotWritableError);
    expect(() => prepareDataFolder(path.join(file, "pglite"))).toThrow(/Set DATA_DIR/);
  });

  // Root writes anywhere whatever the mode says, so the permission case runs only as a user.
  it.skipIf(process.getuid?.() === 0)("says plainly when the folder cannot be written", () => {
    scratch = mkdtempSync(path.join(os.tmpdir(), "hexiao-data-"));
    chmodSync(scratch, 0o500);
    expect(() => prepareDataFolder(scratch)).toThrow(DataFolderNotWritableError);
    expect(() => prepareDataFolder(path.join(scratch, "inside"))).toThrow(/cannot be created/);
  });
});
