import "server-only";
import type { OpenDatabase } from "@/db/open";
import { getDatabase, getDb } from "./database";
import { httpDeliverer } from "./connectors/sandbox/sandbox-wallet.service";
import { EventHub, eventsChannel } from "./events/events.service";
import { systemActor } from "@/server/audit/audit.service";
import { expireOverdue } from "./payments/expiry.service";
import { queryOpenAttempts } from "./payments/active-query.service";
import { providerDepsFor } from "./payments/provider-request.service";
import { queryOpenRefunds } from "./refunds/refund-provider.service";
import { maxNotificationBytes, receiveNotification } from "./payments/notification.service";
import { readCappedText } from "./http/capped-body";
import { domainErrorResponse } from "./http/domain-error-response";
import { requestMeta } from "./http/request-meta";
import { env } from "@/env";
import { createAuth, type Auth } from "./auth/auth";
import { wantsSecureAuth } from "./auth/cookie-security.logic";
import { handleAuthRequest } from "./auth/handler.service";
import { getSecrets } from "./config/secrets";
import { healthResponse } from "./health/health.service";
import { checkFailureSpikes } from "./failures/spike-alert.service";
import { runScheduledBackup } from "./backup/scheduled-backup.service";
import { smtpMailer } from "./notices/mailer";
import { outboxConsumers } from "./notices/outbox-delivery.service";
import { outboxTopics } from "./notices/outbox.logic";
import { analyzeWhenDue } from "./operations/analyze.service";
import { outboxJob, recordJobRun, type JobName } from "./operations/job-runs.service";
import { setupTokenFor } from "./setup/setup.logic";
import { needsSetup } from "./setup/setup.service";
import { seedRoute } from "./testing/seed-route-handler";

const holder = globalThis as unknown as {
  __hexiaoAuth?: Promise<AuthPair>;
  __hexiaoEvents?: Promise<EventHub>;
  __hexiaoJobs?: NodeJS.Timeout;
  __hexiaoNoticeJobs?: NodeJS.Timeout[];
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
  return handleAuthRequest(auth, db, req);
}

/** `GET /api/health`: 200 with the engine and migration state, 503 with a reason otherwise. */
export function healthRouteHandler(): Promise<Response> {
  return healthResponse(getDatabase);
}

/** The process's event hub, fed by one LISTEN on the database (every instance hears every change). */
export function getEventHub(): Promise<EventHub> {
  holder.__hexiaoEvents ??= getDatabase().then(async (open) => {
    const hub = new EventHub();
    await open.listen(eventsChannel, (payload) => hub.deliver(payload));
    return hub;
  });
  return holder.__hexiaoEvents;
}

/** `POST /api/testing/merchants`: a fresh merchant per end-to-end test; 404 unless switched on. */
export function seedRouteHandler(req: Request): Promise<Response> {
  return seedRoute(req, env.e2eSeedToken, async () => {
    // Loaded only when the route is switched on and called: a production server never runs it.
    const { createTestMerchant } = await import("./testing/test-merchant.service");
    return createTestMerchant(await getDb(), getSecrets().encryptionKey);
  });
}

export const deliverSandbox = httpDeliverer(env.internalUrl);

/** `POST /api/webhooks/<provider>/<methodId>`: the raw body is kept for the signature check. */
export async function webhookRouteHandler(
  req: Request,
  provider: string,
  methodId: string,
): Promise<Response> {
  try {
    const db = await getDb();
    return await receiveNotification(db, {
      provider,
      methodId,
      rawBody: await readCappedText(req, maxNotificationBytes),
      headers: req.headers,
      key: getSecrets().encryptionKey,
      actor: { ...systemActor, ...requestMeta(req.headers) },
    });
  } catch (err) {
    // The provider reads only the status: a 503 (database out of reach) makes it send again.
    return domainErrorResponse(err, "en");
  }
}

/**
 * Every 15 s: ask providers about requests still open (主动查单) and refunds not settled,
 * then expire overdue requests.
 * Safe with many instances (rows are claimed). Querying first lets a payment whose
 * notification was lost settle before its request would expire.
 */
