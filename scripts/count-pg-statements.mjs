// Preloaded (node --import) into the PostgreSQL servers the bench starts: counts the
// statements the process's pg clients send (the pool's, transactions' BEGIN and COMMIT
// included) and, on SIGUSR2, writes the count to $BENCH_PG_STATEMENTS_FILE-<pid> (one file per
// app process: the bench adds them up), so the redeem
// bench can say how many statements a redemption costs through the whole request.
import { renameSync, writeFileSync } from "node:fs";
import pg from "pg";

let sent = 0;
const query = pg.Client.prototype.query;
pg.Client.prototype.query = function countedQuery(...args) {
  sent++;
  return query.apply(this, args);
};

process.on("SIGUSR2", () => {
  const file = process.env.BENCH_PG_STATEMENTS_FILE;
  if (!file) return;
  // Renamed into place: the bench reads the file as soon as it exists.
  const own = `${file}-${process.pid}`;
  writeFileSync(`${own}.tmp`, String(sent));
  renameSync(`${own}.tmp`, own);
});
