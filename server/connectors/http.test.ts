import { createServer, type Socket } from "node:net";
import { describe, expect, it } from "vitest";
import { callProvider } from "./http";
import { ProviderError } from "./types";

/** A local port nothing listens on: taken from the system, then released. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe("a provider call that fails on the network", () => {
  it("says why, not only that fetch failed", async () => {
    const port = await closedPort();
    const failed = await callProvider(fetch, `http://127.0.0.1:${port}/`, {}).catch(
      (err: unknown) => err,
    );
    expect(failed).toBeInstanceOf(ProviderError);
    expect((failed as ProviderError).code).toBe("NETWORK");
    expect((failed as ProviderError).message).toMatch(/ECONNREFUSED/);
  });

  it("keeps the message of an error without a cause", async () => {
    const failing = (() => Promise.reject(new Error("offline"))) as typeof fetch;
    await expect(callProvider(failing, "http://provider.invalid/", {})).rejects.toThrow(
      /^offline$/,
    );
  });
});

/**
 * A provider that drops the connection of each of its first `drops` requests once the request
 * has arrived, without a reply (closing it, or resetting it) or with a reply cut off after its
 * first line (`cut`), and answers "ok" after that.
 */
async function droppingProvider(drops: number, how: "close" | "reset" | "cut") {
  let requests = 0;
  const server = createServer((socket: Socket) => {
    socket.once("data", () => {
      requests++;
      if (requests <= drops) {
        if (how === "reset") socket.resetAndDestroy();
        else if (how === "close") socket.destroy();
        else socket.end("HTTP/1.1 200 OK\r\ncontent-length: 100\r\n\r\n{");
        return;
      }
      socket.end("HTTP/1.1 200 OK\r\ncontent-length: 2\r\nconnection: close\r\n\r\nok");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}/`,
    requests: () => requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe("a provider call whose connection is closed before any reply", () => {
  for (const how of ["close", "reset"] as const) {
    it(`is asked once more on a new connection (${how})`, async () => {
      const provider = await droppingProvider(1, how);
      try {
        const res = await callProvider(fetch, provider.url, { method: "POST", body: "a=1" });
        expect(res.text).toBe("ok");
        expect(provider.requests()).toBe(2);
      } finally {
        await provider.close();
      }
    });
  }

  const givesUp = [
    { when: "is not asked again when the answer had begun", drops: 1, how: "cut", asked: 1 },
    { when: "is asked no more than twice", drops: 5, how: "reset", asked: 2 },
  ] as const;
  for (const { when, drops, how, asked } of givesUp) {
    it(when, async () => {
      const provider = await droppingProvider(drops, how);
      try {
        const failed = await callProvider(fetch, provider.url, {
          method: "POST",
          body: "a=1",
        }).catch((err: unknown) => err);
        expect((failed as ProviderError).code).toBe("NETWORK");
        expect(provider.requests()).toBe(asked);
      } finally {
        await provider.close();
      }
    });
  }

  /** A fetch that fails as undici does, its cause carrying `code`, and how often it was called. */
  function failingFetch(code: string) {
    let calls = 0;
    const fetchFn = (() => {
      calls++;
      return Promise.reject(
        new TypeError("fetch failed", { cause: Object.assign(new Error(code), { code }) }),
      );
    }) as typeof fetch;
    return { fetchFn, calls: () => calls };
  }

  it("is not asked again when its body was a stream the first try used up", async () => {
    const resetting = failingFetch("ECONNRESET");
    const body = new ReadableStream({ start: (c) => c.close() });
    await expect(
      callProvider(resetting.fetchFn, "http://provider.invalid/", { body }),
    ).rejects.toThrow(/ECONNRESET/);
    expect(resetting.calls()).toBe(1);
  });

  it("is not asked again when the provider refused the connection", async () => {
    const refusing = failingFetch("ECONNREFUSED");
    await expect(callProvider(refusing.fetchFn, "http://provider.invalid/", {})).rejects.toThrow(
      /ECONNREFUSED/,
    );
    expect(refusing.calls()).toBe(1);
  });
});
