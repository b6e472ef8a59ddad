import { describe, expect, it } from "vitest";
import { engine, setupTestDatabase } from "@/test/db";
import { testEncryptionKey } from "@/test/fixtures";
import { seedPayments } from "@/test/payments";
import { countUnreadableCredentials } from "./sealed-credentials.service";

const { db } = setupTestDatabase();

describe(`sealed credentials (${engine})`, () => {
  it("counts the methods whose credentials another key sealed, none with the right key", async () => {
    await seedPayments(db, "Sealed");
    await seedPayments(db, "Sealed too");
    expect(await countUnreadableCredentials(db, testEncryptionKey)).toBe(0);
    // The key of another start: every sandbox wallet the seeds sealed is unreadable.
    expect(await countUnreadableCredentials(db, Buffer.alloc(32, 9))).toBe(2);
  });
});
