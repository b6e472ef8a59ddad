import { describe, expect, it } from "vitest";
import {
  currencySchema,
  localeSchema,
  timeZoneSchema,
  updateMerchantSettingsInput,
} from "./merchant.schema";

describe("timeZoneSchema", () => {
  it.each(["Asia/Shanghai", "Europe/Berlin", "America/New_York", "UTC"])("accepts %s", (tz) => {
    expect(timeZoneSchema.parse(tz)).toBe(tz);
  });

  it.each(["Mars/Base", "", "asia/shanghai ", "GMT+8", "Asia"])(
    "refuses %j with invalidTimeZone",
    (tz) => {
      const result = timeZoneSchema.safeParse(tz);
      expect(result.success).toBe(false);
      expect(result.error?.issues[0]?.message).toBe("invalidTimeZone");
    },
  );
});

describe("currencySchema", () => {
  it.each(["CNY", "USD", "EUR", "HKD", "JPY"])("accepts %s", (c) => {
    expect(currencySchema.parse(c)).toBe(c);
  });

  it("upper-cases a code typed in lower case", () => {
    expect(currencySchema.parse("cny")).toBe("CNY");
  });

  it.each(["XYZ", "RMB", "CN", "CNYY", "", "12$"])("refuses %j with invalidCurrency", (c) => {
    const result = currencySchema.safeParse(c);
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => i.message)).toContain("invalidCurrency");
  });
});

describe("localeSchema", () => {
  it("accepts only the two console locales", () => {
    expect(localeSchema.safeParse("zh-CN").success).toBe(true);
    expect(localeSchema.safeParse("en").success).toBe(true);
    expect(localeSchema.safeParse("fr").success).toBe(false);
  });
});

describe("updateMerchantSettingsInput", () => {
  const valid = {
    name: "  Tea House  ",
    timeZone: "Asia/Shanghai",
    defaultCurrency: "cny",
    locale: "zh-CN",
  };

  it("normalises the name and currency", () => {
    expect(updateMerchantSettingsInput.parse(valid)).toEqual({
      name: "Tea House",
      timeZone: "Asia/Shanghai",
      defaultCurrency: "CNY",
      locale: "zh-CN",
    });
  });

  it("refuses a blank name and names the field", () => {
    const result = updateMerchantSettingsInput.safeParse({ ...valid, name: "   " });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]).toMatchObject({ path: ["name"], message: "required" });
  });

  it("reports each bad field under its own name", () => {
    const result = updateMerchantSettingsInput.safeParse({
      ...valid,
      timeZone: "Mars/Base",
      defaultCurrency: "XYZ",
    });
    expect(result.success).toBe(false);
    const paths = result.error?.issues.map((i) => i.path.join("."));
    expect(paths).toEqual(expect.arrayContaining(["timeZone", "defaultCurrency"]));
  });
});
