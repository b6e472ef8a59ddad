import { EventEmitter, on } from "node:events";
import { sql } from "drizzle-orm";
import type { OpenDatabase } from "@/db/open";
import type { DbOrTx } from "@/db/types";

/** The Postgres channel every payment state change is announced on. */
export const eventsChannel = "hexiao_events";

/** A change a screen may be waiting for (the counter, the customer's pay page). */
export interface PaymentEvent {
  merchantId: string;
  orderId: string;
  /** The attempt's public token when the change concerns an attempt. */
  token: string | null;
  orderStatus: string;
  attemptStatus: string | null;
}

/**
 * Announces a change inside the transaction that makes it: Postgres delivers a NOTIFY only
 * on commit, so no screen ever hears of a change that was rolled back, and every app
 * instance listening on the database hears it.
 */
export async function publishEvent(tx: DbOrTx, event: PaymentEvent): Promise<void> {
  await tx.execute(sql`select pg_notify(${eventsChannel}, ${JSON.stringify(event)})`);
}

/** This process's subscribers, fed from one LISTEN connection. */
export class EventHub {
  private readonly emitter = new EventEmitter();

  constructor() {
    // Every open pay page and counter screen is one listener.
    this.emitter.setMaxListeners(0);
  }

  /** Feed for the LISTEN callback. Malformed payloads are dropped: they cannot come from us. */
  deliver(payload: string): void {
    try {
      this.emitter.emit("event", JSON.parse(payload) as PaymentEvent);
    } catch {
      // ignore
    }
  }

  /**
   * Events matching `filter` until `signal` aborts. Listening starts at the call, not at the
   * first read, so a caller may load the current state after calling and miss nothing.
   */
  watch(
    filter: (e: PaymentEvent) => boolean,
    signal: AbortSignal | undefined,
  ): AsyncGenerator<PaymentEvent> {
    const stream = on(this.emitter, "event", { signal });
    return (async function* () {
      try {
        for await (const [event] of stream) {
          if (filter(event as PaymentEvent)) yield event as PaymentEvent;
        }
      } catch (err) {
        if ((err as { name?: string }).name !== "AbortError") throw err;
      }
    })();
  }
}

/**
 * A hub fed by one LISTEN on the database's events channel: it hears every change committed
 * by this process and by every other instance on the same database. `stop` ends the LISTEN.
 */
export async function listenForEvents(
  database: Pick<OpenDatabase, "listen">,
): Promise<{ hub: EventHub; stop: () => Promise<void> }> {
  const hub = new EventHub();
  const stop = await database.listen(eventsChannel, (payload) => hub.deliver(payload));
  return { hub, stop };
}
