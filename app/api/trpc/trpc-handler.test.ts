import { describe, expect, it } from "vitest";
import { maxBatchSize, trpcHandler } from "./trpc-handler";

describe("trpcHandler", () => {
  it("refuses a batch of more calls than a page ever asks together, before running any", async () => {
    const paths = Array.from({ length: maxBatchSize + 1 }, () => "me.get").join(",");
    const res = await trpcHandler(new Request(`http://localhost/api/trpc/${paths}?batch=1`));
    expect(res.status).toBe(400);
    expect(await res.text()).toMatch(/Batch call exceeds maximum size/);
  });
});
