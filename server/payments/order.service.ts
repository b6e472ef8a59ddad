import { and, asc, desc, eq, inArray, sql, type SQL } from "drizzle-orm";
import {
  auditLog,
  merchants,
  notifications,
  orderCounters,
  orderItems,
  orders,
  paymentAttempts,
  paymentMethods,
  providerRequests,
  stores,
  users,
  vouchers,
} from "@/db/schema";
import type { Db, DbOrTx, Tx } from "@/db/types";
import { statementTemplate, type Placeholders } from "@/db/statement-template";
import { recordAudit, type Actor } from "@/server/audit/audit.service";
import { DomainError } from "@/server/errors";
import { localDate } from "@/server/time/local-date.logic";
import {
  keysetAfter,
  keysetOrderBy,
  keysetPage,
  type Keyset,
} from "@/server/pagination/keyset.logic";
import { saveOrderVoucherTerms } from "@/server/vouchers/voucher-issue.service";
import { cancelOpenAttempts } from "./open-attempts.service";
import { lockOrder } from "./order-lock.service";
import {
  itemsTotal,
  listOrdersInput,
  type CreateOrderInput,
  type ListOrdersInput,
} from "./order.schema";
import { formatOrderNumber } from "./order-number.logic";
import { orderItemsText, parseOrderQuery } from "./order-search.logic";
import { transitionOrder } from "./order-transition.service";
import { assertOrderTransition } from "./state.logic";
import { anyOf, one } from "@/db/one";
import { personLabel } from "@/server/team/person-label";
import { seesCustomerContact, type Role } from "@/server/auth/roles.logic";
import { holdRefund } from "@/server/refunds/refund.service";
import { submitRefund, type RefundDeps } from "@/server/refunds/refund-provider.service";

/**
 * Claims `count` consecutive sequence numbers of a merchant's local day and returns the
 * first. One statement claims them: concurrent orders (or a history import) never share one.
 * Every order claims one: a template (db/statement-template.ts), as are the store read and
 * the order's INSERT below.
 */
export async function claimOrderNumbers(
  tx: Tx,
  merchantId: string,
  day: string,
  count: number,
): Promise<number> {
  const row = one(await claimNumbers(tx, { merchantId, day, count }));
  return row.last - count + 1;
}

const claimNumbers = statementTemplate(
  "claim_order_numbers",
  (db, v: Placeholders<{ merchantId: string; day: string; count: number }>) =>
    db
      .insert(orderCounters)
      .values({ merchantId: v.merchantId, day: v.day, last: v.count })
      .onConflictDoUpdate({
        target: [orderCounters.merchantId, orderCounters.day],
        set: { last: sql`${orderCounters.last} + excluded.last` },
      })
      .returning({ last: orderCounters.last }),
);

/** The store a new order is made at, with its merchant's time zone (the order number's day). */
const storeForOrder = statementTemplate(
  "store_for_order",
  (db, v: Placeholders<{ storeId: string; merchantId: string }>) =>
    db
      .select({ id: stores.id, timeZone: merchants.timeZone, closedAt: stores.closedAt })
      .from(stores)
      .innerJoin(merchants, eq(merchants.id, stores.merchantId))
      .where(and(eq(stores.id, v.storeId), eq(stores.merchantId, v.merchantId))),
);

/** The columns a new order sets, each given (null for none): the INSERT's shape is fixed. */
type NewOrder = Required<
  Pick<
    typeof orders.$inferInsert,
    | "merchantId"
    | "storeId"
    | "number"
    | "channel"
    | "currency"
    | "amountMinor"
    | "customerContact"
    | "customerLocale"
    | "note"
    | "itemsText"
    | "createdBy"
    | "createdAt"
    | "updatedAt"
  >
>;

