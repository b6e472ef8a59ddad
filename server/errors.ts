import type { TRPC_ERROR_CODE_KEY } from "@trpc/server";

export const domainErrorCodes = [
  "UNAUTHORIZED",
  "NOT_FOUND",
  "FORBIDDEN",
  "CONFLICT",
  "INVALID_STATE",
  "VALIDATION",
  "RATE_LIMITED",
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
  };
