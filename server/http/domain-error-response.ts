import { ZodError } from "zod";
import type { Locale } from "@/app/_i18n/config";
import { DomainError, errorTransport } from "@/server/errors";
import { translatorFor } from "./locale";

function textResponse(status: number, text: string, locale: Locale): Response {
  return new Response(text, {
    status,
    headers: {
      "content-type": "text/plain; charset=utf-8",
      "content-language": locale,
      "cache-control": "no-store",
    },
  });
}

/**
 * A route handler's error as a response: a DomainError gets the HTTP status of the one table
 * in server/errors.ts and its message in the user's language; a bad query is a 400; anything
 * else is logged and answered with a generic 500, never a stack trace.
 */
export function domainErrorResponse(err: unknown, locale: Locale): Response {
  const t = translatorFor(locale);
  if (err instanceof DomainError) {
    const key = `errors.${err.messageKey}`;
    const text = t.has(key) ? t(key, err.details) : err.message;
    return textResponse(errorTransport[err.code].http, text, locale);
  }
  if (err instanceof ZodError) {
    return textResponse(errorTransport.VALIDATION.http, t("errors.invalidLink"), locale);
  }
  console.error("route handler failed:", err);
  return textResponse(500, t("errors.internal"), locale);
}
