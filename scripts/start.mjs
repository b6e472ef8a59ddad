// `npm start`: build the production app if the code changed since the last build, then
// serve it (scripts/serve.mjs: `next start` that knows each request's socket address). The
// database is migrated (and, in demo mode, seeded) by the server itself on first use, so
// nothing here touches it.
import path from "node:path";
import { buildIfNeeded, root, run } from "./build-if-needed.mjs";
import { serverEnv } from "./server-env.mjs";

const port = process.env.PORT || "3000";

const built = await buildIfNeeded();
if (built !== 0) {
  console.error(`next build failed (exit code ${built}); not starting.`);
  process.exit(built);
}

// It listens on every interface, so counter tablets on the shop's network can reach it; the
// server prints the addresses they open once it is ready (scripts/app-server.mjs).
// (HOSTNAME is deliberately not used: container runtimes set it to the container's id.)
console.log(`Starting Hexiao on port ${port}…`);

process.exit(
  await run(process.execPath, [path.join(root, "scripts", "serve.mjs"), "-p", port], {
    env: serverEnv(),
  }),
);
