import { sql } from "drizzle-orm";
import { index, integer, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { paymentAttempts } from "./payments";

const tstz = () => timestamp({ withTimezone: true, precision: 3 });

/**
 * What the provider gave us for an attempt (the QR content or link the customer uses, its
 * own reference for queries) and the active-query schedule (主动查单) while it stays open.
 */
export const providerRequests = pgTable(
  "provider_requests",
  {
    attemptId: uuid()
      .primaryKey()
      .references(() => paymentAttempts.id, { onDelete: "cascade" }),
    /** Content of the QR the customer scans in the wallet app (Alipay qr_code, WeChat code_url). */
    qrContent: text(),
    /** A page the customer opens to pay (Alipay page pay, PayPal approval). */
    redirectUrl: text(),
    /** The provider's id of the request (PayPal order, Stripe PaymentIntent). */
    providerRef: text(),
    /** When to ask the provider next; null once the attempt is settled or given up. */
    nextQueryAt: tstz(),
    queryCount: integer().notNull().default(0),
    /** What the last query said (or why it failed), for the order page and support. */
    lastQueryResult: text(),
    createdAt: tstz().notNull().defaultNow(),
  },
  (t) => [
    // The active-query job's claim: requests due for a query.
    index("provider_requests_due")
      .on(t.nextQueryAt)
      .where(sql`${t.nextQueryAt} is not null`),
  ],
);
