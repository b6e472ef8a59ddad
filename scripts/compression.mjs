// The app server's one compression (scripts/app-server.mjs), for every route alike: Next's own
// (`compress`, off in next.config.ts) decides by the Content-Length header, which a route
// handler's answer never has, so it gzipped every tRPC answer of a few hundred bytes. This one
// also knows a body's size when the body ends before it reaches the threshold.
import zlib from "node:zlib";

/**
 * Below this size gzip saves a few bytes at best, and costs a zlib stream set up, flushed and
 * torn down per answer (the `compression` package's default threshold, which `next start` used).
 */
export const smallBodyBytes = 1024;

/**
 * Types worth compressing: text (but not live updates, which must reach the browser event by
 * event), JSON, scripts, XML and SVG. Images, fonts in woff2, archives and spreadsheets are
 * compressed already.
 */
const compressibleType =
  /^(?:text\/(?!event-stream)|application\/(?:json|javascript|ecmascript|xml|manifest\+json|wasm|[\w.-]+\+(?:json|xml))|image\/(?:svg\+xml|x-icon|vnd\.microsoft\.icon)|font\/(?:ttf|otf))/i;

/** Whether an Accept-Encoding header takes gzip (`gzip` or `*`, with a q above 0). */
export function acceptsGzip(header) {
  if (!header) return false;
  let star = false;
  for (const part of header.toLowerCase().split(",")) {
    const [coding = "", ...params] = part.split(";").map((s) => s.trim());
    const q = params.find((p) => p.startsWith("q="));
    const wanted = q === undefined || Number(q.slice(2)) > 0;
    if (coding === "gzip" || coding === "x-gzip") return wanted;
    if (coding === "*") star = wanted;
  }
  return star;
}

/** Adds a token to the response's Vary header unless it is there (or Vary is `*`). */
function vary(res, token) {
  const current = res.getHeader("vary");
  const list = (Array.isArray(current) ? current.join(",") : String(current ?? ""))
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  if (list.some((v) => v === "*" || v.toLowerCase() === token.toLowerCase())) return;
  res.setHeader("vary", [...list, token].join(", "));
}

/**
 * How a response's body goes out, judged from its request and headers once the body starts:
 * "plain" (as it is), "gzip", or "size" (compressible, but its length is not known yet).
 */
function judge(req, res) {
  if (res.headersSent || req.method === "HEAD") return "plain";
  if (res.statusCode < 200 || res.statusCode === 204 || res.statusCode === 304) return "plain";
  if (!compressibleType.test(String(res.getHeader("content-type") ?? ""))) return "plain";
  // From here the body's encoding depends on the request's Accept-Encoding: caches must know.
  vary(res, "Accept-Encoding");
  const encoding = res.getHeader("content-encoding");
  if (encoding && encoding !== "identity") return "plain";
  if (/\bno-transform\b/i.test(String(res.getHeader("cache-control") ?? ""))) return "plain";
  if (!acceptsGzip(req.headers["accept-encoding"])) return "plain";
  const length = res.getHeader("content-length");
  if (length === undefined) return "size";
  return Number(length) < smallBodyBytes ? "plain" : "gzip";
}

/** A written piece as bytes: Next writes Uint8Arrays, other code may write strings. */
const toBuffer = (chunk, encoding) =>
  chunk instanceof Uint8Array
    ? chunk
    : Buffer.from(chunk, typeof encoding === "string" ? encoding : "utf8");

/**
 * Compresses the response's body with gzip when the client takes it, its type is worth it
 * and it is at least `smallBodyBytes`, by taking over the response's write methods. A body of
 * unknown length is held back until it reaches the threshold or ends (an answer written in
 * one go is known small), or at most until the event loop's next turn (a stream is sent
 * compressed, and flushed at each turn so its pieces are not held). Live updates
 * (text/event-stream) are never held or compressed, and their headers leave at once.
 *
 * Also, a response's headers otherwise leave with its body's first write: Next sends them by
 * themselves (flushHeaders) just before it writes the first piece, in the same tick, and
 * together the headers, a small body and usually its end make one write to the socket instead
 * of three.
 */
