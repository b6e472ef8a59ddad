import { foldRollupStripes } from "@/server/analytics/rollup-fold.service";
import { rebuildStaleRollups } from "@/server/analytics/rollup-rebuild.service";
import "server-only";
import { networkInterfaces } from "node:os";
import { consoleAddresses } from "@/scripts/console-addresses.mjs";
import { closeDatabase, getDatabase, getDb } from "./database";
import { httpDeliverer } from "./connectors/sandbox/sandbox-wallet.service";
import { listenForEvents, type EventHub } from "./events/events.service";
import { answerWebhook } from "./payments/notification.service";
import { domainErrorResponse } from "./http/domain-error-response";
import { requestMeta } from "./http/request-meta";
import { env } from "@/env";
import { createAuth, type Auth } from "./auth/auth";
import { listenForSessionChanges, type SessionCache } from "./auth/session-cache.service";
import type { LiveSession } from "./auth/session.service";
import { wantsSecureAuth } from "./auth/cookie-security.logic";
import { handleAuthRequest } from "./auth/handler.service";
import { getSecrets } from "./config/secrets";
import { healthResponse } from "./health/health.service";
import { checkFailureSpikes } from "./failures/spike-alert.service";
import { evaluateRiskRules } from "./risk/risk-evaluation.service";
import { cleanIdlePracticeShops, pruneRawRecords } from "./housekeeping/housekeeping.service";
import { smtpMailer } from "./notices/mailer";
import { outboxConsumers } from "./notices/outbox-delivery.service";
import { outboxTopics } from "./notices/outbox.logic";
import { runPaymentJobs } from "./jobs/background-jobs.service";
import { createJobTimers, type JobTimers } from "./jobs/job-timers";
import { runScheduledBackup } from "./backup/scheduled-backup.service";
import { enqueueDueDailyReports } from "./reports/daily-report-email.service";
import { auditHeadStore } from "./audit/audit-key";
import { exportAllAuditHeads } from "./audit/audit-head.service";
import { chainAllPending } from "./audit/audit-chainer.service";
import { analyzeWhenDue } from "./operations/analyze.service";
import { outboxJob, recordJobRun } from "./operations/job-runs.service";
import { setupTokenFor } from "./setup/setup.logic";
import { needsSetup } from "./setup/setup.service";
import { seedRoute } from "./testing/seed-route-handler";

const holder = globalThis as unknown as {
  __hexiaoAuth?: Promise<AuthPair>;
  __hexiaoEvents?: Promise<{ hub: EventHub; stop: () => Promise<void> }>;
  __hexiaoSessions?: Promise<{ cache: SessionCache<LiveSession>; stop: () => Promise<void> }>;
  __hexiaoJobs?: JobTimers;
};

/** One auth instance per cookie kind (better-auth fixes the cookie's name when it starts). */
interface AuthPair {
  secure: Auth;
  plain: Auth;
}

function getAuths(): Promise<AuthPair> {
  holder.__hexiaoAuth ??= getDatabase().then(({ db }) => {
    const make = (secureCookies: boolean) =>
      createAuth(db, {
        secret: getSecrets().authSecret,
        sessionTtl: env.SESSION_TTL_SECONDS,
        baseUrl: env.APP_URL,
        secureCookies,
      });
    return { secure: make(true), plain: make(false) };
  });
  return holder.__hexiaoAuth;
}

/**
 * The process's auth instance for a request, bound to the process's database: the one whose
 * session cookie the request carries, or for a sign-in the one its scheme calls for.
 */
export async function getAuth(headers: Headers, url = "http://localhost/"): Promise<Auth> {
  const pair = await getAuths();
  const secure = wantsSecureAuth({
    setting: env.COOKIE_SECURE,
    appUrl: env.APP_URL,
    requestUrl: url,
    cookieHeader: headers.get("cookie"),
  });
  return secure ? pair.secure : pair.plain;
}

