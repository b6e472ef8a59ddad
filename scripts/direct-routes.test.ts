import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { cappedText, readCappedText } from "@/server/http/capped-body";
import { compressWhenWorthIt } from "./compression.mjs";
import { securityHeaders } from "./security-headers.mjs";
import { directHandler, serveDirect, wholeBodyBytes } from "./direct-routes.mjs";

type Handler = (req: Request, bytes?: Uint8Array) => Promise<Response>;
const trpcHook = Symbol.for("hexiao.route.trpc");
const webhookHook = Symbol.for("hexiao.route.webhook");
const globals = globalThis as Record<symbol, unknown>;

let server: http.Server;
let port: number;
let handler: Handler;
const failures: unknown[] = [];

beforeAll(async () => {
  // As scripts/app-server.mjs: compression first, then the direct path.
  server = http.createServer((req, res) => {
    compressWhenWorthIt(req, res);
    serveDirect(req, res, handler, { hostname: "localhost", port }).catch((err: unknown) => {
      failures.push(err);
      if (!res.headersSent) res.writeHead(500);
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  port = (server.address() as AddressInfo).port;
});
afterAll(() => {
  server.closeAllConnections();
  return new Promise<void>((resolve) => server.close(() => resolve()));
});
afterEach(() => {
  delete globals[trpcHook];
  delete globals[webhookHook];
  failures.length = 0;
});

function call(
  path: string,
  options: {
    method?: string;
    headers?: http.OutgoingHttpHeaders;
    body?: string;
    agent?: http.Agent;
  } = {},
): Promise<http.IncomingMessage> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        port,
        path,
        method: options.method ?? "GET",
        headers: options.headers,
        agent: options.agent,
      },
      resolve,
    );
    req.on("error", reject).end(options.body);
  });
}

async function textOf(res: http.IncomingMessage): Promise<string> {
  let text = "";
  for await (const piece of res) text += String(piece);
  return text;
}

/** A request as app-server.mjs sees it, for directHandler. */
const incoming = (method: string, url: string) => ({ method, url }) as http.IncomingMessage;

describe("directHandler: tRPC calls", () => {
  const registered: Handler = () => Promise.resolve(new Response(null));

  it("takes a procedure or a batch by GET or POST once the app has handed its handler over", () => {
    expect(directHandler(incoming("GET", "/api/trpc/me.get"))).toBeUndefined();
    globals[trpcHook] = registered;
    for (const url of [
      "/api/trpc/me.get",
      "/api/trpc/vouchers.redeem",
      "/api/trpc/me.get,home.summary?batch=1&input=%7B%7D",
      "/api/trpc/orders.watch?input=x",
    ]) {
      expect(directHandler(incoming("GET", url)), url).toBe(registered);
    }
    expect(directHandler(incoming("POST", "/api/trpc/vouchers.redeem"))).toBe(registered);
  });

  it("leaves to Next every other method and any path it would normalise, redirect or refuse", () => {
    globals[trpcHook] = registered;
    for (const method of ["HEAD", "OPTIONS", "PUT", "DELETE", "PATCH"]) {
      expect(directHandler(incoming(method, "/api/trpc/me.get")), method).toBeUndefined();
    }
    for (const url of [
      "/api/trpc/../x",
      "/api/trpc/..",
      "/api/trpc/a..b",
      "/api/trpc/.a",
      "/api/trpc/a.",
      "/api/trpc/%2e%2e/x",
      "/api/trpc/me.get/",
      "/api/trpc//me.get",
      "/api/trpc/me.get/../../x",
      "/api/trpc\\me.get",
      "/api/trpc/",
      "/api/trpc",
      "/api/trpcX",
      "/api/trpcX/me.get",
      "//api/trpc/me.get",
      "/API/trpc/me.get",
      "http://elsewhere/api/trpc/me.get",
    ]) {
      expect(directHandler(incoming("GET", url)), url).toBeUndefined();
    }
  });
});

