import { and, eq, inArray, sql, type SQL } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { allOf } from "@/db/one";
import { alerts, merchants, orders, paymentMethods, users } from "@/db/schema";
import type { Db, DbOrTx, Tx } from "@/db/types";
import { recordAudit, type Actor } from "@/server/audit/audit.service";
import { DomainError } from "@/server/errors";
import {
  keysetAfter,
  keysetOrderBy,
  keysetPage,
  type Keyset,
} from "@/server/pagination/keyset.logic";
import { personLabel } from "@/server/team/person-label";
import { alertStatusesInto, type AlertStatus } from "./alert.logic";
import { listAlertsInput, type ListAlertsInput } from "./alert.schema";

const acknowledger = alias(users, "acknowledger");
const resolver = alias(users, "resolver");
const subject = alias(users, "subject");

/** The entity id as a uuid only for the entity type a join reads (other ids are not uuids). */
const entityUuid = (type: string) =>
  sql`case when ${alerts.entityType} = ${type} then ${alerts.entityId}::uuid end`;

function selectRows(db: DbOrTx) {
  return db
    .select({
      id: alerts.id,
      kind: alerts.kind,
      status: alerts.status,
      entityType: alerts.entityType,
      entityId: alerts.entityId,
      // What a person recognises the entity by: the order's number, the method's label, a name.
      entityLabel: sql<
        string | null
      >`coalesce(${orders.number}, ${paymentMethods.label}, ${personLabel(subject)})`,
      details: alerts.details,
      createdAt: alerts.createdAt,
      acknowledgedAt: alerts.acknowledgedAt,
      acknowledgedByName: personLabel(acknowledger),
      resolvedAt: alerts.resolvedAt,
      resolvedByName: personLabel(resolver),
      resolutionNote: alerts.resolutionNote,
    })
    .from(alerts)
    .leftJoin(
      orders,
      and(eq(orders.id, entityUuid("order")), eq(orders.merchantId, alerts.merchantId)),
    )
    .leftJoin(
      paymentMethods,
      and(
        eq(paymentMethods.id, entityUuid("payment_method")),
        eq(paymentMethods.merchantId, alerts.merchantId),
      ),
    )
    .leftJoin(subject, eq(subject.id, entityUuid("user")))
    .leftJoin(acknowledger, eq(acknowledger.id, alerts.acknowledgedBy))
    .leftJoin(resolver, eq(resolver.id, alerts.resolvedBy));
}
export type AlertRow = Awaited<ReturnType<ReturnType<typeof selectRows>["execute"]>>[number];

const newestAlertsFirst: Keyset = {
  key: alerts.createdAt,
  id: alerts.id,
  kind: "instant",
  descending: true,
};

/**
 * A shop's alerts, newest first, filtered in SQL and keyset-paginated on (created_at, id):
 * the (merchant_id, created_at, id) index serves the whole list, (merchant_id, status,
 * created_at, id) a state. Dates are the shop's local days, read in its zone by the query.
 */
export async function listAlerts(db: DbOrTx, merchantId: string, rawInput: ListAlertsInput) {
  const f = listAlertsInput.parse(rawInput);
  const tz = sql`(select ${merchants.timeZone} from ${merchants} where ${merchants.id} = ${merchantId})`;
  const at = alerts.createdAt;
  const where: SQL = allOf(
    eq(alerts.merchantId, merchantId),
    f.status ? eq(alerts.status, f.status) : undefined,
    f.kind ? eq(alerts.kind, f.kind) : undefined,
    f.from ? sql`${at} >= (${f.from}::date)::timestamp at time zone ${tz}` : undefined,
    f.to ? sql`${at} < (${f.to}::date + 1)::timestamp at time zone ${tz}` : undefined,
    keysetAfter(newestAlertsFirst, f.cursor),
  );
  const rows = await selectRows(db)
    .where(where)
    .orderBy(...keysetOrderBy(newestAlertsFirst))
    .limit(f.limit + 1);
  return keysetPage(rows, f.limit, (r) => [r.createdAt, r.id]);
}

/** One alert of the shop, or NOT_FOUND (another shop's alert is not found either). */
export async function getAlert(db: DbOrTx, merchantId: string, alertId: string) {
  const [row] = await selectRows(db).where(
    and(eq(alerts.id, alertId), eq(alerts.merchantId, merchantId)),
  );
  if (!row) throw new DomainError("NOT_FOUND", "alertNotFound", "Alert not found");
  return row;
}

