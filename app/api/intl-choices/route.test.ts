import { describe, expect, it } from "vitest";
import type { IntlChoices } from "@/app/_lib/intl-choices";
import { updateMerchantSettingsInput } from "@/server/merchants/merchant.schema";
import { GET } from "./route";

describe("the pickers' lists", () => {
  it("offers every zone and currency the settings accept, and nothing they refuse", async () => {
    const res = GET();
    expect(res.headers.get("cache-control")).toBe("public, max-age=86400");
    const { timeZones, currencies, zoneCurrencies } = (await res.json()) as IntlChoices;
    expect(timeZones).toContain("Asia/Shanghai");
    expect(timeZones).toContain("UTC");
    expect(currencies).toContain("CNY");
    const base = { name: "Café", timeZone: "UTC", defaultCurrency: "CNY", locale: "en" };
    for (const timeZone of timeZones)
      expect(updateMerchantSettingsInput.safeParse({ ...base, timeZone }).success).toBe(true);
    for (const defaultCurrency of currencies)
      expect(updateMerchantSettingsInput.safeParse({ ...base, defaultCurrency }).success).toBe(
        true,
      );
    // Beside each zone, its currency for a new shop, or nothing.
    expect(zoneCurrencies).toHaveLength(timeZones.length);
    expect(zoneCurrencies[timeZones.indexOf("America/New_York")]).toBe("USD");
    expect(zoneCurrencies[timeZones.indexOf("UTC")]).toBe("");
    for (const currency of zoneCurrencies) if (currency) expect(currencies).toContain(currency);
  });
});
