// weight.*: what a first visit downloads, as sent (compressed), per page of the built app:
// the HTML document (which carries the React payload, the messages included) and its
// scripts. Fresh browser context per page, so nothing comes from the cache. Run by bench.ts
// against a demo server; the figures are kilobytes and ratios to a bare Next.js page: the
// framework's own scripts that every App Router page loads before any of ours (the build
// manifest's rootMainFiles: React, the router, the runtime), gzipped as the server sends them.
import { readFileSync } from "node:fs";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { chromium, type BrowserContext } from "@playwright/test";
import superjson from "superjson";
import { benchLighthouseAt } from "./bench-lighthouse";
import { atMost, shown, verdict, type Target } from "./bench-targets";

const chromiumPath = process.env.CHROMIUM_PATH || "/usr/bin/chromium";
const chromiumArgs = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
];

interface Sent {
  documentKb: number;
  scriptKb: number;
  totalKb: number;
}

const kb = (bytes: number) => Math.round(bytes / 102.4) / 10;

/** The compressed bytes a fresh visit to `url` downloads: its document and every script. */
async function firstVisit(context: BrowserContext, url: string): Promise<Sent> {
  const page = await context.newPage();
  let documentBytes = 0;
  let scriptBytes = 0;
  const pending: Promise<void>[] = [];
  page.on("requestfinished", (request) => {
    const type = request.resourceType();
    if (type !== "document" && type !== "script") return;
    pending.push(
      request.sizes().then((s) => {
        if (type === "document") documentBytes += s.responseBodySize;
        else scriptBytes += s.responseBodySize;
      }),
    );
  });
  await page.goto(url, { waitUntil: "networkidle" });
  await Promise.all(pending);
  await page.close();
  return {
    documentKb: kb(documentBytes),
    scriptKb: kb(scriptBytes),
    totalKb: kb(documentBytes + scriptBytes),
  };
}

/** A tRPC call: a mutation when it has an input, unless `query` says it is a query's input. */
async function trpc<T>(
  context: BrowserContext,
  origin: string,
  path: string,
  input?: unknown,
  { query = false } = {},
) {
  const url = `${origin}/api/trpc/${path}`;
  const res =
    input && !query
      ? await context.request.post(url, { data: superjson.serialize(input) })
      : await context.request.get(
          input
            ? `${url}?input=${encodeURIComponent(JSON.stringify(superjson.serialize(input)))}`
            : url,
        );
  if (!res.ok()) throw new Error(`${path}: ${res.status()} ${await res.text()}`);
  return superjson.deserialize<T>(((await res.json()) as { result: { data: never } }).result.data);
}

async function signInAsDemoOwner(context: BrowserContext, origin: string) {
  const res = await context.request.post(`${origin}/api/auth/sign-in/email`, {
    headers: { origin },
    data: { email: "owner@demo-cafe.example", password: "hexiao-demo" },
  });
  if (!res.ok()) throw new Error(`demo sign-in: ${res.status()}`);
}

/** The demo shop's payment methods (signed in as its owner). */
async function demoMethods(context: BrowserContext, origin: string) {
  const list = await trpc<{ methods: { id: string; kind: string }[] }>(
    context,
    origin,
    "paymentMethods.list",
  );
  return list.methods;
}

/** Opens a sandbox payment request in the demo shop (signed in as its owner): its token. */
async function demoPayToken(context: BrowserContext, origin: string) {
  const me = await trpc<{ stores: { id: string }[] }>(context, origin, "me.get");
  const sandbox = (await demoMethods(context, origin)).find((m) => m.kind === "sandbox");
  const storeId = me.stores[0]?.id;
  if (!sandbox || !storeId) throw new Error("the demo shop has no sandbox method or store");
  const order = await trpc<{ id: string }>(context, origin, "orders.create", {
    storeId,
    currency: "CNY",
    amountMinor: 2350n,
  });
  const attempt = await trpc<{ token: string }>(context, origin, "orders.requestPayment", {
    orderId: order.id,
    methodId: sandbox.id,
  });
  return attempt.token;
}

/** KB (gzip) of the scripts a bare page of this build loads: Next.js and React, none of ours. */
export function bareNextKb(root: string): number {
  const manifest = JSON.parse(
    readFileSync(path.join(root, ".next", "build-manifest.json"), "utf8"),
  ) as { rootMainFiles: string[] };
  let bytes = 0;
  for (const file of manifest.rootMainFiles)
    bytes += gzipSync(readFileSync(path.join(root, ".next", file))).length;
  return kb(bytes);
}

/**
 * A cash order of the demo shop, paid: its id (the order's page, where a refund starts) and the
 * code its customer's receipt page (/r/<code>) opens with.
 */
