import type { CustomerNotice } from "./customer-notice.logic";

/**
 * Every topic the outbox carries. Each has a consumer (`outboxConsumers` in
 * outbox-delivery.service.ts) that drains it: a message nobody reads would sit pending forever.
 */
export const outboxTopics = ["customer.email", "alert.email", "report.email"] as const;
export type OutboxTopic = (typeof outboxTopics)[number];

/**
 * A customer e-mail: what it says, and the order, attempt and refund (if any) it is about
 * (for lists and skips).
 */
export type CustomerEmailPayload = CustomerNotice & {
  orderId: string;
  attemptId: string;
  refundId?: string | null;
};

/** An e-mail to the shop's owners about one alert, composed from the alert when sent. */
export interface AlertEmailPayload {
  alertId: string;
}

/** The day's report (日结) to one owner, composed from the day's rows when sent. */
export interface ReportEmailPayload {
  userId: string;
  /** The shop-local day reported on; null storeId: all the shop's stores. */
  day: string;
  storeId: string | null;
}

/** Exactly one payload type per listed topic: a missing or an unlisted topic fails to compile. */
type PayloadPerTopic<
  T extends Record<OutboxTopic, unknown> & Record<Exclude<keyof T, OutboxTopic>, never>,
> = T;

export type OutboxPayloads = PayloadPerTopic<{
  "customer.email": CustomerEmailPayload;
  "alert.email": AlertEmailPayload;
  "report.email": ReportEmailPayload;
}>;

/** A message as written: its topic decides its payload's type. */
export type OutboxMessage<T extends OutboxTopic = OutboxTopic> = {
  [K in T]: {
    merchantId: string;
    topic: K;
    payload: OutboxPayloads[K];
    /** One message per cause (e.g. `payment_failed:<attemptId>`): writing it twice is a no-op. */
    dedupeKey?: string;
  };
}[T];
