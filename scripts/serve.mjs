// `node scripts/serve.mjs [-p port] [-H host]`: serves the production build, as `next start`
// does, and tells the app each request's socket address. `next start` cannot: it keeps any
// X-Forwarded-For the client sent, so a forged one would pass for the client's address (the
// sign-in throttle per address, the audit log). Here the socket's address travels in a header
// whose name is drawn at random per process, which no client can know; server/http/
// request-meta.ts reads it and trusts forwarded headers only from TRUST_PROXY proxies.
import { randomBytes } from "node:crypto";
import http from "node:http";
import { parseArgs } from "node:util";
import { root } from "./build-if-needed.mjs";

const { values } = parseArgs({
  options: {
    port: { type: "string", short: "p", default: "3000" },
    hostname: { type: "string", short: "H" },
  },
});
const port = Number(values.port);

// As `next start`: production unless told otherwise. Set before Next and env.ts load.
process.env.NODE_ENV ||= "production";
const peerHeader = `x-hexiao-peer-${randomBytes(12).toString("hex")}`;
process.env.HEXIAO_PEER_HEADER = peerHeader;

const { default: next } = await import("next");
const app = next({ dev: false, dir: root, port, hostname: values.hostname });
const handle = app.getRequestHandler();
await app.prepare();

const server = http.createServer((req, res) => {
  req.headers[peerHeader] = req.socket.remoteAddress ?? "";
  handle(req, res).catch((err) => {
    console.error("request failed:", err);
    if (!res.headersSent) res.writeHead(500);
    res.end();
  });
});
server.listen(port, values.hostname, () => {
  console.log(`Ready on http://${values.hostname ?? "localhost"}:${port}`);
});

// SIGTERM (a service manager, the test suite): finish the requests in flight, then leave.
function stop() {
  server.close(() => process.exit(0));
  server.closeIdleConnections();
  setTimeout(() => process.exit(0), 10_000).unref();
}
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
