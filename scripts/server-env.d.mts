// Types for server-env.mjs, so TypeScript scripts (scripts/bench-recon-import.ts) can import it.
export function serverEnv(env?: NodeJS.ProcessEnv): NodeJS.ProcessEnv;
