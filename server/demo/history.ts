import { randomBytes } from "node:crypto";
import { and, asc, eq, getTableColumns, inArray, sql } from "drizzle-orm";
import { CasingCache } from "drizzle-orm/casing";
import type { PgTable } from "drizzle-orm/pg-core";
import { rebuildRollups } from "@/server/analytics/rollup-rebuild.service";
import { deleteShopHistory } from "@/server/housekeeping/shop-history.service";
import { refundHistoryOrder } from "./history-refunds";
import { sandboxFailures } from "@/server/connectors/sandbox/sandbox-failures";
import { backfillFailureLog } from "@/server/failures/failure-log.service";
import { claimOrderNumbers } from "@/server/payments/order.service";
import { formatOrderNumber } from "@/server/payments/order-number.logic";
import { orderItemsText } from "@/server/payments/order-search.logic";
import { feeRuleIn } from "@/server/payments/fee.logic";
import { feeAmountsOf } from "@/server/payments/method-fees.service";
import {
  memberships,
  merchants,
  orderCounters,
  orderItems,
  orders,
  paymentAmountMonthlyRollups,
  paymentAmountRollups,
  paymentAttempts,
  paymentDailyRollups,
  paymentFailureRollups,
  paymentRecoveryRollups,
  paymentFailures,
  paymentMethods,
  paymentRollups,
  refunds,
  stores,
  users,
  voucherRedemptions,
  vouchers,
} from "@/db/schema";
import type { Db, Tx } from "@/db/types";
import { demoAccounts } from "./demo-accounts";
import { historyVouchers } from "./history-vouchers";
import {
  generateHistory,
  randomBytesFrom,
  seededRng,
  type FailureCatalog,
  type HistoryOrder,
} from "./history.logic";

/*
 * Bulk history for the demo café. No audit rows, inbox notifications, outbox messages or
 * wallet ledger entries are written: those record acts (who did what, what a provider
 * said), and imported history was not acted here. The rows themselves are what the domain
 * functions leave behind (statuses, fees, numbers, timestamps, failure fields). The analytics
 * roll-ups, kept by the transitions, are rebuilt from these rows at the end.
 */

export interface HistoryOptions {
  orders: number;
  /** The window ends now and reaches this many days back (default 90). */
  days?: number;
  /** Reproducible history (ids and tokens included) from this seed; random when absent. */
  seed?: string;
  /** Delete the demo merchant's orders and everything hanging off them first. */
  fresh?: boolean;
  now?: Date;
  /** Orders per INSERT statement and per transaction. */
  batchSize?: number;
  onProgress?: (progress: { orders: number; rows: number; elapsedMs: number }) => void;
}

export interface HistorySummary {
  merchantId: string;
  currency: string;
  deletedOrders: number;
  deleteMs: number;
  orders: number;
  items: number;
  attempts: number;
  /** Generating and writing, not counting the deletion. */
  elapsedMs: number;
  ordersByStatus: Record<string, number>;
  attemptsByMethod: Record<string, Record<string, number>>;
  failuresByReason: Record<string, number>;
  /** Paid orders that had a failed, expired or cancelled request first. */
  recoveredOrders: number;
  paidMinor: bigint;
  feeMinor: bigint;
  refunds: number;
  refundedMinor: bigint;
}

const ownerEmail = demoAccounts.find((a) => a.role === "owner")!.email;

