import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { alerts, notifications, orders, outbox, paymentAttempts } from "@/db/schema";
import { setupTestDatabase } from "@/test/db";
import {
  currencyOf,
  FakeProviders,
  providerKinds as kinds,
  type Delivery,
  type ProviderKind,
} from "@/test/fake-providers";
import { testEncryptionKey } from "@/test/fixtures";
import { requestOn, seedPayments } from "@/test/payments";
import type { Db } from "@/db/types";
import { systemActor } from "@/server/audit/audit.service";
import { receiveNotification } from "./notification.service";

/**
 * Thousands of malformed deliveries at the four provider webhooks, through the same
 * function the route handler calls: never a 5xx, never a state change. Deterministic
 * (seeded), so a failure can be replayed.
 */

const { db } = setupTestDatabase();
const fake = new FakeProviders();
const methods = {} as Record<ProviderKind, string>;
/**
 * A genuine delivery, signed when asked for: Stripe and WeChat Pay refuse a signature over five
 * minutes old, and on a busy machine the file runs longer than that. One signed at the start
 * would then be refused as stale, whatever the mutation, and the fuzzing would test nothing else.
 */
const genuine = {} as Record<ProviderKind, () => Delivery>;

beforeAll(async () => {
  const seed = await seedPayments(db, "Fuzz");
  await fake.start();
  for (const kind of kinds) {
    methods[kind] = (await fake.method(db, seed, kind)).id;
    const { attempt } = await requestOn(db, seed, methods[kind], currencyOf(kind), 4200n);
    genuine[kind] = {
      alipay: () => fake.alipayNotification(attempt),
      wechat_pay: () => fake.wechatNotification(attempt),
      paypal: () => fake.paypalNotification(attempt),
      stripe: () => fake.stripeNotification(attempt),
    }[kind];
  }
});
afterAll(async () => {
  await fake.stop();
});

let sent = 0;

/**
 * As the route handler does, but offline: a mutated PayPal cert URL must not reach the
 * internet. Each delivery comes from its own address, so the per-address limit on rejected
 * notifications does not answer 429 before the verifier has seen the mutation.
 */
function postNotification(db: Db, methodId: string, d: Delivery, provider: string) {
  sent += 1;
  return receiveNotification(db, {
    provider,
    methodId,
    rawBody: d.rawBody,
    headers: new Headers(d.headers),
    key: testEncryptionKey,
    actor: { ...systemActor, ip: `10.${sent >> 16}.${(sent >> 8) & 255}.${sent & 255}` },
    fetch: () => Promise.reject(new Error("offline in tests")),
  });
}

/** mulberry32: small, seeded, good enough to pick mutations. */
function prng(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const nasty = [
  "",
  "\u0000",
  "%",
  "%zz",
  "%E4%B8",
  "&&&",
  "=",
  "中文",
  "\ud800",
  "null",
  "[]",
  "{}",
  '{"id":1}',
  '{"resource":null}',
  '{"data":{"object":[]}}',
  "9".repeat(400),
  "A".repeat(5000),
  "t=1,v1=zz",
  "WECHATPAY/SIGNTEST/",
  "https://evil.example/v1/notifications/certs/CERT-1",
  "https://api.paypal.com/v1/notifications/certs/../../oauth2/token",
  "-1",
  "1e309",
  "<xml/>",
  "\r\n\r\n",
];

function mutate(rand: () => number, d: Delivery): Delivery {
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)]!;
  const headers = { ...d.headers };
  let body = d.rawBody;
  // Always change the body or a signature-bearing header, so nothing can still verify.
  // Headers a verifier must read; the informational ones (content type, signature type,
  // auth algo) may be absent or odd without the message ceasing to be genuine.
  const informational = ["content-type", "wechatpay-signature-type", "paypal-auth-algo"];
  const names = Object.keys(headers).filter((h) => !informational.includes(h));
  const mode = Math.floor(rand() * 6);
  if (mode === 0 || names.length === 0) {
    // Replace one byte of the body with something else.
    const i = Math.floor(rand() * body.length);
    const c = pick(
      ["{", "}", '"', "\\", "%", "&", "=", "中", "\u0000", "x"].filter((x) => x !== body[i]),
    );
    body = body.slice(0, i) + c + body.slice(i + 1);
  } else if (mode === 1) {
    body = body.slice(0, Math.floor(rand() * body.length));
  } else if (mode === 2) {
    body = pick(nasty) + (rand() < 0.5 ? "" : body.slice(0, 50));
  } else if (mode === 3) {
    delete headers[pick(names)];
  } else if (mode === 4) {
    // Header values arrive as bytes: UTF-8 read as Latin-1, with no CR, LF or NUL (HTTP forbids them).
    const value = Buffer.from(pick(nasty), "utf8").toString("latin1");
    headers[pick(names)] = value.replace(/[\r\n\0]/g, "");
  } else {
    const name = pick(names);
    const value = headers[name]!;
    const i = Math.floor(rand() * value.length);
    const c = pick(["!", "=", ",", "*"].filter((x) => x !== value[i]));
    headers[name] = value.slice(0, i) + c + value.slice(i + 1);
  }
  return { rawBody: body, headers };
}

