import { roleProcedure, router } from "@/server/trpc/init";
import { z } from "zod";
import { env } from "@/env";
import {
  areaAccess,
  handlesAlerts,
  handlesSupport,
  seesFailureAnalytics,
} from "@/server/auth/roles.logic";
import {
  customerNoticeStates,
  listCustomerNotices,
  resendCustomerNotice,
} from "@/server/notices/outbox-delivery.service";
import { failureAnalytics, failureAnalyticsInput } from "./failure-analytics.service";
import { failureIdInput, listFailuresInput } from "./failure-log.schema";
import { getFailure, listFailures } from "./failure-query.service";
import { listSpikeAlerts } from "./spike-alert.service";

const reader = roleProcedure(...areaAccess.failures);
const alertHandler = roleProcedure(...handlesAlerts);
const support = roleProcedure(...handlesSupport);

export const failuresRouter = router({
  list: reader
    .input(listFailuresInput)
    .query(({ ctx, input }) => listFailures(ctx.db, ctx.merchantId, ctx.role, input)),

  byId: reader
    .input(failureIdInput)
    .query(({ ctx, input }) => getFailure(ctx.db, ctx.merchantId, ctx.role, input.failureId)),

  analytics: roleProcedure(...seesFailureAnalytics)
    .input(failureAnalyticsInput)
    .query(({ ctx, input }) => failureAnalytics(ctx.db, ctx.merchantId, input)),

  spikeAlerts: alertHandler.query(({ ctx }) => listSpikeAlerts(ctx.db, ctx.merchantId)),

  /** E-mails to customers and where each stands; `mailConfigured` says whether any can leave. */
  messages: support
    .input(
      z.object({
        state: z.enum(customerNoticeStates).optional(),
        cursor: z.string().max(500).optional(),
      }),
    )
    .query(async ({ ctx, input }) => ({
      ...(await listCustomerNotices(ctx.db, ctx.merchantId, input)),
      mailConfigured: env.SMTP_URL !== undefined,
    })),

  resendMessage: roleProcedure(...handlesAlerts)
    .input(z.object({ messageId: z.uuid() }))
    .mutation(({ ctx, input }) =>
      resendCustomerNotice(ctx.db, ctx.actor, ctx.merchantId, input.messageId),
    ),
});
