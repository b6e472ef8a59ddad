// The benches' HTTP client for timed requests (notifications, redemptions): HTTP/1.1 written
// and read on kept-alive sockets by hand. It stands for a provider's servers and the counters'
// tablets, which never run on the server's machine; here it shares the server's two cores, so
// its own CPU is taken from the server under test. fetch (undici) spent about 0.4–0.6 ms of CPU
// per small POST on this machine, node:http 0.20–0.28 ms and this 0.14 ms (8 at once against a
// server answering in 5–25 ms, a redemption's request and answer). The server reads the same
// request either way: the same headers, the body sized by content-length.
import net from "node:net";

export interface BenchAnswer {
  status: number;
  body: string;
}

const headEnd = Buffer.from("\r\n\r\n");

/**
 * The answer at the start of `data` once it is whole (sized by content-length, or chunked as
 * the app server streams an answer), with whether the server closes the connection after it.
 */
export function parseAnswer(data: Buffer): { answer: BenchAnswer; close: boolean } | undefined {
  const end = data.indexOf(headEnd);
  if (end < 0) return undefined;
  const head = data.toString("latin1", 0, end).toLowerCase();
  const status = Number(head.slice(9, 12));
  const close = /\r\nconnection: *close/.test(head);
  let at = end + 4;
  const sized = /\r\ncontent-length: *(\d+)/.exec(head);
  if (sized) {
    const length = Number(sized[1]);
    if (data.length < at + length) return undefined;
    return { answer: { status, body: data.toString("utf8", at, at + length) }, close };
  }
  if (!/\r\ntransfer-encoding: *chunked/.test(head)) return { answer: { status, body: "" }, close };
  const pieces: Buffer[] = [];
  for (;;) {
    const lineEnd = data.indexOf("\r\n", at);
    if (lineEnd < 0) return undefined;
    const size = parseInt(data.toString("latin1", at, lineEnd), 16);
    const start = lineEnd + 2;
    if (data.length < start + size + 2) return undefined;
    if (size === 0)
      return { answer: { status, body: Buffer.concat(pieces).toString("utf8") }, close };
    pieces.push(data.subarray(start, start + size));
    at = start + size + 2;
  }
}

/** Sends `request` on `socket` and reads its answer. */
function exchange(socket: net.Socket, request: string) {
  return new Promise<{ answer: BenchAnswer; close: boolean }>((resolve, reject) => {
    let data: Buffer = Buffer.alloc(0);
    const onData = (chunk: Buffer) => {
      data = data.length ? Buffer.concat([data, chunk]) : chunk;
      const parsed = parseAnswer(data);
      if (!parsed) return;
      stop();
      resolve(parsed);
    };
    const onGone = () => {
      stop();
      reject(new Error("the connection closed before the answer was whole"));
    };
    const stop = () => {
      socket.off("data", onData);
      socket.off("close", onGone);
      socket.off("error", onGone);
    };
    socket.on("data", onData);
    socket.on("close", onGone);
    socket.on("error", onGone);
    socket.write(request);
  });
}

/** A client keeping up to `connections` connections open between requests, one request on each at a time. */
export function benchHttpClient(connections: number) {
  const idle: net.Socket[] = [];
  const waiting: (() => void)[] = [];
  const sockets = new Set<net.Socket>();

  const connect = (target: URL) =>
    new Promise<net.Socket>((resolve, reject) => {
      const socket = net.connect({ host: target.hostname, port: Number(target.port) || 80 });
      socket.setNoDelay(true);
      sockets.add(socket);
      socket.once("connect", () => resolve(socket));
      socket.once("error", reject);
      // A connection gone (closed by the server, or never made) frees a place for one waiting.
      socket.once("close", () => {
        sockets.delete(socket);
        waiting.shift()?.();
      });
    });

  /** An idle connection, a new one while fewer than `connections` are open, else the next freed. */
  const take = async (target: URL): Promise<net.Socket> => {
    for (;;) {
      const socket = idle.pop();
      if (socket && !socket.destroyed) return socket;
      if (sockets.size < connections) return connect(target);
      await new Promise<void>((resolve) => waiting.push(resolve));
    }
  };

  const post = async (url: string, headers: Record<string, string>, body: string) => {
    const target = new URL(url);
    const socket = await take(target);
    let request = `POST ${target.pathname}${target.search} HTTP/1.1\r\nhost: ${target.host}\r\n`;
    for (const [name, value] of Object.entries(headers)) request += `${name}: ${value}\r\n`;
    request += `content-length: ${Buffer.byteLength(body)}\r\nconnection: keep-alive\r\n\r\n${body}`;
    try {
      const { answer, close } = await exchange(socket, request);
      if (close) socket.destroy();
      else idle.push(socket);
      return answer;
    } catch (err) {
      socket.destroy();
      throw err;
    } finally {
      waiting.shift()?.();
    }
  };
  return {
    post,
    close: () => {
      for (const socket of sockets) socket.destroy();
    },
  };
}
