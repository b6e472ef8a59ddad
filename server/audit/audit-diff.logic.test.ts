import { describe, expect, it } from "vitest";
import { changeValueText, fieldChanges } from "./audit-diff.logic";

describe("fieldChanges", () => {
  it("lists only the fields that changed, in key order", () => {
    expect(
      fieldChanges({ name: "Old", hour: 3, keep: 2 }, { name: "New", hour: 3, keep: 5 }),
    ).toEqual([
      { path: "keep", before: 2, after: 5 },
      { path: "name", before: "Old", after: "New" },
    ]);
  });

  it("walks nested objects to their leaves and compares arrays whole", () => {
    expect(
      fieldChanges(
        { address: { city: "Shanghai", street: "A" }, roles: ["staff"] },
        { address: { city: "Beijing", street: "A" }, roles: ["staff", "manager"] },
      ),
    ).toEqual([
      { path: "address.city", before: "Shanghai", after: "Beijing" },
      { path: "roles", before: ["staff"], after: ["staff", "manager"] },
    ]);
  });

  it("shows a creation as new fields and a removal as fields gone", () => {
    expect(fieldChanges(null, { name: "Till 1" })).toEqual([
      { path: "name", before: null, after: "Till 1" },
    ]);
    expect(fieldChanges({ name: "Till 1" }, null)).toEqual([
      { path: "name", before: "Till 1", after: null },
    ]);
    expect(fieldChanges(null, null)).toEqual([]);
    expect(fieldChanges({ filters: null }, { filters: { action: "x" }, format: "csv" })).toEqual([
      { path: "filters.action", before: null, after: "x" },
      { path: "format", before: null, after: "csv" },
    ]);
  });

  it("treats a missing field and null alike, and a scalar change as one value", () => {
    expect(fieldChanges({ a: null }, {})).toEqual([]);
    expect(fieldChanges("draft", "sent")).toEqual([
      { path: "value", before: "draft", after: "sent" },
    ]);
  });
});

describe("changeValueText", () => {
  it("shows text as is, nothing as a dash, other values as JSON", () => {
    expect(changeValueText("茶馆")).toBe("茶馆");
    expect(changeValueText(null)).toBe("—");
    expect(changeValueText(12)).toBe("12");
    expect(changeValueText(["a"])).toBe('["a"]');
  });
});