/** `/api/auth/*`: sign-in, sign-out and session, with the sign-in throttle in front. */
export async function authRouteHandler(req: Request): Promise<Response> {
  const [auth, db] = await Promise.all([getAuth(req.headers, req.url), getDb()]);
  return handleAuthRequest(auth, db, req, { demo: env.demo });
}

/** `GET /api/health`: 200 with the engine and migration state, 503 with a reason otherwise. */
export function healthRouteHandler(): Promise<Response> {
  return healthResponse(getDatabase);
}

/** The process's event hub, fed by one LISTEN on the database (every instance hears every change). */
export async function getEventHub(): Promise<EventHub> {
  holder.__hexiaoEvents ??= getDatabase().then(listenForEvents);
  return (await holder.__hexiaoEvents).hub;
}

/** The process's kept sessions, dropped at every change heard on the database (session-cache.service.ts). */
export async function getSessionCache(): Promise<SessionCache<LiveSession>> {
  holder.__hexiaoSessions ??= getDatabase().then((database) =>
    listenForSessionChanges<LiveSession>(database),
  );
  return (await holder.__hexiaoSessions).cache;
}

/** `POST /api/testing/merchants`: a fresh merchant per end-to-end test; 404 unless switched on. */
export function seedRouteHandler(req: Request): Promise<Response> {
  return seedRoute(req, env.e2eSeedToken, async () => {
    // Loaded only when the route is switched on and called: a production server never runs it.
    const { createTestMerchant, testMerchantOptions } =
      await import("./testing/test-merchant.service");
    const body: unknown = await req.json().catch(() => ({}));
    return createTestMerchant(
      await getDb(),
      getSecrets().encryptionKey,
      testMerchantOptions.parse(body),
    );
  });
}

/**
 * `POST /api/testing/sessions`: a signed-in, confirmed session of a test merchant's person (its
 * cookie), so that journeys not about signing in skip the password checks; 404 unless switched on.
 */
export function seedSessionRouteHandler(req: Request): Promise<Response> {
  return seedRoute(req, env.e2eSeedToken, async () => {
    const { createTestSession, testSessionInput } = await import("./testing/test-session.service");
    const [auth, db] = await Promise.all([getAuth(req.headers, req.url), getDb()]);
    const input = testSessionInput.parse(await req.json());
    return createTestSession(db, auth, input, requestMeta(req.headers));
  });
}

export const deliverSandbox = httpDeliverer(env.internalUrl);

/**
 * `POST /api/webhooks/<provider>/<methodId>`: the raw body is kept for the signature check.
 * `bytes`: the body as the app server read it (scripts/direct-routes.mjs); `req` then has none.
 */
export async function webhookRouteHandler(
  req: Request,
  provider: string,
  methodId: string,
  bytes?: Uint8Array,
): Promise<Response> {
  try {
    const db = await getDb();
    return await answerWebhook(db, getSecrets().encryptionKey, req, provider, methodId, bytes);
  } catch (err) {
    // The provider reads only the status: a 503 (database out of reach) makes it send again.
    return domainErrorResponse(err, "en");
  }
}

function jobs(): JobTimers {
  holder.__hexiaoJobs ??= createJobTimers();
  return holder.__hexiaoJobs;
}