async function snapshot() {
  const count = async (q: Promise<{ n: number }[]>) => Number((await q)[0]!.n);
  const n = sql<number>`count(*)::int`;
  return {
    paid: await count(
      db
        .select({ n })
        .from(orders)
        .where(sql`${orders.status} <> 'pending'`),
    ),
    moved: await count(
      db
        .select({ n })
        .from(paymentAttempts)
        .where(sql`${paymentAttempts.status} <> 'created' or ${paymentAttempts.amountMismatch}`),
    ),
    alerts: await count(db.select({ n }).from(alerts)),
    outbox: await count(db.select({ n }).from(outbox)),
    accepted: await count(
      db
        .select({ n })
        .from(notifications)
        .where(sql`${notifications.outcome} <> 'rejected'`),
    ),
  };
}

const rounds = 700;
// In tests of 100 rounds, one after another from one generator (the same 700 deliveries):
// each test's time limit only catches a hang, and 700 rounds on a busy machine took longer
// than one limit.
const roundsPerTest = 100;
const batches = Array.from({ length: rounds / roundsPerTest }, (_, i) => i * roundsPerTest);

describe.each(kinds)("%s webhook under fuzzing", (kind) => {
  const rand = prng(0x5eed + kind.length);
  it.each(batches)(
    `answers malformed deliveries %i… (of ${rounds}) with 4xx and changes nothing`,
    async (first) => {
      const before = await snapshot();
      const statuses = new Map<number, number>();
      for (let i = first; i < first + roundsPerTest; i++) {
        const d = mutate(rand, genuine[kind]());
        let res: Response;
        try {
          res = await postNotification(db, methods[kind], d, kind);
        } catch (err) {
          throw new Error(
            `round ${i} threw for ${JSON.stringify(d).slice(0, 300)}: ${String(err)}`,
          );
        }
        statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
        if (res.status >= 500 || res.status < 400)
          throw new Error(
            `round ${i} answered ${res.status} for ${JSON.stringify(d).slice(0, 300)}`,
          );
      }
      expect(await snapshot()).toEqual(before);
      expect([...statuses.keys()].every((s) => s >= 400 && s < 500)).toBe(true);
    },
  );
});

it("the unmutated deliveries still verify (the fuzzing started from genuine messages)", async () => {
  for (const kind of kinds) {
    const res = await postNotification(db, methods[kind], genuine[kind](), kind);
    expect(res.status).toBeLessThan(300);
  }
  expect((await snapshot()).paid).toBe(4);
});

it("an unknown provider or method id is a 404, never a 5xx", async () => {
  const d = genuine.alipay();
  expect((await postNotification(db, methods.alipay, d, "bitcoin")).status).toBe(404);
  expect((await postNotification(db, "not-a-uuid", d, "alipay")).status).toBe(404);
  expect((await postNotification(db, crypto.randomUUID(), d, "alipay")).status).toBe(404);
  // The method exists but is another provider's.
  expect((await postNotification(db, methods.stripe, d, "alipay")).status).toBe(404);
});
