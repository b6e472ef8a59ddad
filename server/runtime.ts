import "server-only";
import { getDatabase, getDb } from "@/db/client";
import { httpDeliverer } from "./connectors/sandbox/sandbox-wallet.service";
import { EventHub, eventsChannel } from "./events/events";
import { systemActor } from "@/server/audit/audit.service";
import { expireOverdue } from "./payments/expiry.service";
import { queryOpenAttempts } from "./payments/active-query.service";
import { receiveNotification } from "./payments/notification.service";
import { requestMeta } from "./http/request-meta";
import { env } from "@/env";
import { createAuth, type Auth } from "./auth/auth";
import { handleAuthRequest } from "./auth/handler";
import { getSecrets } from "./config/secrets";
import { healthResponse } from "./health/health.service";
import { checkFailureSpikes } from "./failures/spike-alert.service";
import { smtpMailer } from "./notices/mailer";
import { deliverDueMessages } from "./notices/outbox-delivery.service";

const holder = globalThis as unknown as {
  __hexiaoAuth?: Promise<Auth>;
  __hexiaoEvents?: Promise<EventHub>;
  __hexiaoJobs?: NodeJS.Timeout;
  __hexiaoNoticeJobs?: NodeJS.Timeout[];
};

/** The process's auth instance, bound to the process's database. */
export function getAuth(): Promise<Auth> {
  holder.__hexiaoAuth ??= getDatabase().then(({ db }) =>
    createAuth(db, {
      secret: getSecrets().authSecret,
      sessionTtl: env.SESSION_TTL_SECONDS,
      baseUrl: env.APP_URL,
    }),
  );
  return holder.__hexiaoAuth;
}

/** `/api/auth/*`: sign-in, sign-out and session, with the sign-in throttle in front. */
export async function authRouteHandler(req: Request): Promise<Response> {
  const [auth, db] = await Promise.all([getAuth(), getDb()]);
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

export const deliverSandbox = httpDeliverer(env.internalUrl);

/** `POST /api/webhooks/<provider>/<methodId>`: the raw body is kept for the signature check. */
export async function webhookRouteHandler(
  req: Request,
  provider: string,
  methodId: string,
): Promise<Response> {
  const db = await getDb();
  return receiveNotification(db, {
    provider,
    methodId,
    rawBody: await req.text(),
    headers: req.headers,
    key: getSecrets().encryptionKey,
    actor: { ...systemActor, ...requestMeta(req.headers) },
  });
}

/**
 * Every 15 s: ask providers about requests still open (主动查单), then expire overdue ones.
 * Safe with many instances (rows are claimed). Querying first lets a payment whose
 * notification was lost settle before its request would expire.
 */
export function startBackgroundJobs(): void {
  if (holder.__hexiaoJobs) return;
  holder.__hexiaoJobs = setInterval(() => {
    void getDb()
      .then(async (db) => {
        for (let i = 0; i < 5; i++) {
          const asked = await queryOpenAttempts(db, { key: getSecrets().encryptionKey });
          if (asked.queried === 0) break;
        }
        // Drain in batches so a backlog after downtime clears in one tick.
        for (let i = 0; i < 50; i++) {
          const done = await expireOverdue(db);
          if (done.attempts + done.orders === 0) break;
        }
      })
      .catch((err: unknown) => console.error("expiry job failed:", err));
  }, 15_000);
  holder.__hexiaoJobs.unref();
  startNoticeJobs();
}

/**
 * Every 10 s: send due customer e-mails (when SMTP is configured; otherwise they wait in the
 * outbox, visible in the console). Every 5 min: check for failure spikes. Both are safe with
 * many instances (rows are claimed; the spike check takes a lock per merchant).
 */
export function startNoticeJobs(): void {
  if (holder.__hexiaoNoticeJobs) return;
  const mailer = env.SMTP_URL && env.MAIL_FROM ? smtpMailer(env.SMTP_URL, env.MAIL_FROM) : null;
  // Without SMTP nothing is sent, so the fallback address never reaches a customer.
  const publicUrl = env.APP_URL ?? env.internalUrl;
  const every = (
    ms: number,
    name: string,
    job: (db: Awaited<ReturnType<typeof getDb>>) => Promise<unknown>,
  ) => {
    const timer = setInterval(() => {
      void getDb()
        .then(job)
        .catch((err: unknown) => console.error(`${name} failed:`, err));
    }, ms);
    timer.unref();
    return timer;
  };
  holder.__hexiaoNoticeJobs = [
    every(10_000, "customer e-mail delivery", (db) =>
      deliverDueMessages(db, mailer, { publicUrl }),
    ),
    every(5 * 60_000, "failure spike check", (db) => checkFailureSpikes(db)),
  ];
}
