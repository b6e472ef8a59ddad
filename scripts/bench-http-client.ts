// The benches' HTTP client for timed requests (notifications, redemptions): node:http over
// kept-alive connections. It stands for a provider's servers and the counters' tablets, which
// never run on the server's machine; here it shares the server's two cores, so its own CPU is
// taken from the server under test. fetch (undici) spent about 0.4–0.6 ms of CPU per small
// POST on this machine against about 0.05–0.15 ms for node:http.
import http from "node:http";

export interface BenchAnswer {
  status: number;
  body: string;
}

/** A client keeping up to `connections` connections open between requests. */
export function benchHttpClient(connections: number) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: connections });
  const post = (url: string, headers: Record<string, string>, body: string) =>
    new Promise<BenchAnswer>((resolve, reject) => {
      const req = http.request(
        url,
        {
          method: "POST",
          agent,
          headers: { ...headers, "content-length": String(Buffer.byteLength(body)) },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on("data", (chunk: Buffer) => chunks.push(chunk));
          res.on("end", () =>
            resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString("utf8") }),
          );
          res.on("error", reject);
        },
      );
      req.on("error", reject);
      req.end(body);
    });
  return { post, close: () => agent.destroy() };
}
