// The production build the end-to-end suite runs, made only when the code changed since the last
// one, and without its type check (npm test runs tsc). scripts/test.mjs starts it beside Vitest;
// scripts/e2e-server.mjs then finds it current.
import { buildIfNeeded } from "./build-if-needed.mjs";

process.exit(await buildIfNeeded({ typeCheck: false }));
