/**
 * A request's body as text, read only up to `maxBytes + 1` bytes: enough for the caller to
 * see it is too large, without buffering whatever a stranger chose to send.
 */
export async function readCappedText(req: Request, maxBytes: number): Promise<string> {
  if (!req.body) return "";
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  while (size <= maxBytes) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    size += value.byteLength;
  }
  if (size > maxBytes) await reader.cancel();
  return Buffer.concat(chunks)
    .subarray(0, maxBytes + 1)
    .toString("utf8");
}
