import { describe, expect, it } from "vitest";
import { decodeCursor, encodeCursor, keysetPage } from "./keyset.logic";

const id = "0b4f6c1e-2a3d-4e5f-8a9b-0c1d2e3f4a5b";
const token = (v: unknown) => Buffer.from(JSON.stringify(v)).toString("base64url");

describe("keyset cursor", () => {
  it("round-trips an instant and a whole number", () => {
    const at = new Date("2026-03-01T05:00:00.123Z");
    expect(decodeCursor(encodeCursor(at, id), "instant")).toEqual({ v: at.toISOString(), id });
    expect(decodeCursor(encodeCursor(12_345n, id), "integer")).toEqual({ v: "12345", id });
  });

  it("refuses a token of the other kind, a tampered one, or none", () => {
    expect(decodeCursor(encodeCursor(12_345n, id), "instant")).toBeNull();
    expect(decodeCursor(encodeCursor(new Date(), id), "integer")).toBeNull();
    for (const raw of [
      undefined,
      "",
      "not-a-cursor",
      Buffer.from("not json").toString("base64url"),
      token(null),
      token({ v: "2026-03-01T05:00:00.000Z", id: "1 or 1=1" }),
      token({ v: 5, id }),
      // Strings JavaScript reads as dates but PostgreSQL does not.
      token({ v: "1", id }),
      token({ v: "March 1", id }),
    ])
      expect(decodeCursor(raw, "instant"), String(raw)).toBeNull();
    expect(decodeCursor(token({ v: "-1", id }), "integer")).toBeNull();
  });

  it("pages rows fetched with one extra, and gives a token only when more follow", () => {
    const rows = [1, 2, 3].map((n) => ({ n, at: new Date(Date.UTC(2026, 2, n)), id }));
    const full = keysetPage(rows, 2, (r) => [r.at, r.id]);
    expect(full.rows.map((r) => r.n)).toEqual([1, 2]);
    expect(decodeCursor(full.nextCursor!, "instant")?.v).toBe("2026-03-02T00:00:00.000Z");
    expect(keysetPage(rows, 3, (r) => [r.at, r.id]).nextCursor).toBeNull();
  });
});
