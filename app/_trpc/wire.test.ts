import superjson, { type SuperJSONResult } from "superjson";
import { describe, expect, it } from "vitest";
import { toWire } from "./address";
import { fromWire } from "./wire";
import { writeWire } from "./wire-writer";

/** What superjson's own reader makes of the wire form of `value`, and what ours does. */
function bothReaders(value: unknown) {
  const wire = JSON.parse(JSON.stringify(superjson.serialize(value))) as Parameters<
    typeof fromWire
  >[0];
  const theirs = superjson.deserialize(structuredClone(wire) as SuperJSONResult);
  return { theirs, ours: fromWire(wire) };
}

describe("the browser's superjson reader and writer", () => {
  it("reads dates, bigints and undefined wherever they are, as superjson does", () => {
    const view = {
      token: "abc",
      amountMinor: 2350n,
      expiresAt: new Date("2026-01-02T03:04:05.678Z"),
      succeededAt: null,
      voucherCode: undefined,
      alternatives: [{ id: "m1", label: "Alipay", feeMinor: 12n, at: new Date(0) }],
      "odd.key\\": { deep: [1n, 2n] },
      ratio: Number.NaN,
      top: Number.POSITIVE_INFINITY,
    };
    const { theirs, ours } = bothReaders(view);
    expect(ours).toEqual(theirs);
    expect(ours).toEqual(view);
  });

  it("reads a value that is itself a date or a bigint", () => {
    expect(bothReaders(new Date(5)).ours).toEqual(new Date(5));
    expect(bothReaders(7n).ours).toBe(7n);
  });

  it("reads a refusal's shape (message, data with nested details)", () => {
    const error = {
      message: "Wrong PIN",
      code: -32600,
      data: { messageKey: "pinFormat", details: { field: "pin", limitMinor: 100n } },
    };
    const { theirs, ours } = bothReaders(error);
    expect(ours).toEqual(theirs);
  });

  it("refuses a type it does not read rather than reading it wrong", () => {
    const wire = superjson.serialize({ seen: new Set(["a"]) }) as Parameters<typeof fromWire>[0];
    expect(() => fromWire(wire)).toThrow(/set/);
  });

  it("sends plain JSON as superjson sends it", () => {
    const input = { token: "abc", rating: 4, comment: "好" };
    expect(toWire(input)).toEqual(superjson.serialize(input));
    expect(writeWire(input)).toEqual(superjson.serialize(input));
    expect(superjson.deserialize(toWire(input) as SuperJSONResult)).toEqual(input);
  });

  it("writes dates, bigints, undefined and odd numbers as superjson writes them", () => {
    const input = {
      storeId: "s1",
      amountMinor: 2350n,
      at: new Date("2026-01-02T03:04:05.678Z"),
      note: undefined,
      items: [{ name: "茶", priceMinor: 12n }, undefined],
      "odd.key\\": { deep: [1n, Number.NaN, -0, Number.NEGATIVE_INFINITY] },
    };
    const ours = writeWire(input);
    expect(ours).toEqual(superjson.serialize(input));
    expect(superjson.deserialize(JSON.parse(JSON.stringify(ours)) as SuperJSONResult)).toEqual(
      input,
    );
    expect(fromWire(JSON.parse(JSON.stringify(ours)) as Parameters<typeof fromWire>[0])).toEqual(
      input,
    );
  });

  it("writes a value that is itself a bigint or a date", () => {
    expect(writeWire(7n)).toEqual(superjson.serialize(7n));
    expect(writeWire(new Date(5))).toEqual(superjson.serialize(new Date(5)));
  });

  it("refuses to send a type it does not write", () => {
    expect(() => writeWire({ seen: new Set(["a"]) })).toThrow(/Set/);
    expect(() => writeWire({ at: new Map() })).toThrow(/Map/);
  });
});
