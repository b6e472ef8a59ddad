// `npm run rollups:rebuild`: recomputes every merchant's analytics roll-ups from the payment
// attempts and the customers' rows, in the configured database. Needed after importing rows directly or changing a
// merchant's time zone other than in Settings (whose change the background job rebuilds); the payment transitions keep them otherwise.
import { configuredDatabase, openDatabase } from "@/db/open";
import { env } from "@/env";
import { rebuildRollups } from "@/server/analytics/rollup-rebuild.service";

const opened = await openDatabase(configuredDatabase(env));
try {
  const started = performance.now();
  await rebuildRollups(opened.db, null);
  console.log(`Roll-ups rebuilt in ${((performance.now() - started) / 1000).toFixed(1)} s.`);
} finally {
  await opened.close();
}
