import { and, eq } from "drizzle-orm";
import { createTranslator, type AbstractIntlMessages } from "next-intl";
import { loadCompiledMessages } from "@/app/_i18n/messages";
import { alerts, memberships, merchants, users } from "@/db/schema";
import type { Db, DbOrTx, Tx } from "@/db/types";
import { recordAudit, type Actor } from "@/server/audit/audit.service";
import type { OutgoingMail } from "@/server/notices/mailer";
import type { AlertEmailPayload } from "@/server/notices/outbox.logic";
import { writeOutbox } from "@/server/notices/outbox.service";
import { formatAlertParams, formatAlertValue, tellAlert } from "./alert-view.logic";

/** The outbox topic of e-mails to owners about an alert (delivered by outbox-delivery.service.ts). */
export const alertEmailTopic = "alert.email";

export async function getAlertEmailSetting(db: DbOrTx, merchantId: string): Promise<boolean> {
  const [row] = await db
    .select({ on: merchants.emailOwnersOnAlert })
    .from(merchants)
    .where(eq(merchants.id, merchantId));
  return row?.on ?? false;
}

/** The owner turns the e-mails on or off; audited like every setting. */
export async function setAlertEmailSetting(
  db: Db,
  actor: Actor,
  merchantId: string,
  enabled: boolean,
) {
  await db.transaction(async (tx) => {
    await tx
      .update(merchants)
      .set({ emailOwnersOnAlert: enabled, updatedAt: new Date() })
      .where(eq(merchants.id, merchantId));
    await recordAudit(tx, actor, {
      merchantId,
      action: "merchant.alert_emails",
      entityType: "merchant",
      entityId: merchantId,
      after: { enabled },
    });
  });
}

/**
 * When the shop's owners asked for it, one e-mail per alert, in the transaction that raised
 * it (dedupe key `alert:<id>`: never two for one alert). Composed when sent, from the alert.
 */
export async function enqueueAlertEmail(tx: Tx, merchantId: string, alertId: string) {
  if (!(await getAlertEmailSetting(tx, merchantId))) return;
  await writeOutbox(tx, {
    merchantId,
    topic: alertEmailTopic,
    payload: { alertId },
    dedupeKey: `alert:${alertId}`,
  });
}

/**
 * The e-mail about one alert to every owner of its shop, in the shop's language and zone:
 * what happened, the numbers, a link to the console. Null (skipped) when the alert is gone
 * or the shop has no owner to write to.
 */
export async function composeAlertEmail(
  db: Db,
  payload: AlertEmailPayload,
  publicUrl: string,
): Promise<Omit<OutgoingMail, "messageId"> | null> {
  const [alert] = await db
    .select({
      id: alerts.id,
      kind: alerts.kind,
      details: alerts.details,
      createdAt: alerts.createdAt,
      merchantId: alerts.merchantId,
      merchantName: merchants.name,
      locale: merchants.locale,
      timeZone: merchants.timeZone,
    })
    .from(alerts)
    .innerJoin(merchants, eq(merchants.id, alerts.merchantId))
    .where(eq(alerts.id, payload.alertId));
  if (!alert) return null;
  const owners = await db
    .select({ email: users.email })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(eq(memberships.merchantId, alert.merchantId), eq(memberships.role, "owner")));
  if (owners.length === 0) return null;
  // The catalogues are loaded at run time, so their keys are untyped here (the message
  // catalogue test checks them instead).
  const translator = createTranslator({
    locale: alert.locale,
    messages: loadCompiledMessages(alert.locale) as AbstractIntlMessages,
  });
  const t = translator as unknown as (key: string, values?: Record<string, string>) => string;
  const has = (key: string) => (translator.has as (key: string) => boolean)(key);
  const story = tellAlert(alert.kind, alert.details);
  const params = formatAlertParams(story.params, alert.locale, alert.timeZone);
  const titleKey = `alerts.kinds.${alert.kind}`;
  const explainKey = `alerts.explain.${alert.kind}`;
  const title = has(titleKey) ? t(titleKey, params) : alert.kind;
  const facts = story.facts.map((f) => {
    const label = story.known ? t(`alerts.facts.${f.key}`) : f.key;
    return `${label}: ${formatAlertValue(f.value, alert.locale, alert.timeZone)}`;
  });
  const at = formatAlertValue(
    { type: "time", at: alert.createdAt.toISOString() },
    alert.locale,
    alert.timeZone,
  );
  return {
    to: owners.map((o) => o.email).join(", "),
    subject: t("alerts.email.subject", { merchant: alert.merchantName, title }),
    text: [
      t("alerts.email.intro", { merchant: alert.merchantName, at }),
      has(explainKey) ? t(explainKey, params) : title,
      facts.join("\n"),
      t("alerts.email.link", {
        link: new URL(`/alerts/${alert.id}`, publicUrl).toString(),
      }),
    ].join("\n\n"),
  };
}