const insertOrder = statementTemplate("insert_order", (db, v: Placeholders<NewOrder>) =>
  db
    .insert(orders)
    .values({
      merchantId: v.merchantId,
      storeId: v.storeId,
      number: v.number,
      channel: v.channel,
      currency: v.currency,
      amountMinor: v.amountMinor,
      customerContact: v.customerContact,
      customerLocale: v.customerLocale,
      note: v.note,
      itemsText: v.itemsText,
      createdBy: v.createdBy,
      createdAt: v.createdAt,
      updatedAt: v.updatedAt,
    })
    .returning(),
);

async function nextOrderNumber(tx: Tx, merchantId: string, timeZone: string, at: Date) {
  const day = localDate(at, timeZone);
  return formatOrderNumber(day, await claimOrderNumbers(tx, merchantId, day, 1));
}

export async function createOrder(
  db: Db,
  actor: Actor,
  merchantId: string,
  input: CreateOrderInput,
) {
  return db.transaction(async (tx) => {
    const [store] = await storeForOrder(tx, { storeId: input.storeId, merchantId });
    if (!store) throw new DomainError("NOT_FOUND", "storeNotFound", "Store not found");
    if (store.closedAt)
      throw new DomainError("INVALID_STATE", "storeClosed", "This store is closed");

    const amountMinor =
      input.items.length > 0
        ? itemsTotal(input.items)
        : // eslint-disable-next-line @typescript-eslint/no-non-null-assertion -- the input schema requires an amount when there are no items
          input.amountMinor!;
    const now = new Date();
    const number = await nextOrderNumber(tx, merchantId, store.timeZone, now);
    const order = one(
      await insertOrder(tx, {
        merchantId,
        storeId: store.id,
        number,
        channel: input.channel,
        currency: input.currency,
        amountMinor,
        customerContact: input.customerContact ?? null,
        customerLocale: input.customerLocale ?? null,
        note: input.note ?? null,
        itemsText: orderItemsText(input.items.map((i) => i.name)),
        createdBy: actor.userId,
        createdAt: now,
        updatedAt: now,
      }),
      "order",
    );
    if (input.items.length > 0) {
      await tx
        .insert(orderItems)
        .values(input.items.map((item, position) => ({ ...item, orderId: order.id, position })));
    }
    if (input.voucher) await saveOrderVoucherTerms(tx, order.id, input.voucher);
    await recordAudit(tx, actor, {
      merchantId,
      action: "order.create",
      entityType: "order",
      entityId: order.id,
      after: {
        number,
        amountMinor,
        currency: input.currency,
        items: input.items.length,
        channel: input.channel,
      },
    });
    return order;
  });
}

/**
 * Cancels an order (abandons it, when some of its parts are paid): its open requests are
 * cancelled, the order moves to cancelled, and each paid part is refunded through the refunds
 * path (held, approved at once when the person may decide it — a cashier's waits for a manager
 * —, cash given back from the drawer at once), all in one transaction; the requested refunds
 * then go to their providers. An order with paid parts is only cancelled by a caller that says
 * how to refund them (`refunding`).
 */
