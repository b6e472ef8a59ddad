import { describe, expect, it } from "vitest";
import { pretendBalance } from "./balance";

describe("pretendBalance", () => {
  it("is 8,888 in the currency's minor units", () => {
    expect(pretendBalance(2350n, "CNY")).toBe(888800n);
    expect(pretendBalance(500n, "JPY")).toBe(8888n);
    expect(pretendBalance(1000n, "KWD")).toBe(8888000n);
  });

  it("covers an amount above that twice over", () => {
    expect(pretendBalance(888800n, "CNY")).toBe(1777600n);
    expect(pretendBalance(10n ** 15n, "CNY")).toBe(2n * 10n ** 15n);
  });
});
