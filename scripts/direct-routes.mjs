// The routes the app server (scripts/app-server.mjs) answers by calling the app's handler
// directly instead of through Next's request handler: `/api/trpc/*` (every console and pay-page
// call) and `/api/webhooks/<provider>/<method>` (the providers' payment notifications). A call
// refused before it touches the database cost about 5 ms of CPU through Next (its request
// conversion and routing, the answer piped through web streams, its per-request context)
// against under 1 ms for the handler itself, a large share of a redemption's or a
// notification's (issue #20). Each handler is the very one Next's route serves, handed over by
// that route when Next first loads it (app/api/hand-over.ts; the first call after a start goes
// through Next), so it is the same instance, on the same database and event hub.
//
// The answer must be the one Next gives: the request is built as Next builds it for a route
// handler, and the answer gets the headers Next adds (next.config.ts's) and loses the ones
// Next drops. Whatever this path does not take, Next answers as before.
import { Readable } from "node:stream";
import routerHeaders from "next/dist/client/components/app-router-headers.js";
import { securityHeaders } from "./security-headers.mjs";

/**
 * The Vary Next puts on every App Router answer, a route handler's too (its base server's
 * setVaryHeader), from Next's own names for its router's request headers.
 */
const nextVary = [
  routerHeaders.RSC_HEADER,
  routerHeaders.NEXT_ROUTER_STATE_TREE_HEADER,
  routerHeaders.NEXT_ROUTER_PREFETCH_HEADER,
  routerHeaders.NEXT_ROUTER_SEGMENT_PREFETCH_HEADER,
].join(", ");

/**
 * One procedure or a comma-separated batch, as the tRPC client calls them: dotted names of
 * word characters, then the query. Anything else (`..`, `//`, encoded characters, a trailing
 * slash) is Next's to answer, normalise or redirect.
 */
const trpcPath = /^\/api\/trpc\/\w+(?:[.,]\w+)*(?:\?|$)/;

/**
 * A provider's notification to one payment method: the provider's name and the method's id
 * as we hand them out (a lower-case UUID), then the query, if any. Anything else, as above.
 */
const webhookPath =
  /^\/api\/webhooks\/(\w+)\/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})(?:\?|$)/;

/** The handler a route handed over under `name` (app/api/hand-over.ts), once Next has loaded it. */
function handedOver(name) {
  const handler = globalThis[Symbol.for(`hexiao.route.${name}`)];
  return typeof handler === "function" ? handler : undefined;
}

/**
 * The handler (a Web Request → Response function) for this request when it is taken directly,
 * else undefined. Only the methods each route exports: Next answers HEAD from GET, OPTIONS with
 * the methods allowed, and 405.
 */
export function directHandler(req) {
  const url = req.url ?? "";
  if ((req.method === "GET" || req.method === "POST") && trpcPath.test(url)) {
    return handedOver("trpc");
  }
  const webhook = req.method === "POST" ? webhookPath.exec(url) : null;
  if (!webhook) return undefined;
  const handler = handedOver("webhook");
  const [, provider, methodId] = webhook;
  return handler && ((request, bytes) => handler(request, provider, methodId, bytes));
}

/** Headers of a route handler's answer that Next never passes on: the body's framing is Node's. */
const framingHeaders = new Set(["content-length", "content-encoding", "transfer-encoding"]);

/**
 * Answers `req` with `handler` (a Web Request → Response function; a POST's body read whole
 * comes as bytes beside a Request without one, see postBody). `listening` is the
 * server's own `{ hostname, port }`: Next gives a route handler that URL, not the Host
 * header's (which the client chooses; the handler reads the path and query only).
 */
