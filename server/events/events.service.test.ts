import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { engine, setupTestDatabase } from "@/test/db";
import { EventHub, eventsChannel, publishEvent, type PaymentEvent } from "./events.service";

const database = setupTestDatabase();
const { db } = database;
/** Every payload this listener on the database has heard, in arrival order. */
const heard: PaymentEvent[] = [];
let stopListening: () => Promise<void>;

beforeAll(async () => {
  stopListening = await database.opened.listen(eventsChannel, (payload) => {
    heard.push(JSON.parse(payload) as PaymentEvent);
  });
});
afterAll(async () => {
  await stopListening();
});

function event(orderStatus = "paid"): PaymentEvent {
  return {
    merchantId: randomUUID(),
    orderId: randomUUID(),
    token: null,
    orderStatus,
    attemptStatus: null,
  };
}

const heardOrder = (e: PaymentEvent) => heard.filter((h) => h.orderId === e.orderId);

/** Waits until a marker published (and committed) after `e` has arrived: anything of `e` would have too. */
async function settle() {
  const marker = event("marker");
  await publishEvent(db, marker);
  await vi.waitFor(() => expect(heardOrder(marker)).toHaveLength(1), { timeout: 60_000 });
}

describe(`publishEvent over LISTEN/NOTIFY (${engine})`, () => {
  it("delivers an event of a committed transaction once, with its payload intact", async () => {
    const e = { ...event(), token: "tok_中文-ok", attemptStatus: "succeeded" };
    await db.transaction(async (tx) => {
      await publishEvent(tx, e);
    });
    await vi.waitFor(() => expect(heardOrder(e)).toHaveLength(1), { timeout: 60_000 });
    await settle();
    expect(heardOrder(e)).toEqual([e]);
  });

  it("never delivers an event of a transaction that rolled back", async () => {
    const e = event();
    await expect(
      db.transaction(async (tx) => {
        await publishEvent(tx, e);
        throw new Error("the change failed after announcing it");
      }),
    ).rejects.toThrow("the change failed");
    await settle();
    expect(heardOrder(e)).toEqual([]);
  });

  it("never delivers before the transaction commits", async () => {
    const e = event();
    await db.transaction(async (tx) => {
      await publishEvent(tx, e);
      // More work in the same transaction after the announcement...
      await tx.execute(sql`select pg_sleep(0.05)`);
      if (database.opened.engine === "postgres") {
        // ...while another connection's committed event overtakes it: proof the listener
        // was reachable and the first event was held back for the commit.
        await settle();
      }
      expect(heardOrder(e)).toEqual([]);
    });
    await vi.waitFor(() => expect(heardOrder(e)).toHaveLength(1), { timeout: 60_000 });
  });

  it("delivers in commit order, each event once", async () => {
    const events = Array.from({ length: 5 }, () => event());
    for (const e of events) {
      await db.transaction(async (tx) => {
        await publishEvent(tx, e);
      });
    }
    await settle();
    const ids = new Set(events.map((e) => e.orderId));
    expect(heard.filter((h) => ids.has(h.orderId)).map((h) => h.orderId)).toEqual(
      events.map((e) => e.orderId),
    );
  });
});

describe("EventHub", () => {
  it("hands matching events to a watcher from the moment it asked, until it stops", async () => {
    const hub = new EventHub();
    const abort = new AbortController();
    const mine = event();
    const stream = hub.watch((e) => e.orderId === mine.orderId, abort.signal);
    // Delivered before the first read: still received, since listening began at watch().
    hub.deliver(JSON.stringify(event()));
    hub.deliver(JSON.stringify(mine));
    hub.deliver("not json {");
    expect((await stream.next()).value).toEqual(mine);
    abort.abort();
    expect(await stream.next()).toEqual({ done: true, value: undefined });
  });
});
