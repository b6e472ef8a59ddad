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

/** One change to a genuine delivery; positions are fractions of the body's or header's length. */
type Mutation =
  | { kind: "byte"; at: number; char: string }
  | { kind: "cut"; at: number }
  | { kind: "nasty body"; value: string; keepStart: boolean }
  | { kind: "drop header"; name: string }
  | { kind: "nasty header"; name: string; value: string }
  | { kind: "header char"; name: string; at: number; char: string };

// Headers a verifier must read; the informational ones (content type, signature type, auth
// algo) may be absent or odd without the message ceasing to be genuine.
const informational = ["content-type", "wechatpay-signature-type", "paypal-auth-algo"];
const signedHeaders = (d: Delivery) =>
  Object.keys(d.headers).filter((h) => !informational.includes(h));
/** Named here so that the list is made before the tests run; a test checks them against a delivery. */
const signed: Record<ProviderKind, string[]> = {
  alipay: [], // signed in the body
  wechat_pay: ["wechatpay-timestamp", "wechatpay-nonce", "wechatpay-serial", "wechatpay-signature"],
  paypal: [
    "paypal-transmission-id",
    "paypal-transmission-time",
    "paypal-transmission-sig",
    "paypal-cert-url",
  ],
  stripe: ["stripe-signature"],
};

const randomEdits = { byte: 100, cut: 20, headerChar: 10 };

/**
 * The deliveries to send, each a change to the body or to a header a verifier reads, so that
 * nothing can still verify: every nasty value as the body (alone and before the body's start),
 * every signature-bearing header removed and given every nasty value, and byte edits and cuts
 * at positions the seeded generator picks. Listed rather than drawn: 700 draws a provider left
 * about a third of the header-and-value pairs untried, and Alipay (no signed header) only ever
 * had a byte of its body replaced.
 */
function mutations(rand: () => number, headerNames: string[]): Mutation[] {
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)]!;
  const list: Mutation[] = [];
  const bodyChars = ["{", "}", '"', "\\", "%", "&", "=", "中", "\u0000", "x"];
  for (let i = 0; i < randomEdits.byte; i++) {
    list.push({ kind: "byte", at: rand(), char: pick(bodyChars) });
  }
  for (let i = 0; i < randomEdits.cut; i++) list.push({ kind: "cut", at: rand() });
  for (const value of nasty) {
    list.push({ kind: "nasty body", value, keepStart: false });
    list.push({ kind: "nasty body", value, keepStart: true });
  }
  for (const name of headerNames) {
    list.push({ kind: "drop header", name });
    for (const value of nasty) list.push({ kind: "nasty header", name, value });
    for (let i = 0; i < randomEdits.headerChar; i++) {
      list.push({ kind: "header char", name, at: rand(), char: pick(["!", "=", ",", "*"]) });
    }
  }
  return list;
}

/** Replaces the character at `at` (a fraction of the length) by `char`, or another where it is `char` already. */
function replaceAt(text: string, at: number, char: string) {
  const i = Math.min(Math.floor(at * text.length), Math.max(text.length - 1, 0));
  const other = text[i] !== char ? char : char === "x" ? "y" : "x";
  return text.slice(0, i) + other + text.slice(i + 1);
}

function mutate(m: Mutation, d: Delivery): Delivery {
  const headers = { ...d.headers };
  let body = d.rawBody;
  if (m.kind === "byte") body = replaceAt(body, m.at, m.char);
  // Short of the last 16 characters: Alipay's sign_type parameter comes last, outside what is
  // signed, and a cut inside it leaves a genuine message.
  else if (m.kind === "cut") body = body.slice(0, Math.floor(m.at * (body.length - 16)));
  else if (m.kind === "nasty body") body = m.value + (m.keepStart ? body.slice(0, 50) : "");
  else if (m.kind === "drop header") delete headers[m.name];
  else if (m.kind === "nasty header") {
    // Header values arrive as bytes: UTF-8 read as Latin-1, with no CR, LF or NUL (HTTP forbids them).
    const value = Buffer.from(m.value, "utf8").toString("latin1");
    headers[m.name] = value.replace(/[\r\n\0]/g, "");
  } else headers[m.name] = replaceAt(headers[m.name]!, m.at, m.char);
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

// In tests of 100 deliveries, one after another: each test's time limit only catches a hang.
const perTest = 100;

describe.each(kinds)("%s webhook under fuzzing", (kind) => {
  const list = mutations(prng(0x5eed + kind.length), signed[kind]);
  it("changes every header a verifier reads", () => {
    expect(signedHeaders(genuine[kind]()).sort()).toEqual([...signed[kind]].sort());
  });
  const batches = Array.from({ length: Math.ceil(list.length / perTest) }, (_, i) => i * perTest);
  it.each(batches)(
    `answers malformed deliveries %i… (of ${list.length}) with 4xx and changes nothing`,
    async (first) => {
      const before = await snapshot();
      for (let i = first; i < Math.min(first + perTest, list.length); i++) {
        const d = mutate(list[i]!, genuine[kind]());
        let res: Response;
        try {
          res = await postNotification(db, methods[kind], d, kind);
        } catch (err) {
          throw new Error(
            `delivery ${i} threw for ${JSON.stringify(d).slice(0, 300)}: ${String(err)}`,
          );
        }
        if (res.status >= 500 || res.status < 400)
          throw new Error(
            `delivery ${i} answered ${res.status} for ${JSON.stringify(d).slice(0, 300)}`,
          );
      }
      expect(await snapshot()).toEqual(before);
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
