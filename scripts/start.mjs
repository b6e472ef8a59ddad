// `npm start`: build the production app if the code changed since the last build, then
// serve it with `next start`. The database is migrated (and, in demo mode, seeded) by the
// server itself on first use, so nothing here touches it.
import { buildIfNeeded, nextBin, run } from "./build-if-needed.mjs";

const port = process.env.PORT || "3000";

const built = await buildIfNeeded();
if (built !== 0) {
  console.error(`next build failed (exit code ${built}); not starting.`);
  process.exit(built);
}

// next listens on every interface, so counter tablets on the shop's network can reach it.
// (HOSTNAME is deliberately not used: container runtimes set it to the container's id.)
console.log(`Starting Hexiao on http://localhost:${port}`);

const args = ["start", "-p", port];
process.exit(await run(nextBin, args));
