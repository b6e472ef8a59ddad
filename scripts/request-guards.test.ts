import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { requestLocale } from "@/server/http/locale";
import { defaultBodyLimit, refusalLocale, refuseRequest } from "./request-guards.mjs";

let server: http.Server;
let port: number;
/** What the route behind the guard read of each body it was given, by path. */
const reached: string[] = [];

beforeAll(async () => {
  // As scripts/app-server.mjs: the guard, then a route that reads the whole body.
  server = http.createServer((req, res) => {
    if (refuseRequest(req, res)) return;
    let size = 0;
    req.on("data", (piece: Buffer) => (size += piece.length));
    req.on("error", () => {});
    req.on("end", () => {
      reached.push(req.url ?? "");
      res.end(String(size));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  port = (server.address() as AddressInfo).port;
});
afterAll(() => {
  server.closeAllConnections();
  return new Promise<void>((resolve) => server.close(() => resolve()));
});

/** A POST of `bytes` bytes; chunked (no Content-Length) when asked. */
function post(
  path: string,
  bytes: number,
  headers: http.OutgoingHttpHeaders = {},
  chunked = false,
) {
  return new Promise<{ status: number; headers: http.IncomingHttpHeaders; text: string }>(
    (resolve, reject) => {
      const req = http.request({ port, path, method: "POST", headers }, (res) => {
        let text = "";
        res.on("data", (piece: Buffer) => (text += String(piece)));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text }));
      });
      // The server may close while the rest is still being sent: the answer is what counts.
      req.on("error", reject);
      const body = Buffer.alloc(bytes, "x");
      if (chunked) {
        req.write(body.subarray(0, bytes >> 1));
        req.end(body.subarray(bytes >> 1));
      } else req.end(body);
    },
  );
}

describe("refuseRequest", () => {
  it("lets a body within the limit through to its route", async () => {
    expect(await post("/api/trpc/a.b", defaultBodyLimit)).toMatchObject({
      status: 200,
      text: String(defaultBodyLimit),
    });
    expect(await post("/api/auth/sign-in/email", 1000, {}, true)).toMatchObject({ text: "1000" });
  });

  it("refuses a larger body in the pages' language before its route reads it", async () => {
    reached.length = 0;
    const declared = await post("/api/auth/sign-in/email", defaultBodyLimit + 1, {
      "accept-language": "en-US,en;q=0.9",
    });
    expect(declared.status).toBe(413);
    expect(declared.headers.connection).toBe("close");
    expect(declared.headers["content-language"]).toBe("en");
    expect(declared.text).toMatch(/too large/);
    const chunked = await post("/api/trpc/a.b", 3 * defaultBodyLimit, {}, true);
    expect(chunked.status).toBe(413);
    expect(chunked.text).toMatch(/过大/);
    expect(reached).toEqual([]);
  });

  it("leaves a statement file and a setup restore to their own caps", async () => {
    for (const path of ["/api/statements?methodId=x", "/api/setup/restore"]) {
      expect(await post(path, defaultBodyLimit + 1)).toMatchObject({
        status: 200,
        text: String(defaultBodyLimit + 1),
      });
    }
  });
});

describe("refuseRequest on the address", () => {
  it("answers 400 to a path that is not percent-encoded text, leaving its query and good paths alone", async () => {
    const bad = await post("/pay/%E0%A4%A", 0, { "accept-language": "en" });
    expect(bad.status).toBe(400);
    expect(bad.text).toMatch(/link is not valid/);
    expect(await post("/pay/%E4%BD%A0?q=%E0", 0)).toMatchObject({ status: 200 });
  });
});

describe("refusalLocale", () => {
  it("follows the language switch's cookie, then the browser, then Chinese", () => {
    expect(refusalLocale({ cookie: "a=1; NEXT_LOCALE=en", "accept-language": "zh" })).toBe("en");
    expect(refusalLocale({ cookie: "NEXT_LOCALE=%E0", "accept-language": "fr, en-GB" })).toBe("en");
    expect(refusalLocale({ "accept-language": "zh-TW,en" })).toBe("zh-CN");
    expect(refusalLocale({})).toBe("zh-CN");
  });

  it("chooses as the route handlers do: the cookie read as a cookie, the browser's weights", () => {
    const cases: Record<string, string>[] = [
      { cookie: 'NEXT_LOCALE="en"', "accept-language": "zh" },
      { cookie: "a=1;NEXT_LOCALE = en ", "accept-language": "zh" },
      { "accept-language": "en;q=0.4, zh-CN;q=0.9" },
      { cookie: "XNEXT_LOCALE=en", "accept-language": "zh" },
    ];
    for (const headers of cases) {
      const asRoute = requestLocale(new Headers(headers), null, null);
      expect([headers, refusalLocale(headers)]).toEqual([headers, asRoute]);
    }
    expect(cases.map((h) => refusalLocale(h))).toEqual(["en", "en", "zh-CN", "zh-CN"]);
  });
});
