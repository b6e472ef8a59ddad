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
  return { ...env, MALLOC_ARENA_MAX: env.MALLOC_ARENA_MAX ?? "1" };
}
