// Types for server-env.mjs, so TypeScript scripts (scripts/bench.ts) can import it.
export function serverEnv(env?: Record<string, string | undefined>): NodeJS.ProcessEnv;
