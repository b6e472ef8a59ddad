import { analyticsRouter } from "@/server/analytics/analytics.router";
import { meRouter } from "@/server/auth/me.router";
import { merchantRouter } from "@/server/merchants/merchant.router";
import { orderRouter } from "@/server/payments/order.router";
import { payRouter } from "@/server/payments/pay.router";
import { paymentMethodRouter } from "@/server/payments/payment-method.router";
import { teamRouter } from "@/server/team/team.router";
import { createCallerFactory, router } from "./init";

export const appRouter = router({
  me: meRouter,
  merchant: merchantRouter,
  team: teamRouter,
  paymentMethods: paymentMethodRouter,
  orders: orderRouter,
  pay: payRouter,
  analytics: analyticsRouter,
});

export type AppRouter = typeof appRouter;
export const createCaller = createCallerFactory(appRouter);
