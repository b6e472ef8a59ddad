// The environment the server process starts with (`npm start`, and the benches that measure
// it as it runs).

/**
 * glibc's malloc gives each thread that allocates its own arena, and an arena keeps the
 * memory it once held. V8's helper threads (the WebAssembly compiler tiering up the embedded
 * database's hot code, the garbage collector) each grew one by tens of megabytes at the start
 * of a large statement import, and kept them: 40–70 MB of a 200,000-line import's peak
 * (scripts/bench-recon-import.ts). With one arena they reuse the memory the main thread freed,
 * at no measured cost in time. A value already set wins; other C libraries ignore it.
 */
export function serverEnv(env = process.env) {
  return {
    ...env,
    MALLOC_ARENA_MAX: env.MALLOC_ARENA_MAX ?? "1",
    NODE_OPTIONS: /--max-semi-space-size/.test(env.NODE_OPTIONS ?? "")
      ? env.NODE_OPTIONS
      : `${env.NODE_OPTIONS ?? ""} ${youngGeneration}`.trim(),
  };
}

/**
 * V8's young generation, where a request's short-lived objects are made: 32 MB semi-spaces
 * instead of Node 20's 16. A payment notification allocates ~370 KB, most of it the embedded
 * database's protocol messages, and with eight in flight the smaller space was collected so
 * often that live requests' objects were copied and promoted, then collected again in the
 * old generation: the pauses made the tail. Notifications on the embedded engine, alternated
 * runs (the bench's direct path, load 1–1.3): 218 → 264/s and 219 → 231/s, CPU per
 * notification 5.03 → 4.25 and 5.03 → 4.70 ms, p99 79.8 → 52.2 and 64.6 → 51.3 ms; through
 * HTTP 116 → 146/s, the server's CPU per notification 9.8 → 8.2 ms. The cost is
 * up to ~50 MB more memory per process. `npm run bench` runs in this environment too
 * (scripts/bench.ts), so its direct path is measured as the server would run it. A value
 * already set wins.
 */
const youngGeneration = "--max-semi-space-size=32";
