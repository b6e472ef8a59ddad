import { describe, expect, it } from "vitest";
import { sendSmallAnswerAsIs } from "./small-answer";

describe("sendSmallAnswerAsIs", () => {
  it("marks a small answer no-transform, keeping its status, body and every header", async () => {
    const headers = new Headers({
      "content-type": "application/json",
      "cache-control": "no-store",
    });
    headers.append("set-cookie", "a=1; Path=/");
    headers.append("set-cookie", "b=2; Path=/");
    const answer = await sendSmallAnswerAsIs(
      new Response(JSON.stringify({ result: "redeemed" }), { status: 200, headers }),
    );
    expect(answer.status).toBe(200);
    expect(answer.headers.get("cache-control")).toBe("no-store, no-transform");
    expect(answer.headers.getSetCookie()).toEqual(["a=1; Path=/", "b=2; Path=/"]);
    expect(await answer.json()).toEqual({ result: "redeemed" });
  });

  it("leaves a large answer to be compressed", async () => {
    const text = "x".repeat(4096);
    const answer = await sendSmallAnswerAsIs(
      new Response(text, { status: 201, headers: { "content-type": "text/plain" } }),
    );
    expect(answer.status).toBe(201);
    expect(answer.headers.has("cache-control")).toBe(false);
    expect(await answer.text()).toBe(text);
  });

  it("passes a stream on untouched, without waiting for its end", async () => {
    const never = new ReadableStream<Uint8Array>({ pull: () => new Promise(() => {}) });
    const live = new Response(never, { headers: { "content-type": "text/event-stream" } });
    expect(await sendSmallAnswerAsIs(live)).toBe(live);
    const batch = new Response(never, { headers: { "transfer-encoding": "chunked" } });
    expect(await sendSmallAnswerAsIs(batch)).toBe(batch);
  });
});
