import { describe, expect, it } from "vitest";
import { POST } from "./route";

const mutation = (headers: Record<string, string>) =>
  new Request("http://shop.example:3000/api/trpc/pay.retry", {
    method: "POST",
    headers: { "content-type": "application/json", host: "shop.example:3000", ...headers },
    body: JSON.stringify({ json: { token: "x".repeat(20), methodId: crypto.randomUUID() } }),
  });

describe("POST /api/trpc", () => {
  it("refuses a mutation posted from another site's page with 403, before anything runs", async () => {
    const res = await POST(mutation({ origin: "https://evil.example" }));
    expect(res.status).toBe(403);
    expect(await res.json()).toMatchObject({ error: { code: "FORBIDDEN" } });
    expect((await POST(mutation({ "sec-fetch-site": "cross-site" }))).status).toBe(403);
  });
});
