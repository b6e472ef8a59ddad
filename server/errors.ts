import type { TRPC_ERROR_CODE_KEY } from "@trpc/server";
import { isDatabaseUnavailable } from "@/db/unavailable";

export const domainErrorCodes = [
  "UNAUTHORIZED",
  "NOT_FOUND",
  "FORBIDDEN",
  "CONFLICT",
  "INVALID_STATE",
  "VALIDATION",
  "RATE_LIMITED",
  "UNAVAILABLE",
] as const;
export type DomainErrorCode = (typeof domainErrorCodes)[number];

/**
 * The one error type services throw. `messageKey` names a message in the catalogues
 * (`errors.<messageKey>`), so the user reads it in their language; `message` is the
 * English text for logs and API callers. `details` fill the message's placeholders.
 */
export class DomainError extends Error {
  constructor(
    readonly code: DomainErrorCode,
    readonly messageKey: string,
    message: string,
    readonly details?: Record<string, string | number>,
  ) {
    super(message);
    this.name = "DomainError";
  }
}

/** The single table from domain codes to transport codes. */
export const errorTransport: Record<DomainErrorCode, { trpc: TRPC_ERROR_CODE_KEY; http: number }> =
  {
    UNAUTHORIZED: { trpc: "UNAUTHORIZED", http: 401 },
    NOT_FOUND: { trpc: "NOT_FOUND", http: 404 },
    FORBIDDEN: { trpc: "FORBIDDEN", http: 403 },
    CONFLICT: { trpc: "CONFLICT", http: 409 },
    INVALID_STATE: { trpc: "PRECONDITION_FAILED", http: 412 },
    VALIDATION: { trpc: "BAD_REQUEST", http: 400 },
    RATE_LIMITED: { trpc: "TOO_MANY_REQUESTS", http: 429 },
    UNAVAILABLE: { trpc: "SERVICE_UNAVAILABLE", http: 503 },
  };

/**
 * The error a request should answer with: a DomainError as it is, and the database out of
 * reach for a moment (a dropped connection, a restart) as UNAVAILABLE, so the caller hears
 * "try again" (HTTP 503; a provider retries its notification) instead of an empty 500.
 * Anything else is not the user's to know: null.
 */
export function knownError(err: unknown): DomainError | null {
  if (err instanceof DomainError) return err;
  if (isDatabaseUnavailable(err)) {
    // One line per event: the driver's message, never a stack of a connection that went away.
    console.error(`database unavailable: ${rootMessage(err)}`);
    return new DomainError("UNAVAILABLE", "databaseUnavailable", "The database is out of reach");
  }
  return null;
}

/** The driver's own words under the ORM's "Failed query: …" wrappers, on one line. */
function rootMessage(err: unknown): string {
  let e = err;
  while (e instanceof Error && e.cause instanceof Error) e = e.cause;
  return (e instanceof Error ? e.message : String(e)).replace(/\s+/g, " ");
}
