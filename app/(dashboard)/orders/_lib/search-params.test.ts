import { describe, expect, it } from "vitest";
import { paymentMethodKinds } from "@/db/schema/enum-values";
import { activeFilterCount, loadOrderFilters, methodKinds, toListInput } from "./search-params";

describe("order list filters from the URL", () => {
  it("offers every payment method the server knows, cash first", () => {
    expect(methodKinds[0]).toBe("cash");
    expect([...methodKinds].sort()).toEqual([...paymentMethodKinds].sort());
  });

  it("reads the URL into the list's input, amounts converted to minor units", async () => {
    const filters = await loadOrderFilters(
      "?status=paid,pending&method=cash&from=2026-11-01&to=2026-11-30&min=12.50&max=1,000&q=+20261126-0001+&sort=amount_desc",
    );
    expect(toListInput(filters, "CNY")).toEqual({
      status: ["paid", "pending"],
      methodKind: "cash",
      from: "2026-11-01",
      to: "2026-11-30",
      minAmountMinor: "1250",
      maxAmountMinor: "100000",
      q: "20261126-0001",
      sort: "amount_desc",
    });
    expect(activeFilterCount(filters)).toBe(7);
  });

  it("leaves out values a hand-edited URL mangled instead of failing the page", async () => {
    const filters = await loadOrderFilters(
      "?status=paid,bogus&method=gold&store=nope&from=yesterday&min=12,5&sort=random",
    );
    expect(toListInput(filters, "CNY")).toEqual({ status: ["paid"], sort: "newest" });
  });

  it("keeps the page cursor and the shop currency's digits", async () => {
    const filters = await loadOrderFilters("?min=1200&cursor=abc");
    expect(toListInput(filters, "JPY")).toEqual({
      minAmountMinor: "1200",
      cursor: "abc",
      sort: "newest",
    });
  });
});
