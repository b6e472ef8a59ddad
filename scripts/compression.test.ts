import http from "node:http";
import type { AddressInfo } from "node:net";
import { gunzipSync, createGunzip } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { acceptsGzip, compressWhenWorthIt, smallBodyBytes } from "./compression.mjs";

type Handler = (res: http.ServerResponse) => void | Promise<void>;

/** As Next sends a body: headers flushed before the first piece, then piece by piece. */
async function sendLikeNext(res: http.ServerResponse, pieces: (string | (() => Promise<void>))[]) {
  let started = false;
  for (const piece of pieces) {
    if (typeof piece === "function") {
      await piece();
      continue;
    }
    if (!started) res.flushHeaders();
    started = true;
    res.write(new TextEncoder().encode(piece));
    if ("flush" in res && typeof res.flush === "function") res.flush();
    await Promise.resolve();
  }
  res.end();
}

let server: http.Server;
let port: number;
const handlers = new Map<string, Handler>();

beforeAll(async () => {
  server = http.createServer((req, res) => {
    compressWhenWorthIt(req, res);
    void handlers.get(req.url ?? "")!(res);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  port = (server.address() as AddressInfo).port;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

let route = 0;
/** A route answered by `handler`, and a request to it. */
function request(
  handler: Handler,
  headers: http.OutgoingHttpHeaders = { "accept-encoding": "gzip, deflate, br" },
  method = "GET",
): Promise<http.IncomingMessage> {
  const path = `/r${++route}`;
  handlers.set(path, handler);
  return new Promise((resolve, reject) => {
    http.request({ port, path, method, headers }, resolve).on("error", reject).end();
  });
}

async function bodyOf(res: http.IncomingMessage): Promise<Buffer> {
  const pieces: Buffer[] = [];
  for await (const piece of res) pieces.push(piece as Buffer);
  return Buffer.concat(pieces);
}

const json = (bytes: number) => JSON.stringify({ pad: "x".repeat(bytes - 10) });

describe("compressWhenWorthIt", () => {
  it("sends a small answer of unknown length as it is, with its Content-Length", async () => {
    const answer = json(300);
    const res = await request((res) => {
      res.setHeader("content-type", "application/json");
      return sendLikeNext(res, [answer]);
    });
    expect(res.headers["content-encoding"]).toBeUndefined();
    expect(res.headers["content-length"]).toBe(String(answer.length));
    expect(res.headers.vary).toBe("Accept-Encoding");
    expect((await bodyOf(res)).toString()).toBe(answer);
  });

  it("gzips a large answer of unknown length, in pieces or in one", async () => {
    const answer = json(5000);
    for (const pieces of [[answer], [answer.slice(0, 100), answer.slice(100)]]) {
      const res = await request((res) => {
        res.setHeader("content-type", "application/json");
        res.setHeader("vary", "rsc");
        return sendLikeNext(res, pieces);
      });
      expect(res.headers["content-encoding"]).toBe("gzip");
      expect(res.headers["content-length"]).toBeUndefined();
      expect(res.headers.vary).toBe("rsc, Accept-Encoding");
      expect(gunzipSync(await bodyOf(res)).toString()).toBe(answer);
    }
  });

  it("gzips a body of known length from the threshold up, and drops its Content-Length", async () => {
    for (const bytes of [smallBodyBytes - 1, smallBodyBytes]) {
      const script = "x".repeat(bytes);
      const res = await request((res) => {
        res.setHeader("content-type", "text/javascript; charset=utf-8");
        res.setHeader("content-length", bytes);
        res.end(script);
      });
      const body = await bodyOf(res);
      if (bytes < smallBodyBytes) {
        expect(res.headers["content-encoding"]).toBeUndefined();
        expect(res.headers["content-length"]).toBe(String(bytes));
        expect(body.toString()).toBe(script);
      } else {
        expect(res.headers["content-encoding"]).toBe("gzip");
        expect(res.headers["content-length"]).toBeUndefined();
        expect(gunzipSync(body).toString()).toBe(script);
      }
    }
  });

  it("leaves a body as it is when the client does not take gzip, or it is compressed already", async () => {
    const answer = json(5000);
    const cases: [http.OutgoingHttpHeaders, string, string | undefined][] = [
      [{}, "application/json", "Accept-Encoding"],
      [{ "accept-encoding": "br, gzip;q=0" }, "application/json", "Accept-Encoding"],
      [{ "accept-encoding": "gzip" }, "image/png", undefined],
      [{ "accept-encoding": "gzip" }, "font/woff2", undefined],
    ];
    for (const [headers, type, vary] of cases) {
      const res = await request((res) => {
        res.setHeader("content-type", type);
        return sendLikeNext(res, [answer]);
      }, headers);
      expect(res.headers["content-encoding"]).toBeUndefined();
      expect(res.headers.vary).toBe(vary);
      expect((await bodyOf(res)).toString()).toBe(answer);
    }
  });

  it("sends a live-update stream's headers and each event at once, never compressed", async () => {
    let sendRest!: () => void;
    const rest = new Promise<void>((resolve) => (sendRest = resolve));
    const res = await request((res) => {
      res.setHeader("content-type", "text/event-stream");
      return sendLikeNext(res, ["event: connected\ndata: {}\n\n", () => rest, "data: 2\n\n"]);
    });
    expect(res.headers["content-encoding"]).toBeUndefined();
    // The stream ends only after its first event has arrived: held back, it never would.
    const first = await new Promise<Buffer>((resolve) => res.once("data", resolve));
    expect(first.toString()).toBe("event: connected\ndata: {}\n\n");
    sendRest();
    expect((await bodyOf(res)).toString()).toBe("data: 2\n\n");
  });

  it("sends a compressed stream's pieces as they are written, not when it ends", async () => {
    let sendRest!: () => void;
    const rest = new Promise<void>((resolve) => (sendRest = resolve));
    const shell = "<!doctype html><title>a</title>";
    const tail = `<p>${"late ".repeat(400)}</p>`;
    const res = await request((res) => {
      res.setHeader("content-type", "text/html; charset=utf-8");
      return sendLikeNext(res, [shell, () => rest, tail]);
    });
    expect(res.headers["content-encoding"]).toBe("gzip");
    const text = res.pipe(createGunzip()).setEncoding("utf8");
    // The page ends only after its shell has arrived.
    let received = "";
    while (received.length < shell.length) {
      received += await new Promise<string>((resolve) => text.once("data", resolve));
    }
    expect(received).toBe(shell);
    sendRest();
    for await (const piece of text) received += piece as string;
    expect(received).toBe(shell + tail);
  });

  it("sends no body for HEAD, and empty answers as they are", async () => {
    const head = await request(
      (res) => {
        res.setHeader("content-type", "text/html");
        res.end();
      },
      undefined,
      "HEAD",
    );
    expect(head.headers["content-encoding"]).toBeUndefined();
    const empty = await request((res) => {
      res.statusCode = 204;
      res.end();
    });
    expect(empty.statusCode).toBe(204);
    expect(await bodyOf(empty)).toHaveLength(0);
  });
});

describe("acceptsGzip", () => {
  it("reads gzip, a wildcard and their weights", () => {
    expect(acceptsGzip("gzip, deflate, br, zstd")).toBe(true);
    expect(acceptsGzip("br;q=1.0, gzip;q=0.8")).toBe(true);
    expect(acceptsGzip("br, gzip;q=0")).toBe(false);
    expect(acceptsGzip("*")).toBe(true);
    expect(acceptsGzip("*;q=0")).toBe(false);
    expect(acceptsGzip("gzip;q=0, *")).toBe(false);
    expect(acceptsGzip("identity")).toBe(false);
    expect(acceptsGzip(undefined)).toBe(false);
  });
});
