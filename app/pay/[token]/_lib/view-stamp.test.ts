import superjson from "superjson";
import { beforeAll, describe, expect, it } from "vitest";
import { engine, setupTestDatabase } from "@/test/db";
import { contextFor } from "@/test/fixtures";
import { payableOrder, seedPayments, type PaymentsSeed } from "@/test/payments";
import { answerAtEndpoint } from "@/test/trpc-endpoint";
import { appRouter } from "@/server/trpc/root";
import { viewStamp } from "./view-stamp";

const { db } = setupTestDatabase();
let shop: PaymentsSeed;

beforeAll(async () => {
  shop = await seedPayments(db, "Stamp");
});

/** The first view the app's real endpoint sends on `pay.watch`, as the page's EventSource reads it. */
async function firstWatchedView(token: string): Promise<unknown> {
  const input = encodeURIComponent(JSON.stringify(superjson.serialize({ token })));
  const aborted = new AbortController();
  const req = new Request(`http://localhost:3000/api/trpc/pay.watch?input=${input}`, {
    signal: aborted.signal,
  });
  const res = await answerAtEndpoint(db, req, null, { deliverSandbox: () => undefined });
  const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
  let text = "";
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) throw new Error(`the stream ended before a view: ${text}`);
      text += value;
      // An SSE event without a name is a `message`: the view.
      const event = text
        .split("\n\n")
        .find((e) => !/^event:/m.test(e) && /^data:/m.test(e) && text.includes(`${e}\n\n`));
      if (event) return JSON.parse(event.replace(/^data: ?/m, "")) as unknown;
    }
  } finally {
    aborted.abort();
    await reader.cancel().catch(() => undefined);
  }
}

describe(`the pay page's view stamp (${engine})`, () => {
  it("is the same for the view the page renders and the view the live updates send", async () => {
    const { attempt } = await payableOrder(db, shop, 1990n);
    const caller = appRouter.createCaller(contextFor(db, null) as never);
    const rendered = await caller.pay.view({ token: attempt.token });
    const sent = (await firstWatchedView(attempt.token)) as { json: unknown };
    expect(sent.json).toMatchObject({ token: attempt.token, amountMinor: "1990" });
    expect(viewStamp(sent.json)).toBe(viewStamp(superjson.serialize(rendered).json));
  });

  it("changes with the view", () => {
    const view = { status: "created", amountMinor: "1990" };
    expect(viewStamp({ ...view, status: "succeeded" })).not.toBe(viewStamp(view));
  });
});
