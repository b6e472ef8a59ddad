import { describe, expect, it } from "vitest";
import { readCappedText } from "./capped-body";

/** A body that never ends: reading it whole would never finish. */
function endlessBody() {
  let sent = 0;
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      sent += 1;
      controller.enqueue(new Uint8Array(1024).fill(0x61));
    },
  });
  return { stream, sent: () => sent };
}

describe("readCappedText", () => {
  it("reads a body under the cap whole", async () => {
    const req = new Request("http://x/", { method: "POST", body: "你好, provider" });
    expect(await readCappedText(req, 1024)).toBe("你好, provider");
  });

  it("stops reading a body past the cap, keeping one byte more than it so the caller can tell", async () => {
    const body = endlessBody();
    // Node needs `duplex` for a streamed body; the DOM typing does not know it.
    const init = { method: "POST", body: body.stream, duplex: "half" } as RequestInit;
    const req = new Request("http://x/", init);
    const text = await readCappedText(req, 4096);
    expect(text).toHaveLength(4097);
    // What follows the cap is drained up to 1 MB, then the body is given up.
    expect(body.sent()).toBeLessThan(1100);
  });

  it("reads a body a little past the cap to its end, keeping only what the cap allows", async () => {
    let ended = false;
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < 300; i++) controller.enqueue(new Uint8Array(1024).fill(0x61));
        controller.close();
      },
      cancel() {
        ended = true;
      },
    });
    const init = { method: "POST", body: stream, duplex: "half" } as RequestInit;
    const text = await readCappedText(new Request("http://x/", init), 4096);
    expect(text).toHaveLength(4097);
    // Not cancelled: its connection is left ready for the next request.
    expect(ended).toBe(false);
  });

  it("reads an empty body as empty text", async () => {
    expect(await readCappedText(new Request("http://x/", { method: "POST" }), 10)).toBe("");
  });
});
