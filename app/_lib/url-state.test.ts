import { describe, expect, it } from "vitest";
import {
  createLoader,
  parseAsArrayOf,
  parseAsInteger,
  parseAsString,
  parseAsStringLiteral,
  queryString,
  readUrlState,
  writeUrlState,
} from "./url-state";

const parsers = {
  status: parseAsArrayOf(parseAsStringLiteral(["paid", "pending"])).withDefault([]),
  sort: parseAsStringLiteral(["newest", "oldest"]).withDefault("newest"),
  days: parseAsInteger.withDefault(30),
  q: parseAsString,
};

describe("state kept in the URL", () => {
  it("reads each key, with its default when absent or unreadable", () => {
    expect(readUrlState(parsers, new URLSearchParams("?status=paid,bogus&days=x&q="))).toEqual({
      status: ["paid"],
      sort: "newest",
      days: 30,
      q: "",
    });
    expect(readUrlState(parsers, new URLSearchParams("?sort=oldest&days=7&q=a+b"))).toEqual({
      status: [],
      sort: "oldest",
      days: 7,
      q: "a b",
    });
  });

  it("writes a change, removing keys set to null or to their default, keeping the others", () => {
    const query = new URLSearchParams("?q=tea&sort=oldest&other=1");
    writeUrlState(parsers, query, { status: ["paid", "pending"], sort: "newest", q: null });
    expect(queryString(query)).toBe("?other=1&status=paid,pending");
    writeUrlState(parsers, query, { status: [], days: 7 });
    expect(queryString(query)).toBe("?other=1&days=7");
    expect(queryString(new URLSearchParams())).toBe("");
  });

  it("loads a server page's searchParams, a repeated key by its first value", async () => {
    const load = createLoader(parsers);
    expect(await load(Promise.resolve({ q: ["a", "b"], sort: "oldest" }))).toEqual({
      status: [],
      sort: "oldest",
      days: 30,
      q: "a",
    });
    expect((await load("?q=%2C&status=pending")).q).toBe(",");
  });
});