export function compressWhenWorthIt(req, res) {
  const { write, end, writeHead, flushHeaders } = res;
  /** The body held back while its size is unknown and under the threshold. */
  let held = [];
  let heldBytes = 0;
  let nextTurn;
  let gzip;

  /** Back to the response's own methods: the body goes out as it is. */
  const plain = () => {
    clearImmediate(nextTurn);
    Object.assign(res, { write, end, writeHead, flushHeaders });
  };

  const startGzip = () => {
    clearImmediate(nextTurn);
    Object.assign(res, { writeHead, flushHeaders: () => {} });
    res.removeHeader("content-length");
    res.setHeader("content-encoding", "gzip");
    gzip = zlib.createGzip();
    let flushDue;
    gzip.on("data", (chunk) => write.call(res, chunk));
    gzip.on("end", () => end.call(res));
    gzip.on("error", (err) => res.destroy(err));
    // A writer waits for 'drain' when a write returns false: the response's own comes when
    // the socket drains, this one when gzip has taken its input.
    gzip.on("drain", () => {
      if (!res.writableNeedDrain) res.emit("drain");
    });
    res.on("close", () => {
      clearImmediate(flushDue);
      if (!gzip.writableFinished) gzip.destroy();
    });
    res.write = (chunk, encoding, callback) => {
      const taken = gzip.write(toBuffer(chunk, encoding), callback);
      // What a turn of the event loop wrote leaves then, not when gzip's buffer fills.
      flushDue ??= setImmediate(() => {
        flushDue = undefined;
        if (!gzip.writableEnded) gzip.flush(zlib.constants.Z_SYNC_FLUSH);
      });
      return taken && !res.writableNeedDrain;
    };
    res.end = (chunk, encoding, callback) => {
      if (typeof chunk === "function") [chunk, callback] = [undefined, chunk];
      if (typeof encoding === "function") [encoding, callback] = [undefined, encoding];
      clearImmediate(flushDue);
      if (callback) res.once("finish", callback);
      if (chunk != null) gzip.end(toBuffer(chunk, encoding));
      else gzip.end();
      return res;
    };
    const body = held;
    held = [];
    for (const piece of body) res.write(piece);
  };

  /** At the body's first write or end: returns whether the body is held for its size. */
  const decide = () => {
    const how = judge(req, res);
    if (how === "plain") plain();
    else if (how === "gzip") startGzip();
    return how === "size";
  };

  res.write = (chunk, encoding, callback) => {
    if (!decide()) return res.write(chunk, encoding, callback);
    res.write = holdForSize;
    res.end = endHeld;
    return holdForSize(chunk, encoding, callback);
  };
  res.end = (chunk, encoding, callback) => {
    if (typeof chunk === "function" || chunk == null) {
      plain();
      return res.end(chunk, encoding, callback);
    }
    if (!decide()) return res.end(chunk, encoding, callback);
    return endHeld(chunk, encoding, callback);
  };

  function holdForSize(chunk, encoding, callback) {
    const piece = toBuffer(chunk, encoding);
    held.push(piece);
    heldBytes += piece.length;
    if (callback) process.nextTick(callback);
    if (heldBytes >= smallBodyBytes) startGzip();
    else nextTurn ??= setImmediate(startGzip);
    return true;
  }

  function endHeld(chunk, encoding, callback) {
    if (typeof chunk === "function") [chunk, callback] = [undefined, chunk];
    if (typeof encoding === "function") [encoding, callback] = [undefined, encoding];
    if (chunk != null) {
      const piece = toBuffer(chunk, encoding);
      held.push(piece);
      heldBytes += piece.length;
    }
    if (heldBytes >= smallBodyBytes) {
      startGzip();
      return res.end(callback);
    }
    // The whole body at once: Node sends it with its Content-Length.
    const body = Buffer.concat(held);
    held = [];
    plain();
    return res.end(body, callback);
  }

  res.flushHeaders = () => {
    // A live-update stream's headers leave now (the browser's EventSource opens on them); any
    // other response's go with its body's first write, in the same tick.
    if (/^text\/event-stream/i.test(String(res.getHeader("content-type") ?? ""))) {
      plain();
      res.flushHeaders();
    }
  };
  // Headers written out before any body (an explicit writeHead): too early to know the size.
  res.writeHead = (...args) => {
    plain();
    return res.writeHead(...args);
  };
  res.on("close", () => clearImmediate(nextTurn));
}
