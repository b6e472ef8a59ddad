/**
 * Below this size gzip saves a few bytes at best, and costs a zlib stream set up, flushed
 * and torn down per answer: the threshold of the compression `next start` applies, which it
 * cannot use here because a route handler's answer reaches it without its length.
 */
const smallAnswerBytes = 1024;

/**
 * A route handler's answer, read whole, and marked `Cache-Control: no-transform` when small,
 * so that the server's compression (and any proxy's) sends it as it is. An answer that is a
 * stream (live updates, a streamed batch) is passed on untouched.
 */
export async function sendSmallAnswerAsIs(response: Response): Promise<Response> {
  if (
    !response.body ||
    response.headers.has("transfer-encoding") ||
    response.headers.get("content-type")?.startsWith("text/event-stream")
  ) {
    return response;
  }
  const body = await response.arrayBuffer();
  if (body.byteLength >= smallAnswerBytes) {
    return new Response(body, { status: response.status, headers: response.headers });
  }
  const headers = new Headers(response.headers);
  headers.append("cache-control", "no-transform");
  return new Response(body, { status: response.status, headers });
}
