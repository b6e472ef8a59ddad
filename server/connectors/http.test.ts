import { createServer } from "node:net";
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
