import { ProviderError } from "./types";

/** Outbound calls give up after this long: the cashier is waiting for the QR. */
const timeoutMs = 10_000;

export interface ProviderResponse {
  status: number;
  headers: Headers;
  text: string;
}

/** A statement file may be tens of megabytes: its download is given longer. */
const fileTimeoutMs = 120_000;

/** One HTTP call to a provider; a network failure or timeout becomes a ProviderError. */
export async function callProvider(
  fetchFn: typeof fetch,
  url: string,
  init: RequestInit,
): Promise<ProviderResponse> {
  const res = await fetchProvider(fetchFn, url, init, timeoutMs);
  // As Response.text(): UTF-8, a leading BOM dropped.
  return { status: res.status, headers: res.headers, text: new TextDecoder().decode(res.bytes) };
}

/** A file from a provider (a statement), its bytes as sent. */
export function downloadFromProvider(fetchFn: typeof fetch, url: string, init: RequestInit) {
  return fetchProvider(fetchFn, url, init, fileTimeoutMs);
}

async function fetchProvider(
  fetchFn: typeof fetch,
  url: string,
  init: RequestInit,
  ms: number,
): Promise<{ status: number; headers: Headers; bytes: Uint8Array }> {
  // One deadline for the call, a retry included: the cashier waits no longer for it.
  const signal = AbortSignal.timeout(ms);
  try {
    const res = await fetchFn(url, { ...init, signal }).catch((err: unknown) => {
      if (signal.aborted || !closedBeforeReply(err) || !resendable(init.body)) throw err;
      return fetchFn(url, { ...init, signal });
    });
    return {
      status: res.status,
      headers: res.headers,
      bytes: new Uint8Array(await res.arrayBuffer()),
    };
  } catch (err) {
    throw new ProviderError("NETWORK", networkFailure(err));
  }
}

/**
 * fetch keeps idle connections for reuse, and a provider (or a proxy before it) may close one
 * just as a request goes out on it: the request fails with the socket closed before any reply.
 * Asked once more, it goes out on a new connection. A request the provider did receive is
 * answered the same the second time: payments and refunds are asked for under our own
 * number (out_trade_no, out_refund_no) or with an Idempotency-Key / PayPal-Request-Id;
 * queries and statement downloads only read. A new kind of call that changes something at the
 * provider must carry such a number too, or not come through here.
 * An answer cut off after it began is not asked again: the caller treats it as lost (a
 * refund stays pending until a query settles it).
 */
function closedBeforeReply(err: unknown): boolean {
  const code = err instanceof Error ? causeCode(err) : undefined;
  return code === "ECONNRESET" || code === "EPIPE" || code === "UND_ERR_SOCKET";
}

/** A body that can be sent twice (a stream is spent by the first try). */
function resendable(body: RequestInit["body"]): boolean {
  return body == null || typeof body === "string" || body instanceof URLSearchParams;
}

function causeCode(err: Error): string | undefined {
  const code = (err.cause as { code?: unknown } | undefined)?.code;
  return typeof code === "string" ? code : undefined;
}

/**
 * What failed on the way to the provider. fetch says only "fetch failed"; the reason a merchant
 * or an operator can act on (ECONNREFUSED, ENOTFOUND, ECONNRESET, a certificate error) is the
 * code or message of its cause.
 */
function networkFailure(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  const cause: unknown = err.cause;
  if (!(cause instanceof Error)) return err.message;
  return `${err.message} (${causeCode(err) ?? cause.message})`;
}

/** The JSON object of a provider's answer, or a ProviderError saying it was something else. */
export function jsonObject(text: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(text);
    if (value && typeof value === "object" && !Array.isArray(value))
      return value as Record<string, unknown>;
  } catch {
    // fall through
  }
  throw new ProviderError("BAD_RESPONSE", "the provider answered with something that is not JSON");
}

/** A string field of a parsed object, or null. */
export function str(obj: unknown, key: string): string | null {
  if (!obj || typeof obj !== "object") return null;
  const v = (obj as Record<string, unknown>)[key];
  return typeof v === "string" ? v : null;
}

/** A nested object field of a parsed object, or null. */
export function obj(value: unknown, key: string): Record<string, unknown> | null {
  if (!value || typeof value !== "object") return null;
  const v = (value as Record<string, unknown>)[key];
  return v && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
}

/** The configured API base URL of a method (tests point it at a fake provider), or the default. */
export function baseUrl(config: Record<string, unknown>, fallback: string): string {
  const configured = config.apiBaseUrl;
  return (typeof configured === "string" && configured ? configured : fallback).replace(/\/$/, "");
}