/** The demo café (found through its owner, whose e-mail is fixed), its stores, methods and cashiers. */
export async function findDemoShop(db: Db) {
  const [shop] = await db
    .select({
      id: merchants.id,
      ownerId: users.id,
      timeZone: merchants.timeZone,
      currency: merchants.defaultCurrency,
    })
    .from(users)
    .innerJoin(memberships, eq(memberships.userId, users.id))
    .innerJoin(merchants, eq(merchants.id, memberships.merchantId))
    .where(and(eq(users.email, ownerEmail), eq(memberships.role, "owner")));
  if (!shop) {
    throw new Error(
      `No demo merchant here (no owner ${ownerEmail}): it is created only in an empty database.`,
    );
  }
  const [shopStores, methods, cashiers] = await Promise.all([
    db
      .select({ id: stores.id })
      .from(stores)
      .where(eq(stores.merchantId, shop.id))
      .orderBy(asc(stores.createdAt), asc(stores.name)),
    db
      .select()
      .from(paymentMethods)
      .where(
        and(
          eq(paymentMethods.merchantId, shop.id),
          eq(paymentMethods.enabled, true),
          sql`${shop.currency} = any(${paymentMethods.currencies})`,
        ),
      )
      .orderBy(asc(paymentMethods.createdAt), asc(paymentMethods.label)),
    db
      .select({ userId: memberships.userId })
      .from(memberships)
      .where(
        and(eq(memberships.merchantId, shop.id), inArray(memberships.role, ["staff", "manager"])),
      )
      // Staff first: the generator gives the first cashier most orders.
      .orderBy(sql`${memberships.role} = 'staff' desc`, asc(memberships.createdAt)),
  ]);
  // The history is in the shop's currency: each method's fee is its rule there.
  const amounts = await feeAmountsOf(
    db,
    methods.map((m) => m.id),
  );
  return {
    ...shop,
    storeIds: shopStores.map((s) => s.id),
    cashierIds: cashiers.map((c) => c.userId),
    methods: methods.map((m) => ({
      id: m.id,
      kind: m.kind,
      label: m.label,
      requestTtlSeconds: m.requestTtlSeconds,
      refundFeeRule: m.refundFeeRule,
      fee: feeRuleIn(m.feeRateBps, amounts.get(m.id)?.[shop.currency] ?? null),
    })),
  };
}

/** The sandbox wallet's raw codes and messages, keyed by our normalized reason. */
const walletFailures = Object.fromEntries(
  Object.values(sandboxFailures).map((f) => [f.reason, { code: f.code, message: f.message }]),
) as FailureCatalog;

const casing = new CasingCache("snake_case");

function asText(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  return value instanceof Date ? value.toISOString() : String(value);
}

/**
 * One multi-row INSERT … SELECT FROM unnest(one array per column): a statement with a
 * parameter per column whatever the row count (VALUES would need one per cell and hit the
 * 65,535-parameter limit), parsed once, the same on both engines. Every array travels as
 * text[] and is cast in SQL: PGlite cannot serialize arrays of our enum types itself.
 */
async function insertMany<T extends PgTable>(tx: Tx, table: T, rows: T["$inferSelect"][]) {
  if (rows.length === 0) return;
  const columns = Object.entries(getTableColumns(table));
  const names = columns.map(([, column]) => sql.identifier(casing.getColumnCasing(column)));
  const arrays = columns.map(
    ([key, column]) =>
      sql`${sql.param(rows.map((row) => asText((row as Record<string, unknown>)[key])))}::text[]::${sql.raw(column.getSQLType())}[]`,
  );
  await tx.execute(
    sql`insert into ${table} (${sql.join(names, sql`, `)}) select * from unnest(${sql.join(arrays, sql`, `)})`,
  );
}

/** One batch in one transaction: numbers claimed per local day (batches are in time order), then rows. */
async function writeBatch(db: Db, merchantId: string, batch: HistoryOrder[]) {
  await db.transaction(async (tx) => {
    const orderRows: (typeof orders.$inferSelect)[] = [];
    for (let i = 0; i < batch.length;) {
      const day = batch[i]!.order.localDay;
      let end = i;
      while (end < batch.length && batch[end]!.order.localDay === day) end++;
      let sequence = await claimOrderNumbers(tx, merchantId, day, end - i);
      for (; i < end; i++) {
        const { localDay: _, ...order } = batch[i]!.order;
        const itemsText = orderItemsText(batch[i]!.items.map((item) => item.name));
        orderRows.push({ ...order, number: formatOrderNumber(day, sequence++), itemsText });
      }
    }
    await insertMany(tx, orders, orderRows);
    await insertMany(
      tx,
      orderItems,
      batch.flatMap((h) => h.items),
    );
    await insertMany(
      tx,
      paymentAttempts,
      batch.flatMap((h) => h.attempts),
    );
    await insertMany(
      tx,
      refunds,
      batch.flatMap((h) => h.refunds),
    );
    await backfillFailureLog(
      tx,
      orderRows.map((o) => o.id),
    );
    const issued = historyVouchers(
      orderRows.map((order, i) => ({
        order,
        attempts: batch[i]!.attempts,
        refunds: batch[i]!.refunds,
      })),
      new Date(),
    );
    await insertMany(tx, vouchers, issued.vouchers);
    await insertMany(tx, voucherRedemptions, issued.redemptions);
  });
}

