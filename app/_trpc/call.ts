import { errorLocaleHeader } from "@/app/_lib/error-locale-header";
import { endpoint, inputQuery, pageLocale } from "./address";
import { fromWire, type WireValue } from "./wire";

/**
 * What the browser's two clients of /api/trpc share (the console's, console-calls.ts, and the
 * customer pages', pay-client.ts): the endpoint, how a call is sent, its answer read from superjson's wire
 * format, and a refusal shaped as tRPC's own client error was, so that `useErrorMessage` and
 * the query client's retry rule read `err.message` and `err.data` (messageKey, details,
 * fieldErrors, httpStatus…) the same whichever client made the call.
 */

/** A refused call: the server's message and its error formatter's `data` (server/trpc/init.ts). */
export class CallError extends Error {
  constructor(
    message: string,
    readonly data: Record<string, unknown>,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

/** A refusal as the server writes it: tRPC's error shape (message, JSON-RPC code, data). */
export interface Refusal {
  message?: string;
  code?: number;
  data?: Record<string, unknown>;
}

/** One call's answer in tRPC's envelope (a batch answers with an array of them). */
export type Answer = { result?: { data: WireValue }; error?: WireValue } | null | undefined;

export { endpoint, inputQuery, pageLocale };

/** Asks the server for a refusal's sentence in `locale` (see errorLocaleHeader). */
export const localeHeaders = (locale?: string): Record<string, string> =>
  locale ? { [errorLocaleHeader]: locale } : {};

export const refusalError = (refusal: Refusal | null, status: number, statusText = "") =>
  new CallError(refusal?.message ?? statusText, refusal?.data ?? { httpStatus: status });

/** Sends a mutation: its input in the body, the refusal's sentence asked for in `locale`. */
export const postCall = (path: string, wire: WireValue, locale?: string) =>
  fetch(endpoint(path), {
    method: "POST",
    headers: { "content-type": "application/json", ...localeHeaders(locale) },
    body: JSON.stringify(wire),
  });

/**
 * The call's value, or its refusal thrown. An answer that is not tRPC's (a proxy's error page,
 * the endpoint's cross-site refusal) is refused with the response's HTTP status.
 */
export function readAnswer<T>(answer: Answer, res: Response): T {
  if (answer?.result) return fromWire<T>(answer.result.data);
  const refusal = answer?.error ? fromWire<Refusal>(answer.error) : null;
  throw refusalError(refusal, res.status, res.statusText);
}

/** The request never got an answer (offline, aborted): no HTTP status to go by. */
export const networkError = (cause: unknown) =>
  new CallError(cause instanceof Error ? cause.message : "network", { httpStatus: 0 }, { cause });

/** A single call's answer (a batch's are read one by one with readAnswer). */
export async function readResponse<T>(res: Response): Promise<T> {
  return readAnswer<T>((await res.json().catch(() => null)) as Answer, res);
}