/**
 * Starts the background jobs (once per process). All of them are safe with many instances
 * on one database: rows are claimed (FOR UPDATE SKIP LOCKED) and the spike check takes a
 * lock per merchant, so each item is done once whichever instance gets it.
 * - every 15 s: ask providers about requests still open (主动查单) and refunds not settled,
 *   then expire overdue requests (server/jobs/background-jobs.service.ts);
 * - every 10 s: drain each outbox topic: customer e-mails are sent when SMTP is configured
 *   (otherwise they wait in the outbox, visible in the console);
 * - every 5 min: check for failure spikes, evaluate the anomaly rules on the rows since their
 *   last pass (server/risk; a lock per merchant), and take the day's scheduled backup when due (its
 *   slot is claimed by a row, so one instance takes it), and queue the day's report e-mail to
 *   the owners who asked for it (one outbox row per owner and day, by its unique dedupe key);
 * - every hour: housekeeping (raw bodies past retention pruned, idle practice shops wiped;
 *   pruning twice is a no-op, and a practice shop is wiped under its row lock).
 * - at start and every minute: chain the audit rows a commit left queued (a process that
 *   stopped between a commit and its chaining, or a chainer that failed); several instances
 *   take turns on each chain's head lock (server/audit/audit-chainer.service.ts);
 * - every 10 min: export each audit chain's signed head outside the database (AUDIT_HEAD_DIR),
 *   so newest rows deleted afterwards are detected; a chain that no longer matches its last
 *   export keeps that export and fails the job. Every instance may write its own folder.
 *   On the embedded database, a daily ANALYZE, and in between one of each table that has
 *   grown much (PGlite runs no autovacuum).
 * Each run is recorded (server/operations/job-runs.service.ts) for the health check and the
 * owner's operations page.
 */
export function startBackgroundJobs(): void {
  const timers = jobs();
  if (timers.started || timers.stopping) return;
  const withDb = (job: (db: Awaited<ReturnType<typeof getDb>>) => Promise<unknown>) => () =>
    getDb().then(job);
  timers.every(
    15_000,
    "expiry job",
    withDb((db) =>
      runPaymentJobs(db, {
        key: getSecrets().encryptionKey,
        deliver: deliverSandbox,
        stopping: () => timers.stopping,
      }),
    ),
  );
  const mailer = env.SMTP_URL && env.MAIL_FROM ? smtpMailer(env.SMTP_URL, env.MAIL_FROM) : null;
  // Without SMTP nothing is sent, so the fallback address never reaches a customer.
  const publicUrl = env.APP_URL ?? env.internalUrl;
  for (const topic of outboxTopics) {
    timers.every(
      10_000,
      `outbox ${topic} delivery`,
      withDb((db) =>
        recordJobRun(db, outboxJob(topic), async () =>
          itemsOf(await outboxConsumers[topic](db, { mailer, publicUrl })),
        ),
      ),
    );
  }
  timers.every(
    5 * 60_000,
    "failure spike check",
    withDb((db) =>
      recordJobRun(db, "failure-spikes", async () => (await checkFailureSpikes(db)).raised),
    ),
  );
  timers.every(
    5 * 60_000,
    "risk rules",
    withDb((db) =>
      recordJobRun(db, "risk-rules", async () => (await evaluateRiskRules(db)).raised),
    ),
  );
  timers.every(
    60 * 60_000,
    "housekeeping",
    withDb((db) =>
      recordJobRun(db, "housekeeping", async () => {
        await pruneRawRecords(db);
        await cleanIdlePracticeShops(db);
        // Past days' roll-up rows spread over stripes become one row per key again.
        return foldRollupStripes(db);
      }),
    ),
  );
  timers.every(5 * 60_000, "scheduled backup", () =>
    getDatabase().then((open) =>
      recordJobRun(open.db, "scheduled-backup", async () => {
        const run = await runScheduledBackup(open, {
          dir: env.backupDir,
          passphrase: env.BACKUP_PASSPHRASE,
        });
        // A backup that failed or did not read back marks the job failed (the run row says why).
        if (run && !run.ok) throw new Error(run.error ?? "scheduled backup failed");
        return run ? 1 : 0;
      }),
    ),
  );
  // The day's report to the owners who asked for it, from their hour on (one per owner a day).
  timers.every(
    5 * 60_000,
    "daily report e-mail",
    withDb((db) =>
      recordJobRun(db, "daily-report-email", () =>
        enqueueDueDailyReports(db, { mailConfigured: mailer !== null }),
      ),
    ),
  );
  // A shop whose time zone changed gets its analytics roll-ups rebuilt in the new one.
  timers.every(
    10_000,
    "roll-up rebuild",
    withDb((db) => recordJobRun(db, "rollup-rebuild", () => rebuildStaleRollups(db))),
  );
  const auditSweep = withDb((db) => recordJobRun(db, "audit-pending", () => chainAllPending(db)));
  timers.every(60_000, "audit chain sweep", auditSweep);
  void auditSweep().catch((err: unknown) => console.error("audit chain sweep failed:", err));
  timers.every(
    10 * 60_000,
    "audit head export",
    withDb((db) =>
      recordJobRun(db, "audit-heads", () => exportAllAuditHeads(db, auditHeadStore())),
    ),
  );
  // PGlite has no autovacuum: its planner statistics are refreshed once a day, and a table
  // that has grown much in between on its own (PostgreSQL keeps its own).
  if (env.engine === "pglite") {
    timers.every(
      10 * 60_000,
      "analyze",
      withDb((db) => analyzeWhenDue(db)),
    );
  }
}

