import { describe, expect, it } from "vitest";
import { serverEnv } from "./server-env.mjs";

describe("the server's environment", () => {
  it("gives the server a larger young generation, unless one is set already", () => {
    expect(serverEnv({}).NODE_OPTIONS).toBe("--max-semi-space-size=32");
    expect(serverEnv({ NODE_OPTIONS: "--enable-source-maps" }).NODE_OPTIONS).toBe(
      "--enable-source-maps --max-semi-space-size=32",
    );
    expect(serverEnv({ NODE_OPTIONS: "--max-semi-space-size=64" }).NODE_OPTIONS).toBe(
      "--max-semi-space-size=64",
    );
    expect(serverEnv({ MALLOC_ARENA_MAX: "4" }).MALLOC_ARENA_MAX).toBe("4");
  });
});
