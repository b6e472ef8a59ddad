import { and, asc, eq, max } from "drizzle-orm";
import { catalogueItems, merchants, stores } from "@/db/schema";
import type { Db, DbOrTx, Tx } from "@/db/types";
import { one } from "@/db/one";
import { recordAudit, type Actor } from "@/server/audit/audit.service";
import { DomainError } from "@/server/errors";
import type {
  CreateCatalogueItemInput,
  MoveCatalogueItemInput,
  UpdateCatalogueItemInput,
} from "./catalogue.schema";

const itemColumns = {
  id: catalogueItems.id,
  storeId: catalogueItems.storeId,
  name: catalogueItems.name,
  priceMinor: catalogueItems.priceMinor,
  currency: catalogueItems.currency,
  position: catalogueItems.position,
  enabled: catalogueItems.enabled,
};
export type CatalogueItem = {
  [K in keyof typeof itemColumns]: (typeof catalogueItems.$inferSelect)[K];
};

const audited = (item: CatalogueItem) => ({
  storeId: item.storeId,
  name: item.name,
  priceMinor: item.priceMinor,
  currency: item.currency,
  position: item.position,
  enabled: item.enabled,
});

/** A store's catalogue in quick-key order; the counter asks for the enabled items only. */
export async function listCatalogue(
  db: DbOrTx,
  merchantId: string,
  storeId: string,
  opts: { enabledOnly: boolean },
) {
  const rows = await db
    .select(itemColumns)
    .from(catalogueItems)
    .where(
      and(
        eq(catalogueItems.merchantId, merchantId),
        eq(catalogueItems.storeId, storeId),
        opts.enabledOnly ? eq(catalogueItems.enabled, true) : undefined,
      ),
    )
    .orderBy(asc(catalogueItems.position), asc(catalogueItems.createdAt));
  return rows;
}

/** Locks the store's catalogue (its store row), so positions are handed out one at a time. */
async function lockStore(tx: Tx, merchantId: string, storeId: string) {
  const [store] = await tx
    .select({ id: stores.id, currency: merchants.defaultCurrency })
    .from(stores)
    .innerJoin(merchants, eq(merchants.id, stores.merchantId))
    // Another merchant's store is "not found": ids do not leak across shops.
    .where(and(eq(stores.id, storeId), eq(stores.merchantId, merchantId)))
    .for("update", { of: stores });
  if (!store) throw new DomainError("NOT_FOUND", "storeNotFound", "Store not found");
  return store;
}

async function lockItem(tx: Tx, merchantId: string, itemId: string): Promise<CatalogueItem> {
  const [item] = await tx
    .select(itemColumns)
    .from(catalogueItems)
    .where(and(eq(catalogueItems.id, itemId), eq(catalogueItems.merchantId, merchantId)))
    .for("update");
  if (!item) throw new DomainError("NOT_FOUND", "catalogueItemNotFound", "Item not found");
  return item;
}

/** Adds an item at the end of the store's quick keys, priced in the shop's currency. */
export async function createCatalogueItem(
  db: Db,
  actor: Actor,
  merchantId: string,
  input: CreateCatalogueItemInput,
) {
  return db.transaction(async (tx) => {
    const store = await lockStore(tx, merchantId, input.storeId);
    const [last] = await tx
      .select({ position: max(catalogueItems.position) })
      .from(catalogueItems)
      .where(eq(catalogueItems.storeId, store.id));
    const item = one(
      await tx
        .insert(catalogueItems)
        .values({
          merchantId,
          storeId: store.id,
          name: input.name,
          priceMinor: input.priceMinor,
          currency: store.currency,
          position: (last?.position ?? -1) + 1,
          enabled: input.enabled,
        })
        .returning(itemColumns),
    );
    await recordAudit(tx, actor, {
      merchantId,
      action: "catalogue_item.create",
      entityType: "catalogue_item",
      entityId: item.id,
      after: audited(item),
    });
    return item;
  });
}

/** Renames, reprices, enables or disables an item; orders already made keep their copy. */
export async function updateCatalogueItem(
  db: Db,
  actor: Actor,
  merchantId: string,
  input: UpdateCatalogueItemInput,
) {
  return db.transaction(async (tx) => {
    const before = await lockItem(tx, merchantId, input.itemId);
    const after = one(
      await tx
        .update(catalogueItems)
        .set({
          name: input.name,
          priceMinor: input.priceMinor,
          enabled: input.enabled,
          updatedAt: new Date(),
        })
        .where(and(eq(catalogueItems.id, before.id), eq(catalogueItems.merchantId, merchantId)))
        .returning(itemColumns),
    );
    await recordAudit(tx, actor, {
      merchantId,
      action: "catalogue_item.update",
      entityType: "catalogue_item",
      entityId: after.id,
      before: audited(before),
      after: audited(after),
    });
    return after;
  });
}

/** Swaps an item with its neighbour above or below: the quick keys' order (and letters). */
export async function moveCatalogueItem(
  db: Db,
  actor: Actor,
  merchantId: string,
  input: MoveCatalogueItemInput,
) {
  return db.transaction(async (tx) => {
    const item = await lockItem(tx, merchantId, input.itemId);
    await lockStore(tx, merchantId, item.storeId);
    const list = await listCatalogue(tx, merchantId, item.storeId, { enabledOnly: false });
    const at = list.findIndex((i) => i.id === item.id);
    const other = list[input.direction === "up" ? at - 1 : at + 1];
    if (!other) return list;
    // Positions are renumbered from the list's order, so equal or sparse ones cannot stall a move.
    const reordered = list.map((i) => (i.id === item.id ? other : i.id === other.id ? item : i));
    for (const [position, row] of reordered.entries()) {
      if (row.position === position) continue;
      await tx
        .update(catalogueItems)
        .set({ position, updatedAt: new Date() })
        .where(and(eq(catalogueItems.id, row.id), eq(catalogueItems.merchantId, merchantId)));
    }
    await recordAudit(tx, actor, {
      merchantId,
      action: "catalogue_item.move",
      entityType: "catalogue_item",
      entityId: item.id,
      before: { position: at },
      after: { position: reordered.findIndex((i) => i.id === item.id) },
    });
    return listCatalogue(tx, merchantId, item.storeId, { enabledOnly: false });
  });
}

/** Removes an item from the catalogue; orders that hold it keep their own copy of it. */
export async function removeCatalogueItem(
  db: Db,
  actor: Actor,
  merchantId: string,
  itemId: string,
) {
  return db.transaction(async (tx) => {
    const before = await lockItem(tx, merchantId, itemId);
    await tx
      .delete(catalogueItems)
      .where(and(eq(catalogueItems.id, before.id), eq(catalogueItems.merchantId, merchantId)));
    await recordAudit(tx, actor, {
      merchantId,
      action: "catalogue_item.remove",
      entityType: "catalogue_item",
      entityId: before.id,
      before: audited(before),
    });
  });
}