/** A consumer's result counted as the messages it handled (sent, retried, failed, skipped). */
function itemsOf(result: unknown): number {
  if (!result || typeof result !== "object") return 0;
  return Object.values(result).reduce<number>((n, v) => n + (typeof v === "number" ? v : 0), 0);
}

/**
 * The first step of a shutdown: no job tick starts any more, and the running ones stop
 * between batches. Resolves once none is running.
 */
export function stopBackgroundJobs(): Promise<void> {
  return jobs().stop();
}

/** Runs `work` with no background job beside it (a restore rebuilds the tables they read). */
export function withBackgroundJobsPaused<T>(work: () => Promise<T>): Promise<T> {
  return jobs().pauseWhile(work);
}

/**
 * The last step of a shutdown, once no request and no job uses the database: the LISTEN
 * connection ends and the database closes (the embedded one lets go of its data folder).
 */
export async function closeRuntime(): Promise<void> {
  const events = holder.__hexiaoEvents;
  holder.__hexiaoEvents = undefined;
  await (await events?.catch(() => undefined))?.stop();
  await closeDatabase();
}

/** What scripts/serve.mjs calls to shut down (see there for the order of the steps). */
export interface ShutdownHook {
  /** How long requests in flight may take to finish (SHUTDOWN_GRACE_SECONDS). */
  graceMs: number;
  stopJobs: () => Promise<void>;
  close: () => Promise<void>;
}

/**
 * Hands the shutdown steps to scripts/serve.mjs, which holds the HTTP server. It runs outside
 * the app's bundle and cannot import this module, so they meet on a global symbol.
 */
export function registerShutdown(): void {
  const hook: ShutdownHook = {
    graceMs: env.SHUTDOWN_GRACE_SECONDS * 1000,
    stopJobs: stopBackgroundJobs,
    close: closeRuntime,
  };
  (globalThis as Record<symbol, unknown>)[Symbol.for("hexiao.shutdown")] = hook;
}

/**
 * At start-up, while the install has no shop: prints the one-time setup token, so that only
 * someone who can read this server's log can create the first shop and become its owner.
 */
export async function announceFirstRunSetup(): Promise<void> {
  const db = await getDb();
  if (!(await needsSetup(db))) return;
  const addresses = consoleAddresses({
    appUrl: env.APP_URL,
    cookieSecure: env.COOKIE_SECURE,
    hostname: env.HEXIAO_LISTEN_HOST,
    port: env.PORT,
    interfaces: networkInterfaces(),
  });
  const token = setupTokenFor(getSecrets().authSecret);
  console.log(
    [
      "",
      `No shop exists yet. Create yours at${addresses.length > 1 ? " any of" : ""}`,
      ...addresses.map((where) => `  ${new URL("/setup", where).toString()}`),
      "with this setup token (it stops working once the shop exists):",
      `  ${token}`,
      "or from a terminal: npm run setup",
      "",
    ].join("\n"),
  );
}