describe("directHandler: providers' notifications", () => {
  const methodId = "0b7f1c2e-5d4a-4f8e-9a6b-3c2d1e0f9a8b";
  let seen: { provider: string; methodId: string } | undefined;
  const registered = (_req: Request, provider: string, method: string) => {
    seen = { provider, methodId: method };
    return Promise.resolve(new Response(null));
  };

  it("takes a POST to a method's address once the route has handed its handler over, with the path's two names", async () => {
    const url = `/api/webhooks/wechat_pay/${methodId}`;
    expect(directHandler(incoming("POST", url))).toBeUndefined();
    globals[webhookHook] = registered;
    for (const [path, provider] of [
      [url, "wechat_pay"],
      [`/api/webhooks/alipay/${methodId}?charset=utf-8`, "alipay"],
    ] as const) {
      const handler = directHandler(incoming("POST", path));
      expect(handler, path).toBeTypeOf("function");
      await handler!(new Request("http://localhost/"));
      expect(seen, path).toEqual({ provider, methodId });
    }
  });

  it("leaves to Next every other method and any path it would normalise, redirect or refuse", () => {
    globals[webhookHook] = registered;
    for (const method of ["GET", "HEAD", "OPTIONS", "PUT"]) {
      const url = `/api/webhooks/alipay/${methodId}`;
      expect(directHandler(incoming(method, url)), method).toBeUndefined();
    }
    for (const url of [
      `/api/webhooks/alipay/${methodId.toUpperCase()}`,
      `/api/webhooks/alipay/${methodId}/`,
      `/api/webhooks/alipay/${methodId}x`,
      `/api/webhooks/alipay/../${methodId}`,
      `/api/webhooks/al%69pay/${methodId}`,
      `/api/webhooks//alipay/${methodId}`,
      `/api/webhooks/alipay`,
      `/api/webhooks/alipay/not-a-uuid`,
      `/api/webhooksX/alipay/${methodId}`,
    ]) {
      expect(directHandler(incoming("POST", url)), url).toBeUndefined();
    }
  });
});