export async function cancelOrder(
  db: Db,
  actor: Actor,
  merchantId: string,
  orderId: string,
  refunding?: { role: Role; deps: RefundDeps },
) {
  const now = (refunding?.deps.now ?? (() => new Date()))();
  const toSubmit = await db.transaction(async (tx) => {
    const order = await lockOrder(tx, merchantId, orderId);
    // Refused before its requests are touched (transitionOrder checks again).
    assertOrderTransition(order.status, "cancelled");
    await cancelOpenAttempts(tx, actor, order, null);
    const paidParts = await tx
      .select()
      .from(paymentAttempts)
      .where(
        and(
          eq(paymentAttempts.orderId, order.id),
          eq(paymentAttempts.status, "succeeded"),
          eq(paymentAttempts.isDuplicate, false),
        ),
      )
      .orderBy(asc(paymentAttempts.createdAt))
      .for("update");
    if (paidParts.length > 0 && !refunding)
      throw new DomainError(
        "INVALID_STATE",
        "partPaidOrder",
        "Part of this order is paid: its parts must be refunded with it",
      );
    const paidMinor = paidParts.reduce((sum, p) => sum + p.amountMinor, 0n);
    const cancelled = await transitionOrder(tx, actor, order, "cancelled", {
      audit:
        paidParts.length > 0
          ? { abandoned: true, paidParts: paidParts.length, paidMinor: paidMinor.toString() }
          : undefined,
    });
    if (!cancelled || !refunding) return [];
    const who = { actor, role: refunding.role };
    const held = [];
    for (const part of paidParts) {
      held.push(
        await holdRefund(
          tx,
          who,
          cancelled,
          part,
          { amountMinor: part.amountMinor - part.refundedMinor, reason: "order_cancelled" },
          now,
        ),
      );
    }
    return held.filter((r) => r.status === "requested");
  });
  for (const refund of toSubmit)
    // eslint-disable-next-line @typescript-eslint/no-non-null-assertion -- only refunds held above, which needed `refunding`
    await submitRefund(db, actor, refund.id, refunding!.deps);
}

/**
 * The search box: a fragment of the order number (when it can be one) or of an item name
 * (trigram indexes on number and items_text), or an exact voucher code or provider transaction
 * id. The last two are subqueries PostgreSQL runs once, before the scan (an InitPlan giving an
 * array of order ids), so the WHERE stays one indexable OR and the search one round trip.
 */
function searchFilter(merchantId: string, q: string): SQL {
  const { pattern, inNumber, voucherCode, providerTxnId } = parseOrderQuery(q);
  const byTxn = sql`${orders.id} = any(array(select ${paymentAttempts.orderId} from ${paymentAttempts}
    where ${paymentAttempts.merchantId} = ${merchantId} and ${paymentAttempts.providerTxnId} = ${providerTxnId}))`;
  const byCode = voucherCode
    ? sql`${orders.id} = any(array(select ${vouchers.orderId} from ${vouchers}
      where ${vouchers.merchantId} = ${merchantId} and ${vouchers.code} = ${voucherCode}))`
    : undefined;
  return anyOf(
    sql`${orders.itemsText} ilike ${pattern}`,
    inNumber ? sql`${orders.number} ilike ${pattern}` : undefined,
    byTxn,
    byCode,
  );
}

/** Beyond this many matches the list says "10,000+" instead of counting every row. */
const countCap = 10_000;
/**
 * A search's cap: counting the matches of a common word (every fifth order has a croissant)
 * reads every matching row up to the cap, and past a thousand the figure tells nothing more.
 */
const searchCountCap = 1_000;

/**
 * The order list, filtered and sorted in SQL with keyset pagination (each page continues
 * after the last row of the previous one), so page 1,000 costs what page 1 costs.
 */