async function demoPaidOrder(context: BrowserContext, origin: string) {
  const me = await trpc<{ stores: { id: string }[] }>(context, origin, "me.get");
  const cash = (await demoMethods(context, origin)).find((m) => m.kind === "cash");
  const storeId = me.stores[0]?.id;
  if (!cash || !storeId) throw new Error("the demo shop has no cash method or store");
  const order = await trpc<{ id: string }>(context, origin, "orders.create", {
    storeId,
    currency: "CNY",
    amountMinor: 2800n,
  });
  await trpc(context, origin, "orders.payCash", {
    orderId: order.id,
    methodId: cash.id,
    tenderedMinor: 2800n,
  });
  const voucher = await trpc<{ code: string }>(
    context,
    origin,
    "vouchers.forOrder",
    { orderId: order.id },
    { query: true },
  );
  return { orderId: order.id, receiptCode: voucher.code };
}

/**
 * Issue #20's targets, as ratios to a bare page: what a customer opens on a phone ≤ 1.1×, the
 * console ≤ 1.3×, analytics (charts loaded when shown) ≤ 1.6×. Sign-in has none.
 */
const customerPage = atMost(1.1, "×");
const consolePage = atMost(1.3, "×");
export const weightTargets: Record<string, Target> = {
  "weight.pay_ratio": customerPage,
  "weight.receipt_ratio": customerPage,
  "weight.sandbox_wallet_ratio": customerPage,
  "weight.home_ratio": consolePage,
  "weight.orders_ratio": consolePage,
  "weight.new_order_ratio": consolePage,
  "weight.settings_ratio": consolePage,
  "weight.order_detail_ratio": consolePage,
  "weight.payment_methods_ratio": consolePage,
  "weight.analytics_ratio": atMost(1.6, "×"),
};

export interface WeightRow {
  kb: number;
  document_kb: number;
  /** To the bare Next.js page (bareNextKb). */
  ratio: number;
  target: string;
  met: string;
}

/** Page weights of a running demo server: customer pages signed out, console pages as the owner. */
export async function benchWeightAt(
  origin: string,
  bareKb: number,
  { withLighthouse = false, locale = "zh-CN" }: { withLighthouse?: boolean; locale?: string } = {},
) {
  const browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs });
  try {
    const fresh = async (signedIn: boolean) => {
      const context = await browser.newContext({ locale });
      if (signedIn) await signInAsDemoOwner(context, origin);
      return context;
    };
    const owner = await fresh(true);
    const token = await demoPayToken(owner, origin);
    const paid = await demoPaidOrder(owner, origin);
    await owner.close();
    const pages: [name: string, path: string, signedIn: boolean][] = [
      ["not_found", "/no-such-page", false],
      ["sign_in", "/sign-in", false],
      ["pay", `/pay/${token}`, false],
      ["sandbox_wallet", `/sandbox/${token}`, false],
      ["receipt", `/r/${paid.receiptCode}`, false],
      ["home", "/", true],
      ["orders", "/orders", true],
      ["new_order", "/orders/new", true],
      ["analytics", "/analytics", true],
      ["settings", "/settings", true],
      ["order_detail", `/orders/${paid.orderId}`, true],
      ["payment_methods", "/payment-methods", true],
    ];
    const figures: Record<string, number> = { "weight.bare_next_kb": bareKb };
    for (const [name, path, signedIn] of pages) {
      const context = await fresh(signedIn);
      const sent = await firstVisit(context, `${origin}${path}`);
      await context.close();
      figures[`weight.${name}_kb`] = sent.totalKb;
      figures[`weight.${name}_document_kb`] = sent.documentKb;
    }
    const rows: Record<string, WeightRow> = {};
    for (const [name] of pages) {
      const total = figures[`weight.${name}_kb`]!;
      // Three decimals: at two, 1.304 would read 1.30 and pass a ≤ 1.3 target it misses.
      const ratio = Math.round((total / bareKb) * 1000) / 1000;
      figures[`weight.${name}_ratio`] = ratio;
      const target = weightTargets[`weight.${name}_ratio`];
      rows[name] = {
        kb: total,
        document_kb: figures[`weight.${name}_document_kb`]!,
        ratio,
        target: target?.target ?? "",
        met: shown(verdict(target, ratio)),
      };
    }
    if (!withLighthouse)
      return { figures, targets: weightTargets, rows, lighthouse: null, lighthouseRunOn: "" };
    // Lighthouse sends the owner's session cookie with the console's pages.
    const session = await fresh(true);
    const cookie = (await session.cookies(origin)).map((c) => `${c.name}=${c.value}`).join("; ");
    await session.close();
    const lighthouse = await benchLighthouseAt(
      origin,
      pages.map(([name, path, signedIn]) => ({ name, path, signedIn })),
      cookie,
    );
    Object.assign(figures, lighthouse.figures);
    return {
      figures,
      targets: { ...weightTargets, ...lighthouse.targets },
      rows,
      lighthouse: lighthouse.rows,
      lighthouseRunOn: lighthouse.runOn,
    };
  } finally {
    await browser.close();
  }
}
