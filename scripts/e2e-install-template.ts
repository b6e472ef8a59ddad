// An empty install's database, migrated, in the data folder given as the argument (its `pglite`
// folder, where DATA_DIR puts it). e2e-server.mjs makes one per run while `next build` runs,
// and every server the suite starts begins from a copy: PGlite's initdb and the migrations
// cost about ten seconds of CPU, once per run instead of once per server (the suite's own and
// the specs' own). This is the server's own first open (db/open.ts) of an empty folder.
// scripts/test.mjs makes it sooner, beside Vitest, and hands e2e-server.mjs the folder made.
import path from "node:path";
import { openDatabase } from "@/db/open";

const dataDir = process.argv[2];
if (!dataDir) throw new Error("Usage: tsx scripts/e2e-install-template.ts DATA_DIR");
const opened = await openDatabase({ pgliteDir: path.join(dataDir, "pglite") });
await opened.close();