export async function listOrders(db: DbOrTx, merchantId: string, rawInput: ListOrdersInput) {
  const input = listOrdersInput.parse(rawInput);
  // The merchant's zone and currency as subqueries, not a round trip first: the plain list and
  // the search need neither.
  const merchant = (column: typeof merchants.timeZone | typeof merchants.defaultCurrency) =>
    sql`(select ${column} from ${merchants} where ${merchants.id} = ${merchantId})`;
  const tz = sql`coalesce(${merchant(merchants.timeZone)}, 'UTC')`;

  const filters: (SQL | undefined)[] = [eq(orders.merchantId, merchantId)];
  if (input.status?.length) filters.push(inArray(orders.status, input.status));
  if (input.storeId) filters.push(eq(orders.storeId, input.storeId));
  // Local dates of the merchant's zone, turned into instants by Postgres.
  if (input.from)
    filters.push(sql`${orders.createdAt} >= (${input.from}::date)::timestamp at time zone ${tz}`);
  if (input.to)
    filters.push(sql`${orders.createdAt} < (${input.to}::date + 1)::timestamp at time zone ${tz}`);
  if (input.minAmountMinor !== undefined || input.maxAmountMinor !== undefined) {
    // Minor units of different currencies do not compare: an amount range means one currency.
    filters.push(
      input.currency
        ? eq(orders.currency, input.currency)
        : sql`${orders.currency} = coalesce(${merchant(merchants.defaultCurrency)}, 'CNY')`,
    );
  }
  if (input.minAmountMinor !== undefined)
    filters.push(sql`${orders.amountMinor} >= ${input.minAmountMinor}`);
  if (input.maxAmountMinor !== undefined)
    filters.push(sql`${orders.amountMinor} <= ${input.maxAmountMinor}`);
  if (input.methodKind) {
    // A paid order belongs to the method that paid it; an unpaid one to every method tried.
    filters.push(
      sql`exists (select 1 from ${paymentAttempts} where ${paymentAttempts.orderId} = ${orders.id} and ${paymentAttempts.methodKind} = ${input.methodKind} and (${paymentAttempts.status} = 'succeeded' or ${orders.paidAt} is null))`,
    );
  }
  if (input.q) filters.push(searchFilter(merchantId, input.q));
  const where = and(...filters);

  const byAmount = input.sort === "amount_desc" || input.sort === "amount_asc";
  const keyset: Keyset = {
    key: byAmount ? orders.amountMinor : orders.createdAt,
    id: orders.id,
    kind: byAmount ? "integer" : "instant",
    descending: input.sort === "newest" || input.sort === "amount_desc",
  };
  // A cursor made for another sort (or tampered with) restarts from the first page.
  const after = keysetAfter(keyset, input.cursor);

  const pageRows = db
    .select({
      id: orders.id,
      number: orders.number,
      status: orders.status,
      currency: orders.currency,
      amountMinor: orders.amountMinor,
      storeName: stores.name,
      createdAt: orders.createdAt,
      methodLabel: sql<
        string | null
      >`(select ${paymentMethods.label} from ${paymentAttempts} join ${paymentMethods} on ${paymentMethods.id} = ${paymentAttempts.methodId} where ${paymentAttempts.orderId} = ${orders.id} order by (${paymentAttempts.status} = 'succeeded') desc, ${paymentAttempts.createdAt} desc limit 1)`,
    })
    .from(orders)
    .innerJoin(stores, eq(stores.id, orders.storeId))
    .where(and(where, after))
    .orderBy(...keysetOrderBy(keyset))
    .limit(input.limit + 1);
  const cap = input.q ? searchCountCap : countCap;
  const countMatches = async () =>
    (
      await db
        .select({ count: sql<number>`count(*)::int` })
        .from(sql`(select 1 from ${orders} where ${where} limit ${cap + 1}) as capped`)
    )[0]?.count ?? 0;
  // A first page that is not full is every match: nothing left to count. A search's first page
  // is counted beside it (its matches are few, or the page is full and the count needed anyway),
  // so its answer waits for one round trip rather than two.
  const [rows, counted] = await Promise.all([
    pageRows,
    input.q && !input.cursor ? countMatches() : undefined,
  ]);
  const page = keysetPage(rows, input.limit, (r) => [byAmount ? r.amountMinor : r.createdAt, r.id]);
  const count =
    !input.cursor && rows.length <= input.limit ? rows.length : (counted ?? (await countMatches()));
  return {
    ...page,
    total: Math.min(count, cap),
    totalIsCapped: count > cap,
  };
}

/**
 * One order with its items, attempts and the timeline of everything that happened to it; the
 * customer's contact and the order's note only for roles that serve customers.
 */
