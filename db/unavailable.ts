/**
 * SQLSTATEs that say the server could not be reached or dropped the session (class 08, a
 * shutdown, too many connections), as opposed to a query's own fault.
 */
const unavailableStates = new Set(["57P01", "57P02", "57P03", "53300"]);
const unavailableErrnos = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "EPIPE",
  "ETIMEDOUT",
  "EHOSTUNREACH",
  "ENOTFOUND",
  "EAI_AGAIN",
]);
/** node-postgres says these in words only. */
const unavailableMessages = [
  "Connection terminated",
  "timeout exceeded when trying to connect",
  "Client has encountered a connection error",
  "Connection closed",
];

/**
 * Whether an error (or one of its causes: drizzle wraps the driver's) means the database was
 * out of reach for a moment, so the same request may succeed if tried again.
 */
export function isDatabaseUnavailable(err: unknown): boolean {
  for (let e = err, depth = 0; e instanceof Error && depth < 5; e = e.cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string") {
      if (code.startsWith("08") || unavailableStates.has(code) || unavailableErrnos.has(code)) {
        return true;
      }
    }
    if (unavailableMessages.some((m) => e instanceof Error && e.message.includes(m))) return true;
  }
  return false;
}
