import { env } from "@/env";
import { canEditMerchantSettings, handlesAlerts, roles } from "@/server/auth/roles.logic";
import { roleProcedure, router } from "@/server/trpc/init";
import {
  alertEmailSettingInput,
  alertIdInput,
  listAlertsInput,
  resolveAlertInput,
} from "./alert.schema";
import {
  acknowledgeAlert,
  alertKindsOf,
  countOpenAlerts,
  getAlert,
  listAlerts,
  resolveAlert,
} from "./alert.service";
import { getAlertEmailSetting, setAlertEmailSetting } from "./alert-email.service";

const handler = roleProcedure(...handlesAlerts);
const owner = roleProcedure(...roles.filter(canEditMerchantSettings));

export const alertRouter = router({
  list: handler
    .input(listAlertsInput)
    .query(({ ctx, input }) => listAlerts(ctx.db, ctx.merchantId, input)),

  byId: handler
    .input(alertIdInput)
    .query(({ ctx, input }) => getAlert(ctx.db, ctx.merchantId, input.alertId)),

  kinds: handler.query(({ ctx }) => alertKindsOf(ctx.db, ctx.merchantId)),

  /** The badge in the navigation and the count on Home. */
  openCount: handler.query(({ ctx }) => countOpenAlerts(ctx.db, ctx.merchantId)),

  acknowledge: handler
    .input(alertIdInput)
    .mutation(({ ctx, input }) =>
      acknowledgeAlert(ctx.db, ctx.actor, ctx.merchantId, input.alertId),
    ),

  resolve: handler
    .input(resolveAlertInput)
    .mutation(({ ctx, input }) => resolveAlert(ctx.db, ctx.actor, ctx.merchantId, input)),

  /** Whether owners are e-mailed on each alert, and whether any e-mail can leave at all. */
  emailSetting: handler.query(async ({ ctx }) => ({
    enabled: await getAlertEmailSetting(ctx.db, ctx.merchantId),
    mailConfigured: env.SMTP_URL !== undefined,
  })),

  setEmailSetting: owner
    .input(alertEmailSettingInput)
    .mutation(({ ctx, input }) =>
      setAlertEmailSetting(ctx.db, ctx.actor, ctx.merchantId, input.enabled),
    ),
});
