import { describe, expect, it } from "vitest";
import { machineTimeZone } from "./setup.logic";

describe("the time zone npm run setup offers", () => {
  it("is the machine's own zone", () => {
    expect(machineTimeZone("Europe/London")).toBe("Europe/London");
    expect(machineTimeZone("America/New_York")).toBe("America/New_York");
    expect(machineTimeZone("UTC")).toBe("UTC");
  });

  it("falls back to the product's default when the machine names none a shop may choose", () => {
    expect(machineTimeZone("")).toBe("Asia/Shanghai");
    expect(machineTimeZone("Mars/Olympus_Mons")).toBe("Asia/Shanghai");
  });
});
