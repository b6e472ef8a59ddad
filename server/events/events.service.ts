import { EventEmitter, on } from "node:events";
import {
  afterCommit,
  afterCommitOrder,
  defersToCommit,
  GatheredPerTransaction,
} from "@/db/commit-hooks";
import type { OpenDatabase } from "@/db/open";
import { processWide } from "@/db/process-wide";
import { sendNotices, sendNoticesAfterCommit, type Notice } from "@/db/notices";
import type { Db, DbOrTx, Tx } from "@/db/types";

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
 * Announces a change once the transaction that makes it has committed, so no screen ever
 * hears of a change that was rolled back, and every app instance listening on the database
 * hears it. Not with NOTIFY inside the payment's own transaction: PostgreSQL makes every
 * transaction that notified commit one at a time, database-wide, holding a lock through the
 * commit's disk flush, so every shop's payments would queue behind one another there.
 * A transaction not opened through the database handle's commit hooks announces at once.
 */
export async function publishEvent(tx: DbOrTx, event: PaymentEvent): Promise<void> {
  if (!defersToCommit(tx)) return sendNotices(tx, [noticeOf(event)]);
  if (pendingEvents.add(tx, event)) {
    afterCommit(
      tx,
      async (db) => {
        const notices = takeEventNotices(tx);
        if (notices.length > 0) await announcerOf(db).send(notices);
      },
      afterCommitOrder.announce,
    );
  }
}

const pendingEvents = new GatheredPerTransaction<PaymentEvent>();

function noticeOf(event: PaymentEvent): Notice {
  return { channel: eventsChannel, payload: JSON.stringify(event) };
}

/**
 * The events `tx` announces once committed, taken from its announcement: for a statement that
 * runs after the commit anyway and must run before they are heard (its audit rows' chaining,
 * server/audit/audit.service.ts), to send them with it, in one round trip, not one each.
 */
export function takeEventNotices(tx: Tx): Notice[] {
  return pendingEvents.take(tx).map(noticeOf);
}

/**
 * Sends the events of committed transactions, those that commit while a send is under way
 * gathered into the next one: under load many payments' events share one statement. A send
 * starts once the callbacks already due have run (setImmediate): the transactions whose audit
 * rows one chainer run chained all announce then, and so in one statement, not the first alone.
 */
class Announcer {
  private waiting: { notices: Notice[]; done: () => void; failed: (e: unknown) => void }[] = [];
  private sending = false;

  constructor(private readonly db: Db) {}

  send(notices: Notice[]): Promise<void> {
    return new Promise((done, failed) => {
      this.waiting.push({ notices, done, failed });
      if (!this.sending) {
        this.sending = true;
        setImmediate(() => void this.drain());
      }
    });
  }

  private async drain() {
    while (this.waiting.length > 0) {
      const batch = this.waiting;
      this.waiting = [];
      try {
        await sendNoticesAfterCommit(
          this.db,
          batch.flatMap((b) => b.notices),
        );
        for (const b of batch) b.done();
      } catch (err) {
        for (const b of batch) b.failed(err);
      }
    }
    this.sending = false;
  }
}

// Per process (db/process-wide.ts): one announcer batches every copy's events for the database.
const announcers = processWide("events.announcers", () => new WeakMap<Db, Announcer>());

function announcerOf(db: Db): Announcer {
  let announcer = announcers.get(db);
  if (!announcer) {
    announcer = new Announcer(db);
    announcers.set(db, announcer);
  }
  return announcer;
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
