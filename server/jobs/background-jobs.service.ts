import type { Db } from "@/db/types";
import type { Deliver } from "@/server/connectors/types";
import { queryOpenAttempts } from "@/server/payments/active-query.service";
import { expireOverdue } from "@/server/payments/expiry.service";
import { providerDepsFor } from "@/server/payments/provider-request.service";
import { queryOpenRefunds } from "@/server/refunds/refund-provider.service";
import { recordJobRun } from "@/server/operations/job-runs.service";

/**
 * The background jobs' work, one tick each, as every app instance runs it on its timers
 * (server/runtime.ts). Each job claims its rows (FOR UPDATE SKIP LOCKED, or a lock per
 * merchant), so any number of instances may run the same tick on one database at once and
 * each item is done by one of them; the two-instances test runs these very functions.
 */

export interface PaymentJobsDeps {
  key: Buffer;
  /** Posts the sandbox wallet's refund notifications to this server's webhook. */
  deliver: Deliver;
  /** True once the process is shutting down: the tick stops between batches. */
  stopping?: () => boolean;
}

/**
 * Asks providers about requests still open (主动查单) and refunds not settled, then expires
 * overdue requests. Querying first lets a payment whose notification was lost settle before
 * its request would expire.
 */
export async function runPaymentJobs(db: Db, deps: PaymentJobsDeps) {
  const stopping = deps.stopping ?? (() => false);
  const done = { queried: 0, refundsQueried: 0, expiredAttempts: 0, expiredOrders: 0 };
  // Each phase's run is recorded for the health check and the operations page.
  await recordJobRun(db, "active-query", async () => {
    for (let i = 0; i < 5 && !stopping(); i++) {
      const asked = await queryOpenAttempts(db, { key: deps.key });
      done.queried += asked.queried;
      if (asked.queried === 0) break;
    }
    return done.queried;
  });
  // Refunds the provider has not settled (a time-out, a lost notification).
  await recordJobRun(db, "refund-query", async () => {
    for (let i = 0; i < 5 && !stopping(); i++) {
      const asked = await queryOpenRefunds(db, {
        ...providerDepsFor(deps.key),
        deliver: deps.deliver,
      });
      done.refundsQueried += asked.queried;
      if (asked.queried === 0) break;
    }
    return done.refundsQueried;
  });
  // Drain in batches so a backlog after downtime clears in one tick.
  await recordJobRun(db, "expiry", async () => {
    for (let i = 0; i < 50 && !stopping(); i++) {
      const expired = await expireOverdue(db);
      done.expiredAttempts += expired.attempts;
      done.expiredOrders += expired.orders;
      if (expired.attempts + expired.orders === 0) break;
    }
    return done.expiredAttempts + done.expiredOrders;
  });
  return done;
}
