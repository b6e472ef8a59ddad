import { env } from "@/env";
import { canEditMerchantSettings, readsDailyReport, roles } from "@/server/auth/roles.logic";
import { roleProcedure, router } from "@/server/trpc/init";
import { getDailyReportEmail, setDailyReportEmail } from "./daily-report-email.service";
import { dailyReportEmailInput, dailyReportInput } from "./daily-report.schema";
import { dailyReport } from "./daily-report.service";

const reader = roleProcedure(...readsDailyReport);
const owner = roleProcedure(...roles.filter(canEditMerchantSettings));

export const reportsRouter = router({
  daily: reader
    .input(dailyReportInput)
    .query(({ ctx, input }) => dailyReport(ctx.db, ctx.merchantId, input)),

  /** The owner's e-mail of the report, and whether this server can send e-mail at all. */
  emailSetting: owner.query(async ({ ctx }) => ({
    ...(await getDailyReportEmail(ctx.db, ctx.merchantId)),
    mailConfigured: env.SMTP_URL !== undefined,
  })),

  setEmailSetting: owner
    .input(dailyReportEmailInput)
    .mutation(({ ctx, input }) => setDailyReportEmail(ctx.db, ctx.actor, ctx.merchantId, input)),
});
