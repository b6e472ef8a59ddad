import { describe, expect, it } from "vitest";
import { canonicalJson } from "./canonical-json.logic";

describe("canonicalJson", () => {
  it("gives the same text whatever the key order, at every level", () => {
    const a = { b: 1, a: { y: [1, { q: true, p: null }], x: "s" } };
    const b = { a: { x: "s", y: [1, { p: null, q: true }] }, b: 1 };
    expect(canonicalJson(a)).toBe(canonicalJson(b));
    expect(canonicalJson(a)).toBe('{"a":{"x":"s","y":[1,{"p":null,"q":true}]},"b":1}');
  });

  it("survives a JSON round trip (what jsonb does to a value)", () => {
    const value = { z: "中文", a: [3, 2, 1], m: { n: 1.5, when: "2025-01-01T00:00:00.000Z" } };
    expect(canonicalJson(JSON.parse(JSON.stringify(value)))).toBe(canonicalJson(value));
  });

  it("keeps array order, since it carries meaning", () => {
    expect(canonicalJson([1, 2])).not.toBe(canonicalJson([2, 1]));
  });

  it("drops undefined properties as JSON does, and writes dates as ISO text", () => {
    expect(canonicalJson({ a: 1, b: undefined })).toBe(canonicalJson({ a: 1 }));
    expect(canonicalJson({ at: new Date("2025-01-02T03:04:05.678Z") })).toBe(
      '{"at":"2025-01-02T03:04:05.678Z"}',
    );
    expect(canonicalJson(undefined)).toBe("null");
  });
});

describe("canonicalJson: bigints", () => {
  it("writes a bigint as its decimal text, beyond what a number can hold", () => {
    expect(canonicalJson({ amountMinor: 9_007_199_254_740_993n })).toBe(
      '{"amountMinor":"9007199254740993"}',
    );
  });
});