export function startBackgroundJobs(): void {
  if (holder.__hexiaoJobs) return;
  holder.__hexiaoJobs = setInterval(() => {
    void getDb()
      .then(async (db) => {
        await recordJobRun(db, "active-query", () =>
          drain(5, async () => {
            const asked = await queryOpenAttempts(db, { key: getSecrets().encryptionKey });
            return asked.queried;
          }),
        );
        // Refunds the provider has not settled (a time-out, a lost notification).
        await recordJobRun(db, "refund-query", () =>
          drain(5, async () => {
            const asked = await queryOpenRefunds(db, {
              ...providerDepsFor(getSecrets().encryptionKey),
              deliver: deliverSandbox,
            });
            return asked.queried;
          }),
        );
        // Drain in batches so a backlog after downtime clears in one tick.
        await recordJobRun(db, "expiry", () =>
          drain(50, async () => {
            const done = await expireOverdue(db);
            return done.attempts + done.orders;
          }),
        );
      })
      .catch((err: unknown) => console.error("expiry job failed:", err));
  }, 15_000);
  holder.__hexiaoJobs.unref();
  startNoticeJobs();
}

/** Runs a batch step until it finds nothing more (at most `rounds` times); the items handled. */
async function drain(rounds: number, step: () => Promise<number>): Promise<number> {
  let total = 0;
  for (let i = 0; i < rounds; i++) {
    const done = await step();
    total += done;
    if (done === 0) break;
  }
  return total;
}

/**
 * Every 10 s: drain each outbox topic — customer e-mails are sent when SMTP is configured
 * (otherwise they wait in the outbox, visible in the console). Every 5 min: check for failure
 * spikes, and take the scheduled backup when it is due. All are safe with many instances (rows
 * are claimed; the spike check takes a lock per merchant; a backup's slot is claimed by a row).
 */
export function startNoticeJobs(): void {
  if (holder.__hexiaoNoticeJobs) return;
  const mailer = env.SMTP_URL && env.MAIL_FROM ? smtpMailer(env.SMTP_URL, env.MAIL_FROM) : null;
  // Without SMTP nothing is sent, so the fallback address never reaches a customer.
  const publicUrl = env.APP_URL ?? env.internalUrl;
  const every = (ms: number, job: JobName, run: (open: OpenDatabase) => Promise<number>) => {
    const timer = setInterval(() => {
      void getDatabase()
        .then((open) => recordJobRun(open.db, job, () => run(open)))
        .catch((err: unknown) => console.error(`${job} job failed:`, err));
    }, ms);
    timer.unref();
    return timer;
  };
  holder.__hexiaoNoticeJobs = [
    ...outboxTopics.map((topic) =>
      every(10_000, outboxJob(topic), async ({ db }) =>
        itemsOf(await outboxConsumers[topic](db, { mailer, publicUrl })),
      ),
    ),
    every(5 * 60_000, "failure-spikes", async ({ db }) => (await checkFailureSpikes(db)).raised),
    every(5 * 60_000, "scheduled-backup", async (open) => {
      const run = await runScheduledBackup(open, {
        dir: env.backupDir,
        passphrase: env.BACKUP_PASSPHRASE,
      });
      // A backup that failed or did not read back marks the job failed (the run row says why).
      if (run && !run.ok) throw new Error(run.error ?? "scheduled backup failed");
      return run ? 1 : 0;
    }),
  ];
  // PGlite has no autovacuum: its planner statistics are refreshed once a day (PostgreSQL's own).
  if (env.engine === "pglite") {
    const analyze = setInterval(() => {
      void getDb()
        .then((db) => analyzeWhenDue(db))
        .catch((err: unknown) => console.error("analyze job failed:", err));
    }, 60 * 60_000);
    analyze.unref();
    holder.__hexiaoNoticeJobs.push(analyze);
  }
}

/** A consumer's result counted as the messages it handled (sent, retried, failed, skipped). */
function itemsOf(result: unknown): number {
  if (!result || typeof result !== "object") return 0;
  return Object.values(result).reduce<number>((n, v) => n + (typeof v === "number" ? v : 0), 0);
}

/**
 * At start-up, while the install has no shop: prints the one-time setup token, so that only
 * someone who can read this server's log can create the first shop and become its owner.
 */
export async function announceFirstRunSetup(): Promise<void> {
  const db = await getDb();
  if (!(await needsSetup(db))) return;
  const where = env.APP_URL ?? `http://localhost:${env.PORT}`;
  const token = setupTokenFor(getSecrets().authSecret);
  console.log(
    [
      "",
      "No shop exists yet. Create yours at",
      `  ${new URL("/setup", where).toString()}`,
      "with this setup token (it stops working once the shop exists):",
      `  ${token}`,
      "or from a terminal: npm run setup",
      "",
    ].join("\n"),
  );
}
