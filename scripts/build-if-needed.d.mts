// Types for build-if-needed.mjs, so TypeScript scripts (scripts/bench.ts) can import it.
import type { SpawnOptions } from "node:child_process";

export const root: string;
export const nextBin: string;
export function buildReason(options?: { typeCheck?: boolean }): string | undefined;
export function run(command: string, args: string[], options?: SpawnOptions): Promise<number>;
export function buildIfNeeded(options?: {
  env?: NodeJS.ProcessEnv;
  typeCheck?: boolean;
}): Promise<number>;
