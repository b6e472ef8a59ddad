import { and, asc, count, eq, isNull, ne, sql } from "drizzle-orm";
import { stores } from "@/db/schema";
import type { Db, DbOrTx, Tx } from "@/db/types";
import { recordAudit, type Actor } from "@/server/audit/audit.service";
import { DomainError } from "@/server/errors";
import type { CreateStoreInput, UpdateStoreInput } from "./store.schema";
import { one } from "@/db/one";

const storeColumns = {
  id: stores.id,
  name: stores.name,
  address: stores.address,
  openingHours: stores.openingHours,
  receiptHeader: stores.receiptHeader,
  closedAt: stores.closedAt,
  createdAt: stores.createdAt,
  updatedAt: stores.updatedAt,
};

/** Every store of the merchant, open ones first; closed ones stay listed with their history. */
export async function listAllStores(db: DbOrTx, merchantId: string) {
  return db
    .select(storeColumns)
    .from(stores)
    .where(eq(stores.merchantId, merchantId))
    .orderBy(sql`${stores.closedAt} is not null`, asc(stores.name));
}

async function lockStore(tx: Tx, merchantId: string, storeId: string) {
  const [row] = await tx
    .select(storeColumns)
    .from(stores)
    // Another merchant's store is "not found", never "forbidden": ids do not leak across shops.
    .where(and(eq(stores.id, storeId), eq(stores.merchantId, merchantId)))
    .for("update");
  if (!row) throw new DomainError("NOT_FOUND", "storeNotFound", "Store not found");
  return row;
}

const audited = (s: {
  name: string;
  address: string | null;
  openingHours: unknown;
  receiptHeader: string | null;
}) => ({
  name: s.name,
  address: s.address,
  openingHours: s.openingHours,
  receiptHeader: s.receiptHeader,
});

export async function createStore(
  db: Db,
  actor: Actor,
  merchantId: string,
  input: CreateStoreInput,
) {
  return db.transaction(async (tx) => {
    const row = one(
      await tx
        .insert(stores)
        .values({
          merchantId,
          name: input.name,
          address: input.address ?? null,
          openingHours: input.openingHours ?? null,
          receiptHeader: input.receiptHeader ?? null,
        })
        .returning(storeColumns),
    );
    await recordAudit(tx, actor, {
      merchantId,
      action: "store.create",
      entityType: "store",
      entityId: row.id,
      after: audited(row),
    });
    return row;
  });
}

/** Renames a store and edits its address, hours and receipt header (closed ones too). */
export async function updateStore(
  db: Db,
  actor: Actor,
  merchantId: string,
  input: UpdateStoreInput,
) {
  return db.transaction(async (tx) => {
    const before = await lockStore(tx, merchantId, input.storeId);
    const after = one(
      await tx
        .update(stores)
        .set({
          name: input.name,
          address: input.address ?? null,
          openingHours: input.openingHours ?? null,
          receiptHeader: input.receiptHeader ?? null,
          updatedAt: new Date(),
        })
        .where(and(eq(stores.id, input.storeId), eq(stores.merchantId, merchantId)))
        .returning(storeColumns),
      "updated row",
    );
    await recordAudit(tx, actor, {
      merchantId,
      action: "store.update",
      entityType: "store",
      entityId: input.storeId,
      before: audited(before),
      after: audited(after),
    });
    return after;
  });
}

/**
 * Closes a store: no new orders there and it leaves the store switcher; its orders, vouchers
 * and figures stay. The last open store cannot close (the shop could take no order at all).
 */
export async function closeStore(db: Db, actor: Actor, merchantId: string, storeId: string) {
  return db.transaction(async (tx) => {
    const before = await lockStore(tx, merchantId, storeId);
    if (before.closedAt) {
      throw new DomainError("INVALID_STATE", "storeClosed", "This store is already closed");
    }
    // Serialize closings of one merchant so two cannot close its last two open stores at once.
    await tx.execute(
      sql`select pg_advisory_xact_lock(hashtextextended(${`stores:${merchantId}`}, 0))`,
    );
    const [others] = await tx
      .select({ n: count() })
      .from(stores)
      .where(
        and(eq(stores.merchantId, merchantId), ne(stores.id, storeId), isNull(stores.closedAt)),
      );
    if (!others || others.n === 0) {
      throw new DomainError("INVALID_STATE", "lastOpenStore", "The last open store cannot close");
    }
    const now = new Date();
    const after = one(
      await tx
        .update(stores)
        .set({ closedAt: now, updatedAt: now })
        .where(and(eq(stores.id, storeId), eq(stores.merchantId, merchantId)))
        .returning(storeColumns),
      "updated row",
    );
    await recordAudit(tx, actor, {
      merchantId,
      action: "store.close",
      entityType: "store",
      entityId: storeId,
      before: { closedAt: null },
      after: { closedAt: now },
    });
    return after;
  });
}

export async function reopenStore(db: Db, actor: Actor, merchantId: string, storeId: string) {
  return db.transaction(async (tx) => {
    const before = await lockStore(tx, merchantId, storeId);
    if (!before.closedAt) {
      throw new DomainError("INVALID_STATE", "storeStillOpen", "This store is open");
    }
    const after = one(
      await tx
        .update(stores)
        .set({ closedAt: null, updatedAt: new Date() })
        .where(and(eq(stores.id, storeId), eq(stores.merchantId, merchantId)))
        .returning(storeColumns),
      "updated row",
    );
    await recordAudit(tx, actor, {
      merchantId,
      action: "store.reopen",
      entityType: "store",
      entityId: storeId,
      before: { closedAt: before.closedAt },
      after: { closedAt: null },
    });
    return after;
  });
}
