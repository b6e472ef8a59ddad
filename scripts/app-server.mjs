// One app process of `node scripts/serve.mjs [-p port] [-H host]` (scripts/serve.mjs starts
// one, or several sharing the port): serves the production build, as `next start` does, and
// tells the app each request's socket address. `next start` cannot: it keeps any
// X-Forwarded-For the client sent, so a forged one would pass for the client's address (the
// sign-in throttle per address, the audit log). Here the socket's address travels in a header
// whose name is drawn at random per process, which no client can know; server/http/
// request-meta.ts reads it and trusts forwarded headers only from TRUST_PROXY proxies.
import cluster from "node:cluster";
import { randomBytes } from "node:crypto";
import http from "node:http";
import { networkInterfaces } from "node:os";
import { parseArgs } from "node:util";
import { root } from "./build-if-needed.mjs";
import { compressWhenWorthIt } from "./compression.mjs";
import { consoleAddresses } from "./console-addresses.mjs";
import { directHandler, serveDirect } from "./direct-routes.mjs";
import { listenErrorMessage, listenProblem } from "./listen-check.mjs";
import { refuseRequest } from "./request-guards.mjs";

const { values } = parseArgs({
  options: {
    port: { type: "string", short: "p", default: "3000" },
    hostname: { type: "string", short: "H" },
  },
});
const port = Number(values.port);

// A port another program holds is said before the database opens and the jobs start. Several
// processes (serve.mjs) share the port their primary holds: only a lone process asks.
if (cluster.isPrimary) {
  const problem = await listenProblem(port, values.hostname);
  if (problem) {
    console.error(problem);
    process.exit(1);
  }
}

// As `next start`: production unless told otherwise. Set before Next and env.ts load.
process.env.NODE_ENV ||= "production";
const peerHeader = `x-hexiao-peer-${randomBytes(12).toString("hex")}`;
process.env.HEXIAO_PEER_HEADER = peerHeader;
// Where it listens, for the first-run setup's link (server/runtime.ts): empty, every interface.
// The port too: `serve.mjs -p 4000` without PORT set gave the link (and env.internalUrl) 3000.
process.env.HEXIAO_LISTEN_HOST = values.hostname ?? "";
process.env.PORT = String(port);

const { default: next } = await import("next");
const app = next({ dev: false, dir: root, port, hostname: values.hostname });
const handle = app.getRequestHandler();
await app.prepare();
/** Where Next says a route handler's request came to (its URL), and so does direct-routes.mjs. */
const listening = { hostname: values.hostname ?? "localhost", port };
// The tRPC calls and the providers' notifications skip Next's request handler
// (scripts/direct-routes.mjs), unless this is set: a way back should the direct path ever
// answer differently, and the other side of its tests.
const allThroughNext = process.env.ROUTES_VIA_NEXT === "1";

/** Responses being written: whether each is a live-update stream (server-sent events), and what. */
const inFlight = new Map();
let stopping = false;

const server = http.createServer((req, res) => {
  req.headers[peerHeader] = req.socket.remoteAddress ?? "";
  // Live updates (tRPC subscriptions over EventSource) never end by themselves.
  const stream = (req.headers.accept ?? "").includes("text/event-stream");
  if (stopping) {
    // A request on a connection kept alive from before the shutdown: answered, then the
    // connection closes so the client's next request goes elsewhere. A new stream is cut at
    // once: EventSource reconnects after a network error (never after an error status).
    if (stream) return void req.socket.destroy();
    res.setHeader("connection", "close");
  }
  // The one compression of every route (Next's own is off: next.config.ts).
  compressWhenWorthIt(req, res);
  // What it is, for the log should the grace period end before it does (no query: no secrets).
  inFlight.set(res, { stream, what: `${req.method} ${req.url?.split("?")[0]}` });
  res.on("close", () => {
    inFlight.delete(res);
    // Its connection, now idle, must not hold the shutdown until the keep-alive timeout.
    if (stopping) setImmediate(() => server.closeIdleConnections());
  });
  if (refuseRequest(req, res)) return;
  const direct = allThroughNext ? undefined : directHandler(req);
  (direct ? serveDirect(req, res, direct, listening) : handle(req, res)).catch((err) => {
    console.error("request failed:", err);
    if (!res.headersSent) res.writeHead(500);
    res.end();
  });
});