function tally(summary: HistorySummary, h: HistoryOrder, labels: Map<string, string>) {
  const count = (into: Record<string, number>, key: string) => (into[key] = (into[key] ?? 0) + 1);
  summary.orders++;
  summary.items += h.items.length;
  summary.attempts += h.attempts.length;
  count(summary.ordersByStatus, h.order.status);
  for (const a of h.attempts) {
    const label = labels.get(a.methodId)!;
    count((summary.attemptsByMethod[label] ??= {}), a.status);
    if (a.failureReason) count(summary.failuresByReason, a.failureReason);
    if (a.status === "succeeded") summary.feeMinor += a.feeMinor ?? 0n;
  }
  if (h.order.paidAt) {
    summary.paidMinor += h.order.amountMinor;
    if (h.attempts.length > 1) summary.recoveredOrders++;
  }
  for (const r of h.refunds) {
    summary.refunds++;
    summary.refundedMinor += r.amountMinor;
  }
}

/**
 * Generates `orders` orders of history for the demo café over the last `days` days and
 * writes them in batches, streaming: only one batch is in memory, and the next is generated
 * while the previous one is being written.
 */
export async function seedDemoHistory(db: Db, options: HistoryOptions): Promise<HistorySummary> {
  const shop = await findDemoShop(db);
  const deleteStarted = performance.now();
  const deletedOrders = options.fresh
    ? (await db.transaction((tx) => deleteShopHistory(tx, shop.id))).orders
    : 0;
  const started = performance.now();
  const rng = seededRng(options.seed ?? randomBytes(16).toString("hex"));
  const history = generateHistory({
    orders: options.orders,
    days: options.days ?? 90,
    now: options.now ?? new Date(),
    merchantId: shop.id,
    timeZone: shop.timeZone,
    currency: shop.currency,
    storeIds: shop.storeIds,
    methods: shop.methods,
    cashierIds: shop.cashierIds,
    failures: walletFailures,
    rng,
    // Pay tokens must be unguessable: only a requested reproducible run derives them from the seed.
    randomBytes: options.seed === undefined ? randomBytes : (n) => randomBytesFrom(rng, n),
  });

  const summary: HistorySummary = {
    merchantId: shop.id,
    currency: shop.currency,
    deletedOrders,
    deleteMs: started - deleteStarted,
    orders: 0,
    items: 0,
    attempts: 0,
    elapsedMs: 0,
    ordersByStatus: {},
    attemptsByMethod: {},
    failuresByReason: {},
    recoveredOrders: 0,
    paidMinor: 0n,
    feeMinor: 0n,
    refunds: 0,
    refundedMinor: 0n,
  };
  const labels = new Map(shop.methods.map((m) => [m.id, m.label]));
  const batchSize = options.batchSize ?? 5000;
  let batch: HistoryOrder[] = [];
  let writing: Promise<void> = Promise.resolve();
  let written = { orders: 0, rows: 0 };
  const write = async (rows: HistoryOrder[]) => {
    await writing;
    writing = writeBatch(db, shop.id, rows).then(() => {
      written = {
        orders: written.orders + rows.length,
        rows: written.rows + rows.reduce((n, h) => n + 1 + h.items.length + h.attempts.length, 0),
      };
      options.onProgress?.({ ...written, elapsedMs: performance.now() - started });
    });
    // A failure surfaces at the next await of `writing`, not as an unhandled rejection meanwhile.
    writing.catch(() => undefined);
  };
  const refundContext = {
    now: options.now ?? new Date(),
    approverId: shop.ownerId,
    feeRules: new Map(shop.methods.map((m) => [m.id, m.refundFeeRule])),
  };
  for (const h of history) {
    refundHistoryOrder(h, refundContext);
    tally(summary, h, labels);
    batch.push(h);
    // Let the write in flight make progress (its I/O callbacks) while this batch is generated.
    if (batch.length % 500 === 0) await new Promise(setImmediate);
    if (batch.length === batchSize) {
      await write(batch);
      batch = [];
    }
  }
  if (batch.length > 0) await write(batch);
  await writing;
  // Fresh statistics, so the planner picks the list indexes right away on the new volume.
  await rebuildRollups(db, shop.id);
  await db.execute(
    sql`analyze ${orders}, ${orderItems}, ${paymentAttempts}, ${refunds}, ${orderCounters}, ${paymentFailures}, ${paymentRollups}, ${paymentDailyRollups}, ${paymentFailureRollups}, ${paymentAmountRollups}, ${paymentAmountMonthlyRollups}, ${paymentRecoveryRollups}`,
  );
  summary.elapsedMs = performance.now() - started;
  return summary;
}
