import { describe, expect, it } from "vitest";
import { acceptedCurrencies, acceptedTimeZones } from "@/server/merchants/merchant.schema";
import { currencyOfZone } from "./zone-currency";

describe("the currency a new shop is offered for its time zone", () => {
  it("is the region's everyday currency", () => {
    expect(currencyOfZone("Asia/Shanghai")).toBe("CNY");
    expect(currencyOfZone("Asia/Hong_Kong")).toBe("HKD");
    expect(currencyOfZone("America/New_York")).toBe("USD");
    expect(currencyOfZone("Pacific/Honolulu")).toBe("USD");
    expect(currencyOfZone("Europe/London")).toBe("GBP");
    expect(currencyOfZone("Europe/Berlin")).toBe("EUR");
    expect(currencyOfZone("Europe/Sofia")).toBe("EUR"); // Bulgaria, on the euro since 2026
    expect(currencyOfZone("Asia/Tokyo")).toBe("JPY");
  });

  it("knows a zone by either of its names", () => {
    expect(currencyOfZone("Asia/Kolkata")).toBe("INR");
    expect(currencyOfZone("Asia/Calcutta")).toBe("INR");
    expect(currencyOfZone("Europe/Kyiv")).toBe("UAH");
    expect(currencyOfZone("Europe/Kiev")).toBe("UAH");
  });

  it("has none for zones of no country, and for what is not a zone", () => {
    expect(currencyOfZone("UTC")).toBeUndefined();
    expect(currencyOfZone("Etc/GMT+3")).toBeUndefined();
    expect(currencyOfZone("Antarctica/Troll")).toBeUndefined();
    expect(currencyOfZone("Not/A_Zone")).toBeUndefined();
    expect(currencyOfZone("")).toBeUndefined();
  });

  it("places nearly every zone a shop may choose, always on a currency a shop may keep", () => {
    const accepted = new Set(acceptedCurrencies);
    const placed = acceptedTimeZones.map(currencyOfZone).filter((c) => c !== undefined);
    for (const currency of placed) expect(accepted.has(currency)).toBe(true);
    // Only UTC-like and Antarctic zones are left out (about a dozen of ~420).
    expect(placed.length).toBeGreaterThan(acceptedTimeZones.length - 20);
  });
});
