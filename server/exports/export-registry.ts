import { auditExport } from "@/server/audit/audit.export";
import { analyticsExport } from "@/server/analytics/analytics.export";
import { failuresExport } from "@/server/failures/failures.export";
import { promotionDiscountsExport } from "@/server/promotions/promotion-discounts.export";
import { reconCloseExport, reconDifferencesExport } from "@/server/reconciliation/recon.export";
import { refundsExport } from "@/server/refunds/refunds.export";
import { dailyReportExport } from "@/server/reports/daily-report.export";
import { redemptionsExport } from "@/server/vouchers/redemptions.export";
import { exportResponse, type ExportRequestContext } from "./export-route.service";

type ExportHandler = (ctx: ExportRequestContext, req: Request) => Promise<Response>;

/** Every download of the console: GET /api/exports/<name>?format=csv|xlsx&<the screen's filters>. */
export const exportsByName: Record<string, ExportHandler> = {
  analytics: (ctx, req) => exportResponse(ctx, req, analyticsExport),
  audit: (ctx, req) => exportResponse(ctx, req, auditExport),
  "daily-report": (ctx, req) => exportResponse(ctx, req, dailyReportExport),
  failures: (ctx, req) => exportResponse(ctx, req, failuresExport),
  "promotion-discounts": (ctx, req) => exportResponse(ctx, req, promotionDiscountsExport),
  "recon-close": (ctx, req) => exportResponse(ctx, req, reconCloseExport),
  "recon-differences": (ctx, req) => exportResponse(ctx, req, reconDifferencesExport),
  redemptions: (ctx, req) => exportResponse(ctx, req, redemptionsExport),
  refunds: (ctx, req) => exportResponse(ctx, req, refundsExport),
};
