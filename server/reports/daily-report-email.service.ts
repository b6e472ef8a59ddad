import { and, eq } from "drizzle-orm";
import { memberships, merchants, users } from "@/db/schema";
import type { Db, DbOrTx } from "@/db/types";
import { recordAudit, type Actor } from "@/server/audit/audit.service";
import { translatorFor } from "@/server/http/locale";
import type { OutgoingMail } from "@/server/notices/mailer";
import type { ReportEmailPayload } from "@/server/notices/outbox.logic";
import { writeOutbox } from "@/server/notices/outbox.service";
import { dailyReportText } from "./daily-report-text.logic";
import { dueReportDay } from "./daily-report.logic";
import type { DailyReportEmailInput } from "./daily-report.schema";
import { dailyReport } from "./daily-report.service";

/** The outbox topic of the day's report e-mailed to the owners (outbox-delivery.service.ts). */
export const reportEmailTopic = "report.email";

export async function getDailyReportEmail(db: DbOrTx, merchantId: string) {
  const [row] = await db
    .select({ enabled: merchants.emailDailyReport, hour: merchants.dailyReportHour })
    .from(merchants)
    .where(eq(merchants.id, merchantId));
  return row ?? { enabled: false, hour: 8 };
}

/** The owner turns the e-mail on or off and picks its hour; audited like every setting. */
export async function setDailyReportEmail(
  db: Db,
  actor: Actor,
  merchantId: string,
  input: DailyReportEmailInput,
) {
  await db.transaction(async (tx) => {
    const before = await getDailyReportEmail(tx, merchantId);
    await tx
      .update(merchants)
      .set({ emailDailyReport: input.enabled, dailyReportHour: input.hour, updatedAt: new Date() })
      .where(eq(merchants.id, merchantId));
    await recordAudit(tx, actor, {
      merchantId,
      action: "merchant.daily_report_email",
      entityType: "merchant",
      entityId: merchantId,
      before,
      after: input,
    });
  });
}

/**
 * The background job: for every shop whose owner turned the e-mail on and whose hour has come
 * (in the shop's zone), one message per owner with the day before's report of all its stores.
 * The message's dedupe key (shop, store scope, day, owner) is a unique row, so however often
 * and on however many instances this runs, each owner gets it once a day. Nothing is written
 * while no mail server is configured: the report would wait and arrive days late.
 */
export async function enqueueDueDailyReports(
  db: Db,
  opts: { mailConfigured: boolean; now?: Date },
): Promise<number> {
  if (!opts.mailConfigured) return 0;
  const now = opts.now ?? new Date();
  const shops = await db
    .select({ id: merchants.id, timeZone: merchants.timeZone, hour: merchants.dailyReportHour })
    .from(merchants)
    .where(eq(merchants.emailDailyReport, true));
  let written = 0;
  for (const shop of shops) {
    const day = dueReportDay(now, shop.timeZone, shop.hour);
    if (!day) continue;
    const owners = await ownersOf(db, shop.id);
    await db.transaction(async (tx) => {
      for (const owner of owners) {
        const payload: ReportEmailPayload = { userId: owner.id, day, storeId: null };
        const fresh = await writeOutbox(tx, {
          merchantId: shop.id,
          topic: reportEmailTopic,
          payload,
          dedupeKey: `daily-report:${shop.id}:all:${day}:${owner.id}`,
        });
        if (fresh) written++;
      }
    });
  }
  return written;
}

function ownersOf(db: DbOrTx, merchantId: string) {
  return db
    .select({ id: users.id, email: users.email, locale: users.locale })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(eq(memberships.merchantId, merchantId), eq(memberships.role, "owner")));
}

/**
 * The e-mail of one day's report to one owner, in their language (else the shop's), composed
 * when sent. Skipped (null) when they are no longer an owner of the shop.
 */
export async function composeReportEmail(
  db: Db,
  merchantId: string,
  payload: ReportEmailPayload,
  publicUrl: string,
): Promise<Omit<OutgoingMail, "messageId"> | null> {
  const [owner] = (await ownersOf(db, merchantId)).filter((o) => o.id === payload.userId);
  if (!owner) return null;
  const [shop] = await db
    .select({ locale: merchants.locale })
    .from(merchants)
    .where(eq(merchants.id, merchantId));
  const locale = owner.locale ?? shop?.locale ?? "zh-CN";
  const t = translatorFor(locale);
  const report = await dailyReport(db, merchantId, { day: payload.day, storeId: payload.storeId });
  const link = new URL(`/reports/daily?day=${payload.day}`, publicUrl).toString();
  return {
    to: owner.email,
    subject: t("reports.email.subject", { shop: report.shopName, day: report.day }),
    text: [dailyReportText(report, t, locale), t("reports.email.link", { link })].join("\n"),
  };
}