// Idle keep-alive connections stay open for 65 s (Node's default is 5 s). A client that reuses a
// connection just as the server closes it gets a reset, and a POST is not retried: browsers and
// HTTP clients keep idle connections longer than 5 s, and proxies in front usually 60 s, so the
// server must be the side that waits longest. The shutdown closes idle connections itself.
server.keepAliveTimeout = 65_000;
// Taken in the meantime (between the check above and now): said as plainly.
const cannotListen = (err) => {
  console.error(listenErrorMessage(err, port, values.hostname) ?? err);
  process.exit(1);
};
server.once("error", cannotListen);
server.listen(port, values.hostname, () => {
  server.off("error", cannotListen);
  const addresses = consoleAddresses({
    appUrl: process.env.APP_URL,
    cookieSecure: process.env.COOKIE_SECURE,
    hostname: values.hostname,
    port,
    interfaces: networkInterfaces(),
  });
  console.log(["Ready on", ...addresses].join("\n  "));
});

/**
 * SIGTERM (a service manager, a rolling restart, the test suite) or SIGINT (Ctrl-C): stop
 * taking connections, let the requests in flight finish (a payment notification cut here would
 * wait for the provider's retry), then close the database and exit 0. In order:
 * 1. the listening socket closes (new connections are refused, a load balancer moves on), idle
 *    keep-alive connections close, live-update streams are cut (browsers reconnect elsewhere),
 *    and no background job tick starts any more;
 * 2. requests in flight finish, for up to SHUTDOWN_GRACE_SECONDS (then they are cut), and so do
 *    the job ticks running and the work requests left for after their response;
 * 3. the database closes (PGlite writes its files out and lets go of its data folder).
 * Next's own handlers are not in play: `next start` installs them, a custom server does not.
 * The app hands over its part on a global symbol (server/runtime.ts registerShutdown).
 */
async function stop(signal) {
  if (stopping) return;
  stopping = true;
  const hook = globalThis[Symbol.for("hexiao.shutdown")];
  const graceMs = hook?.graceMs ?? 25_000;
  const requests = [...inFlight.values()].filter((r) => !r.stream).length;
  console.log(
    `${signal}: stopping. ${requests} request(s) in flight may take up to ${graceMs / 1000} s.`,
  );
  const closed = new Promise((resolve) => server.close(() => resolve()));
  const jobsStopped = hook?.stopJobs().catch((err) => console.error("stopping jobs:", err));
  for (const [res, { stream }] of inFlight) {
    if (stream) res.destroy();
    else if (!res.headersSent) res.setHeader("connection", "close");
  }
  server.closeIdleConnections();

  let timer;
  const graceOver = new Promise((resolve) => (timer = setTimeout(resolve, graceMs, false)));
  // After the last response: Next then waits for the work requests left for later (after()).
  const finished = Promise.all([closed.then(() => app.close()), jobsStopped]).then(() => true);
  if (!(await Promise.race([finished, graceOver]))) {
    const cut = [...inFlight.values()].map((r) => r.what);
    console.error(`Grace period over: cutting ${cut.length} request(s): ${cut.join(", ")}`);
    server.closeAllConnections();
  }
  clearTimeout(timer);
  // A query of a request cut at the end of the grace period still holds its connection, and
  // the pool waits for it: bounded too, so that a stop always ends.
  setTimeout(() => {
    console.error("The database did not close within 10 s; exiting anyway.");
    process.exit(1);
  }, 10_000).unref();
  try {
    await hook?.close();
  } catch (err) {
    console.error("closing the database:", err);
    process.exit(1);
  }
  console.log("Hexiao stopped.");
  process.exit(0);
}
process.on("SIGTERM", () => void stop("SIGTERM"));
process.on("SIGINT", () => void stop("SIGINT"));
