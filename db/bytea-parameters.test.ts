import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { engine, setupTestDatabase } from "@/test/db";

const { db } = setupTestDatabase();

// Both engines take a Buffer as a bytea parameter (PGlite's is sent as bytes, see db/open.ts).
describe(`bytea parameters (${engine})`, () => {
  it("arrive byte for byte, every byte value included", async () => {
    const bytes = Buffer.from(Array.from({ length: 256 }, (_, i) => i));
    const result = (await db.execute(
      sql`select length(${bytes}::bytea) as n, encode(${bytes}::bytea, 'hex') as hex`,
    )) as unknown as { rows: { n: number; hex: string }[] };
    expect(result.rows).toEqual([{ n: 256, hex: bytes.toString("hex") }]);
  });

  it("carry UTF-8 text that the database reads as such", async () => {
    const text = '[{"raw":"`核销 ¥12.30","n":1}]';
    const result = (await db.execute(
      sql`select b.raw, b.n from json_to_recordset(convert_from(${Buffer.from(text)}::bytea, 'UTF8')::json)
          as b(raw text, n int)`,
    )) as unknown as { rows: { raw: string; n: number }[] };
    expect(result.rows).toEqual([{ raw: "`核销 ¥12.30", n: 1 }]);
  });
});
