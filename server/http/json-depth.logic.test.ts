import { describe, expect, it } from "vitest";
import { nestsDeeperThan } from "./json-depth.logic";

const nested = (depth: number) => "[".repeat(depth) + "]".repeat(depth);

describe("nestsDeeperThan", () => {
  it("counts arrays and objects, up to the limit and one past it", () => {
    expect(nestsDeeperThan(nested(3), 3)).toBe(false);
    expect(nestsDeeperThan(nested(4), 3)).toBe(true);
    expect(nestsDeeperThan('{"a":{"b":[1,{"c":2}]}}', 4)).toBe(false);
    expect(nestsDeeperThan('{"a":{"b":[1,{"c":2}]}}', 3)).toBe(true);
    // Siblings do not add up: depth comes back down after each.
    expect(nestsDeeperThan("[" + "[],".repeat(1000) + "[]]", 2)).toBe(false);
  });

  it("does not count brackets inside strings, escaped quotes included", () => {
    expect(nestsDeeperThan(JSON.stringify({ note: "[[[[{{{{" }), 1)).toBe(false);
    expect(nestsDeeperThan(JSON.stringify({ note: 'say "[[[[" \\ then [' }), 1)).toBe(false);
    expect(nestsDeeperThan(JSON.stringify([{ note: '"' }, [[]]]), 2)).toBe(true);
  });

  it("answers a megabyte of nesting at once", () => {
    expect(nestsDeeperThan(nested(500_000), 64)).toBe(true);
  });
});
