import { describe, expect, it } from "vitest";
import { loadMessages } from "@/app/_i18n/messages";
import { locales } from "@/app/_i18n/config";
import { failureReasons, nextStepFor } from "@/server/payments/failure-reasons.logic";

function text(locale: (typeof locales)[number], key: string): string | undefined {
  let node: unknown = loadMessages(locale);
  for (const part of key.split(".")) node = (node as Record<string, unknown> | undefined)?.[part];
  return typeof node === "string" ? node : undefined;
}

/**
 * Every reason a failure can carry is explained to the customer (pay page, e-mail) and to the
 * cashier (counter, failure log), with its next step, in both languages.
 */
describe.each(locales)("failure reason texts in %s", (locale) => {
  it.each(failureReasons)("%s has an explanation and a next step for customer and cashier", (r) => {
    const step = nextStepFor(r);
    for (const key of [
      `pay.reason.${r}`,
      `pay.nextStep.${step}`,
      `orders.failure.reasons.${r}`,
      `orders.failure.short.${r}`,
      `orders.failure.next.${step}`,
    ]) {
      expect(text(locale, key)?.trim(), key).toBeTruthy();
    }
  });
});
