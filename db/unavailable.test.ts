import { describe, expect, it } from "vitest";
import { isDatabaseUnavailable } from "./unavailable";

const withCode = (message: string, code: string) => Object.assign(new Error(message), { code });

describe("isDatabaseUnavailable", () => {
  it("knows a dropped or refused connection, also wrapped by the ORM", () => {
    expect(isDatabaseUnavailable(new Error("Connection terminated unexpectedly"))).toBe(true);
    expect(isDatabaseUnavailable(withCode("terminating connection", "57P01"))).toBe(true);
    expect(isDatabaseUnavailable(withCode("connect ECONNREFUSED", "ECONNREFUSED"))).toBe(true);
    expect(isDatabaseUnavailable(withCode("connection failure", "08006"))).toBe(true);
    const wrapped = new Error("Failed query: select 1", {
      cause: withCode("terminating connection due to administrator command", "57P01"),
    });
    expect(isDatabaseUnavailable(wrapped)).toBe(true);
  });

  it("leaves a query's own faults alone", () => {
    expect(isDatabaseUnavailable(withCode("duplicate key", "23505"))).toBe(false);
    expect(isDatabaseUnavailable(withCode("syntax error", "42601"))).toBe(false);
    expect(isDatabaseUnavailable(new Error("boom"))).toBe(false);
    expect(isDatabaseUnavailable("Connection terminated")).toBe(false);
  });
});