describe("serveDirect", () => {
  it("gives the handler the request as Next would: its URL is the server's, not the Host header's", async () => {
    let seen: { url: string; method: string; headers: Headers; body: string } | undefined;
    handler = async (req, bytes) => {
      // A small body comes read, as bytes, and the request carries none.
      expect(req.body).toBeNull();
      const body = Buffer.from(bytes!).toString("utf8");
      seen = { url: req.url, method: req.method, headers: req.headers, body };
      return Response.json({ ok: true });
    };
    const res = await call("/api/trpc/a.b?batch=1", {
      method: "POST",
      headers: { host: "evil.example/api/trpc/x?", "content-type": "application/json" },
      body: '{"0":{"json":1}}',
    });
    await textOf(res);
    expect(seen).toMatchObject({
      url: `http://localhost:${port}/api/trpc/a.b?batch=1`,
      method: "POST",
      body: '{"0":{"json":1}}',
    });
    expect(seen!.headers.get("host")).toBe("evil.example/api/trpc/x?");
    // Next's forwarded headers when the client sent none (request-meta.ts trusts them only
    // from TRUST_PROXY proxies), and a client's own kept as Next keeps it.
    expect(seen!.headers.get("x-forwarded-for")).toBe("127.0.0.1");
    expect(seen!.headers.get("x-forwarded-proto")).toBe("http");
    expect(seen!.headers.get("x-forwarded-port")).toBe(String(port));
    handler = async (req, bytes) => {
      seen = { url: req.url, method: req.method, headers: req.headers, body: String(bytes) };
      return Response.json({ ok: true });
    };
    await textOf(await call("/api/trpc/a.b", { headers: { "x-forwarded-for": "203.0.113.9" } }));
    expect(seen!.headers.get("x-forwarded-for")).toBe("203.0.113.9");
  });

  it("answers with the handler's status and headers, Next's security headers, each cookie apart", async () => {
    handler = () =>
      Promise.resolve(
        new Response(JSON.stringify({ error: "nope" }), {
          status: 401,
          headers: [
            ["content-type", "application/json"],
            ["set-cookie", "a=1; Path=/; HttpOnly"],
            ["set-cookie", "b=2, with a comma; Path=/"],
            ["vary", "trpc-accept"],
            // Next's config headers win over a route's own; framing is Node's.
            ["x-frame-options", "SAMEORIGIN"],
            ["content-length", "999"],
            ["transfer-encoding", "chunked"],
            ["cache-control", "no-store"],
          ],
        }),
      );
    const res = await call("/api/trpc/a.b", { headers: { "accept-encoding": "gzip" } });
    expect(res.statusCode).toBe(401);
    expect(await textOf(res)).toBe('{"error":"nope"}');
    for (const { key, value } of securityHeaders)
      expect(res.headers[key.toLowerCase()]).toBe(value);
    expect(res.headers["set-cookie"]).toEqual([
      "a=1; Path=/; HttpOnly",
      "b=2, with a comma; Path=/",
    ]);
    expect(res.headers.vary).toBe(
      "rsc, next-router-state-tree, next-router-prefetch, next-router-segment-prefetch, trpc-accept, Accept-Encoding",
    );
    expect(res.headers["cache-control"]).toBe("no-store");
    // A small answer goes out whole, with its true length (scripts/compression.mjs).
    expect(res.headers["content-length"]).toBe("16");
    expect(res.headers["content-encoding"]).toBeUndefined();
  });

  it("sends a live-update stream event by event, and ends the handler's work when the client goes", async () => {
    let push!: (event: string) => void;
    let signal!: AbortSignal;
    handler = (req) => {
      signal = req.signal;
      const body = new ReadableStream<Uint8Array>({
        start(controller) {
          push = (event) => controller.enqueue(new TextEncoder().encode(event));
        },
      });
      return Promise.resolve(
        new Response(body, { headers: { "content-type": "text/event-stream" } }),
      );
    };
    const answer = call("/api/trpc/orders.watch?input=x", {
      headers: { accept: "text/event-stream", "accept-encoding": "gzip" },
    });
    // The headers leave with the first event, as through Next (tRPC sends one at once).
    await expect.poll(() => push).toBeDefined();
    push("data: 1\n\n");
    const res = await answer;
    expect(res.statusCode).toBe(200);
    expect(res.headers["content-encoding"]).toBeUndefined();
    const events = res[Symbol.asyncIterator]();
    expect(String((await events.next()).value)).toBe("data: 1\n\n");
    push("data: 2\n\n");
    expect(String((await events.next()).value)).toBe("data: 2\n\n");
    expect(signal.aborted).toBe(false);
    res.destroy();
    await expect.poll(() => signal.aborted).toBe(true);
  });

  it("hands a body up to wholeBodyBytes over read, as bytes, and a larger one in the request", async () => {
    const seen: { bytes: number | null; inRequest: number }[] = [];
    handler = async (req, bytes) => {
      seen.push({ bytes: bytes?.byteLength ?? null, inRequest: (await req.text()).length });
      return Response.json({ ok: true });
    };
    for (const size of [wholeBodyBytes, wholeBodyBytes + 1]) {
      await textOf(await call("/api/trpc/a.b", { method: "POST", body: "x".repeat(size) }));
    }
    expect(seen).toEqual([
      { bytes: wholeBodyBytes, inRequest: 0 },
      { bytes: null, inRequest: wholeBodyBytes + 1 },
    ]);
  });

  it("closes the connection of a body the handler stopped reading, so the next request is answered", async () => {
    handler = async (req, bytes) =>
      Response.json({
        read: (bytes ? cappedText([bytes], 1000) : await readCappedText(req, 1000)).length,
      });
    // One connection, kept alive: the second request goes on the first one's if it stays open.
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    try {
      const path = "/api/webhooks/sandbox/00000000-0000-4000-8000-000000000000";
      const big = await call(path, { method: "POST", body: "x".repeat(3_000_000), agent });
      expect(await textOf(big)).toBe('{"read":1001}');
      expect(big.headers.connection).toBe("close");
      const next = await call(path, { method: "POST", body: "{}", agent });
      expect(await textOf(next)).toBe('{"read":2}');
    } finally {
      agent.destroy();
    }
  });

  it("cuts an answer whose body fails midway rather than end it as if whole", async () => {
    handler = () =>
      Promise.resolve(
        new Response(
          new ReadableStream({
            start(controller) {
              controller.enqueue(new TextEncoder().encode("x".repeat(2000)));
            },
            async pull(controller) {
              await new Promise((resolve) => setTimeout(resolve, 50));
              controller.error(new Error("broken"));
            },
          }),
          { headers: { "content-type": "application/json" } },
        ),
      );
    const res = await call("/api/trpc/a.b");
    expect(res.statusCode).toBe(200);
    await expect(textOf(res)).rejects.toThrow();
    expect(failures).toHaveLength(1);
  });
});
