import { describe, expect, it } from "vitest";
import { z } from "zod";
import { issueErrors, recheckedErrors, withinField } from "./form-errors";

describe("form errors", () => {
  const schema = z.object({
    name: z.string().min(1, { message: "required" }).max(3, { message: "tooLong" }),
    items: z.array(z.object({ price: z.string().min(1, { message: "required" }) })),
  });

  it("keeps the first issue of each field, by its path", () => {
    const result = schema.safeParse({ name: "", items: [{ price: "" }, { price: "1" }] });
    expect(result.success).toBe(false);
    expect(issueErrors(result.error!.issues)).toEqual({
      name: { message: "required" },
      "items.0.price": { message: "required" },
    });
  });

  it("tells a field's parts from another field of a like name", () => {
    expect(withinField("items.0.price", "items")).toBe(true);
    expect(withinField("items", "items")).toBe(true);
    expect(withinField("itemsNote", "items")).toBe(false);
  });

  it("after a change, checks that field again and leaves the others as they were", () => {
    const previous = {
      name: { message: "required" },
      "items.0.price": { message: "required" },
      "root.server": { message: "Refused", type: "translated" as const },
    };
    // The name was fixed; the price is still blank but was not touched.
    const now = { "items.0.price": { message: "required" } };
    expect(recheckedErrors(previous, now, "name")).toEqual({
      "items.0.price": { message: "required" },
      "root.server": { message: "Refused", type: "translated" },
    });
    expect(recheckedErrors({}, now, "name")).toEqual({});
    expect(recheckedErrors({}, now, "items")).toEqual(now);
  });
});