export async function serveDirect(req, res, handler, listening) {
  // As Next does for every request it answers (base-server.ts): the forwarded headers are
  // filled in when absent (request-meta.ts trusts them only from TRUST_PROXY proxies).
  const proto = req.headers["x-forwarded-proto"];
  const https = proto ? proto === "https" : Boolean(req.socket.encrypted);
  req.headers["x-forwarded-host"] ??= req.headers.host ?? listening.hostname;
  req.headers["x-forwarded-port"] ??= String(listening.port);
  req.headers["x-forwarded-proto"] ??= https ? "https" : "http";
  req.headers["x-forwarded-for"] ??= req.socket.remoteAddress;
  // Dropped by Next for a route that no interception route can answer.
  delete req.headers[routerHeaders.NEXT_URL];

  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (Array.isArray(value)) for (const v of value) headers.append(name, v);
    else if (value !== undefined) headers.set(name, value);
  }
  const host = listening.hostname.includes(":") ? `[${listening.hostname}]` : listening.hostname;
  const body = req.method === "POST" ? await postBody(req) : undefined;
  const request = new Request(`${https ? "https" : "http"}://${host}:${listening.port}${req.url}`, {
    method: req.method,
    headers,
    ...(body ? body.init : { signal: goneSignal(res) }),
  });

  // Set before the handler runs, as Next sets them: a handler that throws leaves a 500 with them.
  for (const { key, value } of securityHeaders) res.setHeader(key, value);
  res.appendHeader("vary", nextVary);
  const response = await handler(request, body?.bytes);
  // A handler that stopped reading the body (one over its cap, server/http/capped-body.ts)
  // cancels the stream, which destroys the request but leaves its connection open with the
  // rest unread: a next request on it would never be answered. The connection closes instead.
  if (req.destroyed && !req.complete) res.shouldKeepAlive = false;
  res.statusCode = response.status;
  res.statusMessage = response.statusText;
  for (const cookie of response.headers.getSetCookie()) res.appendHeader("set-cookie", cookie);
  response.headers.forEach((value, name) => {
    if (name === "set-cookie" || framingHeaders.has(name)) return;
    // The headers above stay (Next's config headers win over a route's own), as in Next.
    if (name === "vary" || res.getHeader(name) === undefined) res.appendHeader(name, value);
  });
  if (!response.body) return void res.end();
  await pipeBody(response.body, res);
}

/**
 * The client's going (or a shutdown cutting a live-update stream) ends the handler's work: tRPC
 * stops a subscription (a GET) when its request's signal aborts. A POST's handler stops at
 * nothing (a mutation, a notification): it gets no signal, which cost a web Request ~35 µs of
 * CPU to follow.
 */
function goneSignal(res) {
  const gone = new AbortController();
  res.once("close", () => {
    if (!res.writableFinished) gone.abort();
  });
  return gone.signal;
}

/**
 * Bodies up to this many bytes (by their Content-Length) are read whole before the handler
 * runs; larger ones, and any sent without a length, are streamed to it, so that a handler
 * with a lower cap than the app server's (a notification's 256 KB) stops reading them early.
 */
export const wholeBodyBytes = 64 * 1024;

/**
 * A POST's body: read whole with Node's stream when it is small (all the console's calls and
 * the providers' notifications) and handed to the handler as bytes beside a web Request
 * without a body, else the Request's body, a web stream over the request. A body in the
 * Request, even given as bytes, costs a web stream set up and read back (~40 µs of CPU per
 * request as a stream, the rest in the garbage its stream, reader and promises leave).
 */
async function postBody(req) {
  const length = Number(req.headers["content-length"]);
  if (!(length <= wholeBodyBytes)) {
    return { init: { body: Readable.toWeb(req), duplex: "half" }, bytes: undefined };
  }
  const pieces = [];
  for await (const piece of req) pieces.push(piece);
  return { init: {}, bytes: Buffer.concat(pieces) };
}

/**
 * Writes the body piece by piece as the handler yields it (a live-update stream event by
 * event), waiting for the socket when it is full, and stops reading when the client is gone.
 */
async function pipeBody(body, res) {
  const reader = body.getReader();
  const closed = new Promise((resolve) => res.once("close", resolve));
  let first = true;
  try {
    for (;;) {
      const read = await Promise.race([reader.read(), closed.then(() => null)]);
      if (!read || read.done) break;
      // The headers by themselves first, as Next does: scripts/compression.mjs sends a live
      // update's now and any other answer's with the body.
      if (first) res.flushHeaders();
      first = false;
      if (!res.write(read.value)) {
        await Promise.race([new Promise((resolve) => res.once("drain", resolve)), closed]);
      }
    }
  } catch (err) {
    // Cut, not ended: an answer broken off must not pass for a whole one.
    res.destroy();
    throw err;
  } finally {
    if (res.destroyed) void reader.cancel().catch(() => {});
    else res.end();
  }
}