/** The kinds this shop has had, for the console's kind filter (alerts are few per shop). */
export async function alertKindsOf(db: DbOrTx, merchantId: string): Promise<string[]> {
  const rows = await db
    .selectDistinct({ kind: alerts.kind })
    .from(alerts)
    .where(eq(alerts.merchantId, merchantId))
    .orderBy(alerts.kind);
  return rows.map((r) => r.kind);
}

/**
 * How many alerts nobody has taken up yet: the badge in the navigation and the count on
 * Home, asked on every page, so an index-only count on (merchant_id, status, …).
 */
export async function countOpenAlerts(db: DbOrTx, merchantId: string): Promise<number> {
  const [row] = await db
    .select({ count: sql<number>`count(*)::int` })
    .from(alerts)
    .where(and(eq(alerts.merchantId, merchantId), eq(alerts.status, "open")));
  return Number(row?.count ?? 0);
}

type AlertChange = Partial<
  Pick<
    typeof alerts.$inferInsert,
    "acknowledgedAt" | "acknowledgedBy" | "resolvedAt" | "resolvedBy" | "resolutionNote"
  >
>;

/**
 * The one transition of an alert, in the caller's transaction: moves it to `to` only from a
 * status the transition table allows (alert.logic.ts), within the shop, and audits the move.
 * `kind` narrows it to one kind of alert (the failures page resolves only spikes).
 */
export async function transitionAlert(
  tx: Tx,
  actor: Actor,
  merchantId: string,
  alertId: string,
  to: AlertStatus,
  change: AlertChange,
  opts: { kind?: string } = {},
) {
  const [moved] = await tx
    .update(alerts)
    .set({ ...change, status: to })
    .where(
      allOf(
        eq(alerts.id, alertId),
        eq(alerts.merchantId, merchantId),
        inArray(alerts.status, alertStatusesInto(to)),
        opts.kind ? eq(alerts.kind, opts.kind) : undefined,
      ),
    )
    .returning({ id: alerts.id, kind: alerts.kind, details: alerts.details });
  if (!moved) {
    // Tell "not yours / not there" from "already past this step" (a second tab, a colleague).
    const [found] = await tx
      .select({ status: alerts.status })
      .from(alerts)
      .where(
        allOf(
          eq(alerts.id, alertId),
          eq(alerts.merchantId, merchantId),
          opts.kind ? eq(alerts.kind, opts.kind) : undefined,
        ),
      );
    if (!found) throw new DomainError("NOT_FOUND", "alertNotFound", "Alert not found");
    throw new DomainError(
      "INVALID_STATE",
      "alertAlreadyHandled",
      `The alert is already ${found.status}`,
      { status: found.status },
    );
  }
  await recordAudit(tx, actor, {
    merchantId,
    action: `alert.${to === "acknowledged" ? "acknowledge" : "resolve"}`,
    entityType: "alert",
    entityId: alertId,
    after: { kind: moved.kind, status: to, note: change.resolutionNote ?? null },
  });
  return moved;
}

/** Someone has taken it up: it leaves the badge and stays in the console until resolved. */
export async function acknowledgeAlert(db: Db, actor: Actor, merchantId: string, alertId: string) {
  return db.transaction(async (tx) => {
    const now = new Date();
    await transitionAlert(tx, actor, merchantId, alertId, "acknowledged", {
      acknowledgedAt: now,
      acknowledgedBy: actor.userId,
    });
  });
}

/** Closed with what was found or done; from open or acknowledged (the console, the failures page). */
export async function resolveAlert(
  db: Db,
  actor: Actor,
  merchantId: string,
  input: { alertId: string; note: string; kind?: string },
) {
  const note = input.note.trim();
  if (!note) throw new DomainError("VALIDATION", "alertNoteRequired", "A note is required");
  return db.transaction(async (tx) => {
    await transitionAlert(
      tx,
      actor,
      merchantId,
      input.alertId,
      "resolved",
      { resolvedAt: new Date(), resolvedBy: actor.userId, resolutionNote: note },
      { kind: input.kind },
    );
  });
}
