import http from "node:http";
import type { AddressInfo } from "node:net";
import { describe, expect, it } from "vitest";
import { benchHttpClient, parseAnswer } from "./bench-http-client";

describe("the benches' HTTP client", () => {
  it("reads an answer only once it is whole, sized or chunked", () => {
    const sized = Buffer.from("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello");
    expect(parseAnswer(sized.subarray(0, sized.length - 1))).toBeUndefined();
    expect(parseAnswer(sized)).toEqual({ answer: { status: 200, body: "hello" }, close: false });
    const chunked = Buffer.from(
      "HTTP/1.1 401 Unauthorized\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n" +
        '3\r\n{"a\r\n4\r\n":1}\r\n0\r\n\r\n',
    );
    expect(parseAnswer(chunked.subarray(0, chunked.length - 2))).toBeUndefined();
    expect(parseAnswer(chunked)).toEqual({ answer: { status: 401, body: '{"a":1}' }, close: true });
  });

  it("posts on kept-alive connections, no more at once than it was given", async () => {
    let open = 0;
    let most = 0;
    const seen: string[] = [];
    const server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", () => {
        seen.push(`${req.headers.cookie} ${Buffer.concat(chunks).toString()}`);
        // Streamed in two pieces, as the app server writes an answer (chunked).
        res.write("échoed ");
        setTimeout(() => res.end(req.url), 5);
      });
    });
    server.on("connection", (socket) => {
      most = Math.max(most, ++open);
      socket.on("close", () => open--);
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as AddressInfo;
    const client = benchHttpClient(2);
    try {
      const answers = await Promise.all(
        Array.from({ length: 6 }, (_, i) =>
          client.post(`http://127.0.0.1:${port}/call/${i}?x=1`, { cookie: "c=1" }, `body ${i}`),
        ),
      );
      expect(answers).toEqual(
        Array.from({ length: 6 }, (_, i) => ({ status: 200, body: `échoed /call/${i}?x=1` })),
      );
      expect(seen.sort()).toEqual(Array.from({ length: 6 }, (_, i) => `c=1 body ${i}`));
      expect(most).toBe(2);
    } finally {
      client.close();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
