import { describe, expect, it } from "vitest";
import { pickFrom } from "./pick-messages";

const catalogue = () => ({
  common: { close: "Close" },
  errors: { required: "Required.", internal: "Something went wrong.", other: "Other." },
  guides: { title: "Guides", practice: { banner: "Practice" }, notice: { due: "Due" } },
});

describe("pickFrom", () => {
  it("sends a namespace whole, and of a group only that group under its path", () => {
    const all = catalogue();
    expect(pickFrom(all, ["guides.practice"], ["required"], ["common"])).toEqual({
      common: { close: "Close" },
      guides: { practice: { banner: "Practice" } },
      errors: { required: "Required." },
    });
    expect(pickFrom(all, ["guides.practice", "guides.notice"], [], [])).toEqual({
      guides: { practice: { banner: "Practice" }, notice: { due: "Due" } },
      errors: {},
    });
  });

  it("sends a namespace whole when it is named whole beside a group of it", () => {
    const all = catalogue();
    for (const order of [
      ["guides", "guides.practice"],
      ["guides.practice", "guides"],
    ]) {
      expect(pickFrom(all, order, [], []).guides).toEqual(catalogue().guides);
    }
    expect(all).toEqual(catalogue());
  });

  it("gives all of errors when asked, else the keys listed", () => {
    const all = catalogue();
    expect(pickFrom(all, ["errors"], ["required"], []).errors).toBe(all.errors);
    expect(pickFrom(all, [], ["internal"], []).errors).toEqual({
      internal: "Something went wrong.",
    });
  });

  it("refuses a namespace or group the catalogue lacks", () => {
    expect(() => pickFrom(catalogue(), ["guides.nothing"], [], [])).toThrow(/guides\.nothing/);
    expect(() => pickFrom(catalogue(), ["nothing"], [], [])).toThrow(/nothing/);
  });
});
