import { confirmSandboxInput } from "@/server/connectors/sandbox/sandbox-wallet.schema";
import {
  confirmSandboxPayment,
  getSandboxCheckout,
} from "@/server/connectors/sandbox/sandbox-wallet.service";
import { env } from "@/env";
import { publicProcedure, router } from "@/server/trpc/init";
import { systemActor } from "@/server/audit/audit.service";
import { loadPayView } from "./pay-view.service";
import { loadPaymentElement } from "./payment-element.service";
import { retryFromPayPage } from "./payment-request.service";
import { payLocaleInput, payTokenInput, retryInput } from "./order.schema";
import { recordCustomerLocale } from "./customer-locale.service";
import { activeQueryActor, checkAttemptNow } from "./active-query.service";
import { providerDepsFor } from "./provider-request.service";

/** The customer's side: no account, only the unguessable token of a payment request. */
export const payRouter = router({
  view: publicProcedure
    .input(payTokenInput)
    .query(
      async ({ ctx, input }) =>
        (await loadPayView(ctx.db, input.token, env.sandboxEverywhere)).view,
    ),

  /** The language the customer reads the pay page in, kept for their e-mails. */
  recordLocale: publicProcedure
    .input(payLocaleInput)
    .mutation(({ ctx, input }) => recordCustomerLocale(ctx.db, input.token, input.locale)),

  watch: publicProcedure.input(payTokenInput).subscription(async function* ({
    ctx,
    input,
    signal,
  }) {
    const { orderId } = await loadPayView(ctx.db, input.token, env.sandboxEverywhere);
    // Listen first, then read: a change landing between the two is in the read or the stream.
    const changes = ctx.events.watch((e) => e.orderId === orderId, signal);
    yield (await loadPayView(ctx.db, input.token, env.sandboxEverywhere)).view;
    for await (const _ of changes)
      yield (await loadPayView(ctx.db, input.token, env.sandboxEverywhere)).view;
  }),

  retry: publicProcedure.input(retryInput).mutation(async ({ ctx, input }) => {
    const attempt = await retryFromPayPage(
      ctx.db,
      { ...systemActor, ...ctx.meta },
      input,
      providerDepsFor(ctx.encryptionKey),
    );
    return { token: attempt.token };
  }),

  /** An open Stripe request's card form: the publishable key and this intent's client secret. */
  paymentElement: publicProcedure
    .input(payTokenInput)
    .query(({ ctx, input }) => loadPaymentElement(ctx.db, input.token, { key: ctx.encryptionKey })),

  /** Back from the provider's page (PayPal approval): ask it now, capturing an approved order. */
  checkPayment: publicProcedure
    .input(payTokenInput)
    .mutation(({ ctx, input }) =>
      checkAttemptNow(
        ctx.db,
        { key: ctx.encryptionKey },
        { ...activeQueryActor, ip: ctx.meta.ip },
        { token: input.token },
      ),
    ),

  /** The built-in sandbox wallet's screens (the simulated provider's side). */
  sandboxCheckout: publicProcedure
    .input(payTokenInput)
    .query(({ ctx, input }) => getSandboxCheckout(ctx.db, input.token, env.sandboxEverywhere)),

  sandboxConfirm: publicProcedure
    .input(confirmSandboxInput)
    .mutation(({ ctx, input }) =>
      confirmSandboxPayment(
        ctx.db,
        input,
        ctx.encryptionKey,
        ctx.deliverSandbox,
        new Date(),
        env.sandboxEverywhere,
      ),
    ),
});
