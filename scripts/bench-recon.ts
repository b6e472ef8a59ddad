// Reconciliation at volume: N paid sandbox orders of one China-time day, written set-based
// (INSERT … SELECT generate_series), and that day's WeChat Pay trade bill of N lines for them,
// streamed to a file; then the upload (spool and hash, read, match, differences) timed, with the
// process's resident memory sampled while it runs. Part of `npm run bench` (recon.*).
import { once } from "node:events";
import { createWriteStream } from "node:fs";
import path from "node:path";
import { sql } from "drizzle-orm";
import { openDatabase, type DatabaseTarget } from "@/db/open";
import {
  chinaDayStart,
  chinaTime,
  wechatBillText,
  type WechatBillRow,
} from "@/server/connectors/wechat-pay/wechat-bill.logic";
import { seedDemoIfEmpty } from "@/server/demo/demo";
import { findDemoShop } from "@/server/demo/history";
import { computeFee, type FeeRule } from "@/server/payments/fee.logic";
import { runImportChild, type ReconImportJob } from "./bench-recon-import";
import { tempDir } from "./bench-cleanup";
import { below, none, only, type Target } from "./bench-targets";

const dayMs = 86_400_000;

/** The g-th order of the bench (1-based): its token, wallet id, amount and time of the day. */
function nth(g: number, n: number, from: Date) {
  const id = String(g).padStart(8, "0");
  return {
    token: `RB${id}`,
    txnId: `SBXRB${id}`,
    amountMinor: 1000n + BigInt(g % 500) * 10n,
    at: new Date(from.getTime() + Math.floor((g * dayMs) / (n + 1))),
  };
}

/** recon.* at one volume, in a fresh database made by `target()`. */
export async function benchReconAt(
  lines: number,
  target: () => Promise<{ target: DatabaseTarget; dispose: () => Promise<void> | void }>,
  key: Buffer,
) {
  const scratch = await target();
  const opened = await openDatabase(scratch.target);
  let closed = false;
  const { dir, remove } = tempDir("hexiao-recon-");
  try {
    const db = opened.db;
    await seedDemoIfEmpty(db, key);
    const shop = await findDemoShop(db);
    const method = shop.methods.find((m) => m.kind === "sandbox")!;
    const rule: FeeRule = method.fee;
    // Yesterday in China time: a closed day, as a real bill is.
    const day = chinaTime(new Date(Date.now() - dayMs)).slice(0, 10);
    const from = chinaDayStart(day);

    const seeding = performance.now();
    // The same formulas as nth(), in SQL: one statement per table, no round trip per order.
    const at = sql`${from.toISOString()}::timestamptz + (g::bigint * ${dayMs} / ${lines + 1}) * interval '1 millisecond'`;
    const amount = sql`(1000 + (g % 500) * 10)`;
    await db.execute(sql`
      insert into orders (merchant_id, store_id, number, status, currency, amount_minor, paid_at, created_at, updated_at)
      select ${shop.id}, ${shop.storeIds[0]!}, 'RB-' || lpad(g::text, 8, '0'), 'paid', 'CNY', ${amount}, ${at}, ${at}, ${at}
      from generate_series(1, ${lines}) g`);
    const fee = (column: string) => {
      const a = sql.raw(column);
      // computeFee's rule in SQL (round half up, bounds, never above the amount).
      return sql`least(${a}, greatest(coalesce(${rule.minMinor}::bigint, 0),
        least(coalesce(${rule.maxMinor}::bigint, 9223372036854775807),
          (${a} * ${rule.rateBps} * 2 + 10000) / 20000 + ${rule.fixedMinor})))`;
    };
    await db.execute(sql`
      insert into payment_attempts (merchant_id, order_id, method_id, method_kind, token, status, amount_minor, currency, fee_minor, provider_txn_id, expires_at, succeeded_at, created_at, updated_at)
      select o.merchant_id, o.id, ${method.id}, 'sandbox', 'RB' || substr(o.number, 4), 'succeeded', o.amount_minor, 'CNY', ${fee("o.amount_minor")},
        'SBXRB' || substr(o.number, 4), o.created_at + interval '15 minutes', o.paid_at, o.created_at, o.paid_at
      from orders o where o.merchant_id = ${shop.id} and o.number like 'RB-%'`);
    // History as a running shop's database holds it: the embedded engine's nightly ANALYZE
    // (server/operations/analyze.service.ts; PostgreSQL's autovacuum) has seen these payments.
    await db.execute(sql`analyze orders, payment_attempts`);
    const seededSeconds = (performance.now() - seeding) / 1000;

    const file = path.join(dir, `bench-tradebill-${day}.csv`);
    const out = createWriteStream(file);
    function* rows(): Generator<WechatBillRow> {
      for (let g = 1; g <= lines; g++) {
        const o = nth(g, lines, from);
        yield {
          appId: "wxsandbox",
          mchId: "1900000000",
          at: o.at,
          txnId: o.txnId,
          outTradeNo: o.token,
          currency: "CNY",
          orderMinor: o.amountMinor,
          feeMinor: computeFee(o.amountMinor, rule),
          rateBps: rule.rateBps,
          subject: "",
        };
      }
    }
    for (const piece of wechatBillText(rows(), "CNY"))
      if (!out.write(piece)) await once(out, "drain");
    out.end();
    await once(out, "close");
    console.log(
      `  seeded ${lines.toLocaleString("en-US")} paid orders in ${Math.round(seededSeconds)} s; importing their bill…`,
    );

    // The import runs in a fresh process, as it would in a server that has not just generated
    // 200,000 rows: its peak memory is the import's (and the engine's, for the embedded one,
    // which lives in the process), not the seeding's garbage. PGlite admits one process.
    await opened.close();
    closed = true;
    const job: ReconImportJob = {
      target: scratch.target,
      file,
      merchantId: shop.id,
      methodId: method.id,
      userId: shop.ownerId,
      lines,
    };
    return await runImportChild(job);
  } finally {
    await remove();
    if (!closed) await opened.close();
    await scratch.dispose();
  }
}

/** The reconciliation targets (issue #15: a bill of 200,000 lines), on either engine. */
export function reconTargets(lines: number) {
  const at = (t: Target) => only(lines >= 200_000, "at 200,000 lines", t);
  return {
    "recon.seconds": at(below(20, " s")),
    "recon.peak_rss_mb": at(below(300, " MB")),
    "recon.unmatched": none,
  };
}
