/**
 * What is read and thrown away of a body past its cap, so the connection it came on can carry
 * the next request: a body left unread, or a stream cancelled, leaves Node's socket open with
 * the rest of it waiting, and the next request on that keep-alive connection was never
 * answered. Beyond this the body is cancelled after all (scripts/request-guards.mjs refuses
 * larger ones before any route reads them).
 */
const drainBytes = 1024 * 1024;

/**
 * A request's body as text, kept only up to `maxBytes + 1` bytes: enough for the caller to
 * see it is too large, without buffering whatever a stranger chose to send.
 */
export async function readCappedText(req: Request, maxBytes: number): Promise<string> {
  if (!req.body) return "";
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  while (size <= maxBytes + drainBytes) {
    const { done, value } = await reader.read();
    if (done) break;
    if (size <= maxBytes) chunks.push(value);
    size += value.byteLength;
  }
  if (size > maxBytes + drainBytes) await reader.cancel();
  return cappedText(chunks, maxBytes);
}

/** The text of a body's pieces as readCappedText keeps it: up to `maxBytes + 1` bytes. */
export function cappedText(chunks: Uint8Array[], maxBytes: number): string {
  return Buffer.concat(chunks)
    .subarray(0, maxBytes + 1)
    .toString("utf8");
}