export async function getOrderDetail(db: DbOrTx, merchantId: string, orderId: string, role: Role) {
  const hidden = sql<string | null>`null`;
  const [order] = await db
    .select({
      id: orders.id,
      number: orders.number,
      status: orders.status,
      channel: orders.channel,
      currency: orders.currency,
      amountMinor: orders.amountMinor,
      customerContact: seesCustomerContact(role) ? orders.customerContact : hidden,
      customerLocale: orders.customerLocale,
      note: seesCustomerContact(role) ? orders.note : hidden,
      storeId: orders.storeId,
      storeName: stores.name,
      createdAt: orders.createdAt,
      paidAt: orders.paidAt,
      createdByName: personLabel(users),
    })
    .from(orders)
    .innerJoin(stores, eq(stores.id, orders.storeId))
    .leftJoin(users, eq(users.id, orders.createdBy))
    .where(and(eq(orders.id, orderId), eq(orders.merchantId, merchantId)));
  if (!order) throw new DomainError("NOT_FOUND", "orderNotFound", "Order not found");

  const [items, attempts, timeline, inbox] = await Promise.all([
    db
      .select()
      .from(orderItems)
      .where(eq(orderItems.orderId, orderId))
      .orderBy(asc(orderItems.position)),
    db
      .select({
        id: paymentAttempts.id,
        token: paymentAttempts.token,
        status: paymentAttempts.status,
        methodId: paymentAttempts.methodId,
        methodKind: paymentAttempts.methodKind,
        methodLabel: paymentMethods.label,
        amountMinor: paymentAttempts.amountMinor,
        discountMinor: paymentAttempts.discountMinor,
        currency: paymentAttempts.currency,
        feeMinor: paymentAttempts.feeMinor,
        /** Held by refunds that have not failed: what is left to refund is amount − this. */
        refundedMinor: paymentAttempts.refundedMinor,
        providerTxnId: paymentAttempts.providerTxnId,
        failureCode: paymentAttempts.failureCode,
        failureMessage: paymentAttempts.failureMessage,
        failureReason: paymentAttempts.failureReason,
        amountMismatch: paymentAttempts.amountMismatch,
        isDuplicate: paymentAttempts.isDuplicate,
        cashTenderedMinor: paymentAttempts.cashTenderedMinor,
        changeMinor: paymentAttempts.changeMinor,
        expiresAt: paymentAttempts.expiresAt,
        succeededAt: paymentAttempts.succeededAt,
        createdAt: paymentAttempts.createdAt,
        /** What the wallet app scans at the counter (Alipay qr_code, WeChat code_url). */
        providerQr: providerRequests.qrContent,
      })
      .from(paymentAttempts)
      .innerJoin(paymentMethods, eq(paymentMethods.id, paymentAttempts.methodId))
      .leftJoin(providerRequests, eq(providerRequests.attemptId, paymentAttempts.id))
      .where(and(eq(paymentAttempts.orderId, orderId), eq(paymentAttempts.merchantId, merchantId)))
      .orderBy(desc(paymentAttempts.createdAt)),
    db
      .select({
        id: auditLog.id,
        action: auditLog.action,
        at: auditLog.createdAt,
        actorName: personLabel(users),
        after: auditLog.after,
      })
      .from(auditLog)
      .leftJoin(users, eq(users.id, auditLog.actorUserId))
      .where(
        and(
          eq(auditLog.merchantId, merchantId),
          eq(auditLog.entityType, "order"),
          eq(auditLog.entityId, orderId),
        ),
      )
      .orderBy(asc(auditLog.seq)),
    db
      .select({
        id: notifications.id,
        outcome: notifications.outcome,
        detail: notifications.detail,
        eventId: notifications.eventId,
        receivedAt: notifications.receivedAt,
      })
      .from(notifications)
      .innerJoin(paymentAttempts, eq(paymentAttempts.id, notifications.attemptId))
      .where(and(eq(paymentAttempts.orderId, orderId), eq(paymentAttempts.merchantId, merchantId)))
      .orderBy(asc(notifications.receivedAt)),
  ]);
  return { ...order, items, attempts, timeline, notifications: inbox };
}
