import { accountRouter } from "@/server/account/account.router";
import { alertRouter } from "@/server/alerts/alert.router";
import { auditRouter } from "@/server/audit/audit.router";
import { analyticsRouter } from "@/server/analytics/analytics.router";
import { reportsRouter } from "@/server/reports/daily-report.router";
import { meRouter } from "@/server/auth/me.router";
import { guideRouter } from "@/server/guides/guide.router";
import { homeRouter } from "@/server/home/home.router";
import { failuresRouter } from "@/server/failures/failures.router";
import { supportRouter } from "@/server/support/support.router";
import { merchantRouter } from "@/server/merchants/merchant.router";
import { operationsRouter } from "@/server/operations/operations.router";
import { orderRouter } from "@/server/payments/order.router";
import { payRouter } from "@/server/payments/pay.router";
import { paymentMethodRouter } from "@/server/payments/payment-method.router";
import { statementRouter } from "@/server/reconciliation/statement.router";
import { storeRouter } from "@/server/stores/store.router";
import { catalogueRouter } from "@/server/catalogue/catalogue.router";
import { promotionRouter } from "@/server/promotions/promotion.router";
import { setupRouter } from "@/server/setup/setup.router";
import { invitationRouter } from "@/server/team/invitation.router";
import { teamRouter } from "@/server/team/team.router";
import { refundRouter } from "@/server/refunds/refund.router";
import { reconRouter } from "@/server/reconciliation/recon.router";
import { riskRouter } from "@/server/risk/risk.router";
import { shiftRouter } from "@/server/shifts/shift.router";
import { feedbackRouter } from "@/server/feedback/feedback.router";
import { customerRouter } from "@/server/customers/customer.router";
import { receiptRouter, voucherRouter } from "@/server/vouchers/voucher.router";
import { createCallerFactory, router } from "./init";

export const appRouter = router({
  me: meRouter,
  account: accountRouter,
  merchant: merchantRouter,
  team: teamRouter,
  invitations: invitationRouter,
  paymentMethods: paymentMethodRouter,
  orders: orderRouter,
  refunds: refundRouter,
  alerts: alertRouter,
  reconciliation: reconRouter,
  pay: payRouter,
  vouchers: voucherRouter,
  receipt: receiptRouter,
  guides: guideRouter,
  failures: failuresRouter,
  support: supportRouter,
  feedback: feedbackRouter,
  customers: customerRouter,
  analytics: analyticsRouter,
  reports: reportsRouter,
  home: homeRouter,
  setup: setupRouter,
  stores: storeRouter,
  catalogue: catalogueRouter,
  promotions: promotionRouter,
  statements: statementRouter,
  operations: operationsRouter,
  risk: riskRouter,
  shifts: shiftRouter,
  audit: auditRouter,
});

export type AppRouter = typeof appRouter;
export const createCaller = createCallerFactory(appRouter);
