// `npm start`: build the production app if the code changed since the last build, then
// serve it with `next start`. The database is migrated (and, in demo mode, seeded) by the
// server itself on first use, so nothing here touches it.
import { buildIfNeeded, nextBin, run } from "./build-if-needed.mjs";

const port = process.env.PORT || "3000";
const hostname = process.env.HOSTNAME;

const built = await buildIfNeeded();
if (built !== 0) {
  console.error(`next build failed (exit code ${built}); not starting.`);
  process.exit(built);
}

// Without -H, next listens on every interface; the link we print is for this machine.
const shownHost = !hostname || hostname === "0.0.0.0" || hostname === "::" ? "localhost" : hostname;
console.log(`Starting Hexiao on http://${shownHost}:${port}`);

const args = ["start", "-p", port, ...(hostname ? ["-H", hostname] : [])];
process.exit(await run(nextBin, args));
