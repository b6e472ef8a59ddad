import { and, eq, notInArray, sql } from "drizzle-orm";
import { guides, merchants, practiceShops } from "@/db/schema";
import type { Db, Tx } from "@/db/types";
import { recordAudit, type Actor } from "@/server/audit/audit.service";
import { writeContents } from "./guide.service";
import { loadShippedGuides, type ShippedGuide } from "./shipped-guides";
import { one } from "@/db/one";

const seeder: Actor = { userId: null, ip: null, userAgent: null };

/**
 * Gives a merchant the shipped guides: new ones are added at version 1; one whose shipped text
 * changed since it was copied is replaced and its version raised (so staff read it again),
 * unless the merchant has edited it — their text wins. Runs inside the caller's transaction.
 */
export async function seedShippedGuides(
  tx: Tx,
  merchantId: string,
  shipped: ShippedGuide[] = loadShippedGuides(),
): Promise<{ added: number; updated: number }> {
  // Two instances starting together must not both add the same guide.
  await tx.execute(
    sql`select pg_advisory_xact_lock(hashtextextended(${`guides:${merchantId}`}, 0))`,
  );
  let added = 0;
  let updated = 0;
  for (const s of shipped) {
    const [existing] = await tx
      .select({
        id: guides.id,
        version: guides.version,
        shippedHash: guides.shippedHash,
        editedAt: guides.editedAt,
      })
      .from(guides)
      .where(and(eq(guides.merchantId, merchantId), eq(guides.slug, s.slug)));
    if (!existing) {
      const row = one(
        await tx
          .insert(guides)
          .values({
            merchantId,
            slug: s.slug,
            roles: s.roles,
            quiz: s.quiz,
            sortOrder: s.order,
            shippedHash: s.hash,
          })
          .returning({ id: guides.id }),
      );
      await writeContents(tx, row.id, s.contents);
      await recordAudit(tx, seeder, {
        merchantId,
        action: "guide.seed",
        entityType: "guide",
        entityId: row.id,
        after: { slug: s.slug, version: 1 },
      });
      added++;
      continue;
    }
    if (existing.shippedHash === s.hash || existing.editedAt !== null) continue;
    await tx
      .update(guides)
      .set({
        roles: s.roles,
        quiz: s.quiz,
        sortOrder: s.order,
        shippedHash: s.hash,
        version: existing.version + 1,
        updatedAt: new Date(),
      })
      .where(eq(guides.id, existing.id));
    await writeContents(tx, existing.id, s.contents);
    await recordAudit(tx, seeder, {
      merchantId,
      action: "guide.reseed",
      entityType: "guide",
      entityId: existing.id,
      before: { slug: s.slug, version: existing.version },
      after: { slug: s.slug, version: existing.version + 1 },
    });
    updated++;
  }
  return { added, updated };
}

/**
 * At start-up: every merchant gets the guides of this release. One read finds the merchants
 * whose copies are missing or stale, so a restart with nothing new costs a single query.
 * Practice shops have none: trainees read the guides of their real shop.
 */
export async function seedShippedGuidesForAll(db: Db) {
  const shipped = loadShippedGuides();
  const [all, copies] = await Promise.all([
    db
      .select({ id: merchants.id })
      .from(merchants)
      .where(
        notInArray(merchants.id, db.select({ id: practiceShops.merchantId }).from(practiceShops)),
      ),
    db
      .select({
        merchantId: guides.merchantId,
        slug: guides.slug,
        shippedHash: guides.shippedHash,
        edited: sql<boolean>`${guides.editedAt} is not null`,
      })
      .from(guides),
  ]);
  const upToDate = new Set(
    copies
      .filter((c) => c.edited || shipped.some((s) => s.slug === c.slug && s.hash === c.shippedHash))
      .map((c) => `${c.merchantId}:${c.slug}`),
  );
  for (const m of all) {
    if (shipped.every((s) => upToDate.has(`${m.id}:${s.slug}`))) continue;
    await db.transaction((tx) => seedShippedGuides(tx, m.id, shipped));
  }
}
