import { describe, expect, it } from "vitest";
import { z } from "zod";
import { fieldErrorKeys } from "./field-errors.logic";

const order = z.object({
  note: z.string().max(3, "tooLong"),
  items: z.array(z.object({ name: z.string().min(1, "required"), quantity: z.number() })),
});

describe("fieldErrorKeys", () => {
  it("names a top-level field as zod's flattened errors do", () => {
    const error = order.safeParse({ note: "long", items: [] }).error!;
    expect(fieldErrorKeys(error)).toEqual({ note: ["tooLong"] });
  });

  it("names a list's cell by its whole path beside the list", () => {
    const error = order.safeParse({
      note: "",
      items: [
        { name: "Latte", quantity: 1 },
        { name: "", quantity: 2 },
      ],
    }).error!;
    expect(fieldErrorKeys(error)).toEqual({ items: ["required"], "items.1.name": ["required"] });
  });

  it("leaves out a refusal of the whole input", () => {
    const error = order.safeParse("not an object").error!;
    expect(fieldErrorKeys(error)).toEqual({});
  });
});
