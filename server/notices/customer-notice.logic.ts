import { createTranslator, type AbstractIntlMessages } from "next-intl";
import { z } from "zod";
import { loadCompiledMessages } from "@/app/_i18n/messages";
import type { Locale } from "@/app/_i18n/config";
import { formatMinor } from "@/server/money/currency";
import { nextStepFor, type FailureReason } from "@/server/payments/failure-reasons.logic";

/** The outbox topic of messages to customers, delivered by e-mail (outbox-delivery.service.ts). */
export const customerEmailTopic = "customer.email";

/** What an e-mail to a customer says, kept as data in the outbox and rendered when sent. */
export interface CustomerNotice {
  kind: "payment_failed" | "payment_succeeded" | "refund_succeeded";
  to: string;
  locale: Locale;
  merchantName: string;
  orderNumber: string;
  /** Minor units, as a string (JSON has no bigint): what was paid, or what was refunded. */
  amountMinor: string;
  currency: string;
  /** The payment request the message is about: its pay page offers the retry. */
  token: string;
  /** The voucher issued with a payment; a success or a refund links to its receipt page. */
  receiptCode?: string | null;
  reason: FailureReason | null;
}

const email = z.email();

/** The contact field takes a phone number or an e-mail; only an e-mail can be written to. */
export function emailOf(contact: string | null | undefined): string | null {
  const trimmed = contact?.trim();
  return trimmed && email.safeParse(trimmed).success ? trimmed : null;
}

/**
 * The one place that builds the link a customer receives: after a success the receipt with
 * its voucher (/r/<code>), after a failure the pay page, which offers the retry.
 */
export function customerLink(
  publicUrl: string,
  notice: Pick<CustomerNotice, "token" | "receiptCode">,
): string {
  const path = notice.receiptCode ? `/r/${notice.receiptCode}` : `/pay/${notice.token}`;
  return new URL(path, publicUrl).toString();
}

/** Subject and plain-text body of a customer e-mail, in the notice's language. */
export function renderCustomerEmail(notice: CustomerNotice, publicUrl: string) {
  // The catalogues are loaded at run time, so their keys are untyped here (the message
  // catalogue test checks them instead).
  const t = createTranslator({
    locale: notice.locale,
    messages: loadCompiledMessages(notice.locale) as AbstractIntlMessages,
  }) as unknown as (key: string, values?: Record<string, string>) => string;
  const amount = formatMinor(BigInt(notice.amountMinor), notice.currency, notice.locale);
  const values = { merchant: notice.merchantName, order: notice.orderNumber, amount };
  const link = customerLink(publicUrl, notice);
  if (notice.kind === "payment_succeeded" || notice.kind === "refund_succeeded") {
    const key = notice.kind === "payment_succeeded" ? "succeeded" : "refunded";
    return {
      subject: t(`customerEmail.${key}.subject`, values),
      text: [
        t(`customerEmail.${key}.body`, values),
        t(`customerEmail.${key}.link`, { link }),
        t("customerEmail.footer", values),
      ].join("\n\n"),
    };
  }
  const reason = notice.reason ?? "unknown";
  return {
    subject: t("customerEmail.failed.subject", values),
    text: [
      t("customerEmail.failed.body", values),
      // The pay page's own words for the reason and the next step: one text per reason.
      t(`pay.reason.${reason}`),
      t(`pay.nextStep.${nextStepFor(reason)}`),
      t("customerEmail.failed.link", { link }),
      t("customerEmail.footer", values),
    ].join("\n\n"),
  };
}
