import { describe, expect, it } from "vitest";
import { maxBatchSize, maxInputDepth, trpcHandler } from "./trpc-handler";

describe("trpcHandler", () => {
  it("refuses a batch of more calls than a page ever asks together, before running any", async () => {
    const paths = Array.from({ length: maxBatchSize + 1 }, () => "me.get").join(",");
    const res = await trpcHandler(new Request(`http://localhost/api/trpc/${paths}?batch=1`));
    expect(res.status).toBe(400);
    expect(await res.text()).toMatch(/Batch call exceeds maximum size/);
  });

  it("refuses an input nested deeper than any page sends, before parsing it", async () => {
    const depth = maxInputDepth + 1;
    const res = await trpcHandler(
      new Request("http://localhost/api/trpc/pay.view", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: `{"json":${"[".repeat(depth)}${"]".repeat(depth)}}`,
      }),
    );
    expect(res.status).toBe(400);
    expect(await res.text()).toMatch(/nested too deeply/);
  });

  it("reads the body from the bytes the app server hands over, the request carrying none", async () => {
    const depth = maxInputDepth + 1;
    const res = await trpcHandler(
      new Request("http://localhost/api/trpc/pay.view", {
        method: "POST",
        headers: { "content-type": "application/json" },
      }),
      Buffer.from(`{"json":${"[".repeat(depth)}${"]".repeat(depth)}}`),
    );
    expect(res.status).toBe(400);
    expect(await res.text()).toMatch(/nested too deeply/);
  });
});
