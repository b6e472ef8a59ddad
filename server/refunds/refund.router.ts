import { approvesRefunds, asksRefunds, readsRefunds } from "@/server/auth/roles.logic";
import { providerDepsFor } from "@/server/payments/provider-request.service";
import { roleProcedure, router, stepUpProcedure, type Context } from "@/server/trpc/init";
import {
  approveRefundInput,
  listRefundsInput,
  refundIdInput,
  refuseRefundInput,
  requestRefundInput,
} from "./refund.schema";
import { countAwaitingApproval, getRefund, listRefunds } from "./refund-query.service";
import { approveRefund, refuseRefund, requestRefund } from "./refund.service";

const asker = roleProcedure(...asksRefunds);
const approver = roleProcedure(...approvesRefunds);
// Approving sends money back: asked again after a few minutes (step-up).
const approverStepUp = stepUpProcedure(...approvesRefunds);
const reader = roleProcedure(...readsRefunds);

/** The providers as this process reaches them, and the sandbox wallet's notifications. */
export const refundDeps = (ctx: Context) => ({
  ...providerDepsFor(ctx.encryptionKey),
  deliver: ctx.deliverSandbox,
});

export const refundRouter = router({
  request: asker
    .input(requestRefundInput)
    .mutation(({ ctx, input }) =>
      requestRefund(
        ctx.db,
        { actor: ctx.actor, role: ctx.role },
        ctx.merchantId,
        input,
        refundDeps(ctx),
      ),
    ),
  approve: approverStepUp
    .input(approveRefundInput)
    .mutation(({ ctx, input }) =>
      approveRefund(
        ctx.db,
        { actor: ctx.actor, role: ctx.role },
        ctx.merchantId,
        input,
        refundDeps(ctx),
      ),
    ),
  refuse: approver
    .input(refuseRefundInput)
    .mutation(({ ctx, input }) =>
      refuseRefund(ctx.db, { actor: ctx.actor, role: ctx.role }, ctx.merchantId, input),
    ),
  list: reader
    .input(listRefundsInput)
    .query(({ ctx, input }) => listRefunds(ctx.db, ctx.merchantId, input)),
  /** The approvers' badge in the navigation. */
  awaitingCount: approver.query(({ ctx }) => countAwaitingApproval(ctx.db, ctx.merchantId)),
  byId: reader
    .input(refundIdInput)
    .query(({ ctx, input }) => getRefund(ctx.db, ctx.merchantId, input.refundId)),
});
