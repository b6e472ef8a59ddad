/** Runs once when the server process starts: see server/boot.ts. */
export async function register() {
  // Next sets NEXT_RUNTIME for each bundle it builds and drops this branch from the Edge one,
  // which must not contain the Node-only start (env.ts is not loaded there either).
  // eslint-disable-next-line no-restricted-properties
  if (process.env.NEXT_RUNTIME === "nodejs") {
    const { boot } = await import("./server/boot");
    await boot();
  }
}
