import { closesStaleOrders, takesPayments } from "@/server/auth/roles.logic";
import { refundDeps } from "@/server/refunds/refund.router";
import { merchantProcedure, roleProcedure, router } from "@/server/trpc/init";
import { payCash } from "./cash.service";
import { cancelAttempt, createAttempt } from "./payment-request.service";
import { checkAttemptNow } from "./active-query.service";
import { providerDepsFor } from "./provider-request.service";
import {
  attemptIdInput,
  closeStaleOrdersInput,
  countStaleOrdersInput,
  createAttemptInput,
  createOrderInput,
  listOrdersInput,
  orderIdInput,
  payCashInput,
} from "./order.schema";
import { closeStaleOrders, countStaleOrders } from "./order-expiry.service";
import { cancelOrder, createOrder, getOrderDetail, listOrders } from "./order.service";

const cashier = roleProcedure(...takesPayments);
const manager = roleProcedure(...closesStaleOrders);

export const orderRouter = router({
  list: merchantProcedure
    .input(listOrdersInput)
    .query(({ ctx, input }) => listOrders(ctx.db, ctx.merchantId, input)),

  byId: merchantProcedure
    .input(orderIdInput)
    .query(({ ctx, input }) => getOrderDetail(ctx.db, ctx.merchantId, input.orderId, ctx.role)),

  create: cashier
    .input(createOrderInput)
    .mutation(({ ctx, input }) => createOrder(ctx.db, ctx.actor, ctx.merchantId, input)),

  /** Cancels the order; one with paid parts is abandoned, its parts refunded (the refunds path). */
  cancel: cashier.input(orderIdInput).mutation(({ ctx, input }) =>
    cancelOrder(ctx.db, ctx.actor, ctx.merchantId, input.orderId, {
      role: ctx.role,
      deps: refundDeps(ctx),
    }),
  ),

  /** How many pending orders "close all older than N hours" would close (its confirmation). */
  countStale: manager
    .input(countStaleOrdersInput)
    .query(({ ctx, input }) => countStaleOrders(ctx.db, ctx.merchantId, input.olderThanHours)),

  /** Closes stale pending orders as expired: the ones ticked, or all older than N hours. */
  closeStale: manager
    .input(closeStaleOrdersInput)
    .mutation(({ ctx, input }) => closeStaleOrders(ctx.db, ctx.actor, ctx.merchantId, input)),

  requestPayment: cashier
    .input(createAttemptInput)
    .mutation(({ ctx, input }) =>
      createAttempt(ctx.db, ctx.actor, ctx.merchantId, input, providerDepsFor(ctx.encryptionKey)),
    ),

  cancelPayment: cashier
    .input(attemptIdInput)
    .mutation(({ ctx, input }) =>
      cancelAttempt(ctx.db, ctx.actor, ctx.merchantId, input.attemptId),
    ),

  /** 主动查单 on demand: the customer shows a paid screen but no notification came yet. */
  checkPayment: cashier.input(attemptIdInput).mutation(({ ctx, input }) =>
    checkAttemptNow(ctx.db, { key: ctx.encryptionKey }, ctx.actor, {
      attemptId: input.attemptId,
      merchantId: ctx.merchantId,
    }),
  ),

  payCash: cashier
    .input(payCashInput)
    .mutation(({ ctx, input }) => payCash(ctx.db, ctx.actor, ctx.merchantId, input)),

  /** The counter screen's live view: the order again whenever anything about it changes. */
  watch: merchantProcedure.input(orderIdInput).subscription(async function* ({
    ctx,
    input,
    signal,
  }) {
    const changes = ctx.events.watch(
      (e) => e.orderId === input.orderId && e.merchantId === ctx.merchantId,
      signal,
    );
    yield await getOrderDetail(ctx.db, ctx.merchantId, input.orderId, ctx.role);
    for await (const _ of changes)
      yield await getOrderDetail(ctx.db, ctx.merchantId, input.orderId, ctx.role);
  }),
});
