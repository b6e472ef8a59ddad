import { ZodError } from "zod";
import type { Locale } from "@/app/_i18n/config";
import { errorTransport, knownError, type DomainError } from "@/server/errors";
import { translatorFor, type Translate } from "./locale";

function textResponse(status: number, text: string, locale: Locale, messageKey?: string): Response {
  return new Response(text, {
    status,
    headers: {
      "content-type": "text/plain; charset=utf-8",
      "content-language": locale,
      "cache-control": "no-store",
      // A database that was out of reach for a moment: worth asking again shortly.
      ...(status === 503 ? { "retry-after": "5" } : {}),
      // For a script on the page that must react to one error (stepUpRequired: ask again).
      ...(messageKey ? { "x-message-key": messageKey } : {}),
    },
  });
}

/** A DomainError's message in the user's language (its English text when none is written). */
export function domainErrorText(err: DomainError, t: Translate): string {
  const key = `errors.${err.messageKey}`;
  return t.has(key) ? t(key, err.details) : err.message;
}

/**
 * A route handler's error as a response: a DomainError (or the database out of reach: 503) gets the HTTP status of the one table
 * in server/errors.ts and its message in the user's language; a bad query is a 400; anything
 * else is logged and answered with a generic 500, never a stack trace.
 */
export function domainErrorResponse(err: unknown, locale: Locale): Response {
  const t = translatorFor(locale);
  const known = knownError(err);
  if (known) {
    const text = domainErrorText(known, t);
    return textResponse(errorTransport[known.code].http, text, locale, known.messageKey);
  }
  if (err instanceof ZodError) {
    return textResponse(errorTransport.VALIDATION.http, t("errors.invalidLink"), locale);
  }
  console.error("route handler failed:", err);
  return textResponse(500, t("errors.internal"), locale);
}
