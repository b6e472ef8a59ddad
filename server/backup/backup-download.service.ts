import { createReadStream, createWriteStream } from "node:fs";
import { rm, stat } from "node:fs/promises";
import path from "node:path";
import { Readable } from "node:stream";
import { sql } from "drizzle-orm";
import type { Engine } from "@/db/open";
import { merchants, practiceShops } from "@/db/schema";
import type { Db } from "@/db/types";
import { recordAudit, type Actor } from "@/server/audit/audit.service";
import { backsUp } from "@/server/auth/roles.logic";
import { DomainError } from "@/server/errors";
import { domainErrorResponse } from "@/server/http/domain-error-response";
import { requestLocale } from "@/server/http/locale";
import { isForeignRequest } from "@/server/http/same-origin.logic";
import { requireStepUp } from "@/server/account/step-up.service";
import { makeTempFolder } from "@/server/housekeeping/temp-files";
import { actingMembership, type MembershipRequest } from "@/server/team/membership.service";
import type { SessionUser } from "@/server/trpc/init";
import { backupDownloadInput } from "./backup.schema";
import { recordBackupRun } from "./backup-runs.service";
import { writeBackup } from "./backup.service";

/**
 * The shops in this install other than `merchantId` and its practice shop. A backup holds the
 * whole database, so an owner may take one only when every shop in it is theirs to read.
 */
export async function otherShopCount(db: Db, merchantId: string): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(merchants)
    .where(
      sql`${merchants.id} <> ${merchantId} and not exists (
        select 1 from ${practiceShops} where ${practiceShops.merchantId} = ${merchants.id}
          and ${practiceShops.parentMerchantId} = ${merchantId})`,
    );
  return row?.n ?? 0;
}

/** What the Settings → Backup card shows the owner. */
export async function backupAvailability(db: Db, merchantId: string) {
  const others = await otherShopCount(db, merchantId);
  return { allowed: others === 0, otherShops: others };
}

export interface BackupDownloadContext extends MembershipRequest {
  db: Db;
  engine: Engine;
  user: SessionUser | null;
  meta: Omit<Actor, "userId">;
  /** The time a step-up's age is judged by; tests set it. */
  now?: () => Date;
  /** The public origin (APP_URL), accepted as well as the Host the request came by. */
  appUrl?: string;
}

/**
 * `POST /api/backup` (form field `passphrase`, optional): the owner (401, 403) of the install's
 * only shop (409 otherwise), audited, then the archive as a download. The snapshot is written
 * to a temporary file first, so the database (the embedded one has a single connection) is
 * never held by a slow download, and a failure answers with an error, not a broken file.
 */
export async function backupDownloadResponse(
  ctx: BackupDownloadContext,
  req: Request,
): Promise<Response> {
  const locale = requestLocale(req.headers, null, ctx.user?.locale);
  let dir: string | undefined;
  try {
    // Asked for only from the console's own page, as its other changes are: the session cookie
    // (SameSite=Lax) still rides on a form posted by another page of the same site (another
    // port of the shop's machine), which would write an audit row and start a download.
    if (isForeignRequest(req.headers, ctx.appUrl)) {
      throw new DomainError("FORBIDDEN", "crossSiteRefused", "Cross-site request refused");
    }
    if (!ctx.user) throw new DomainError("UNAUTHORIZED", "signedOut", "Sign in first");
    const membership = await actingMembership(ctx.db, ctx.user, ctx);
    if (!backsUp.includes(membership.role)) {
      throw new DomainError("FORBIDDEN", "roleForbidden", "Your role may not do this");
    }
    // The whole database leaves the building: asked again after a few minutes, as in tRPC.
    await requireStepUp(ctx.db, ctx.user, ctx.now?.());
    const form = await req.formData().catch(() => new FormData());
    const input = backupDownloadInput.safeParse({
      passphrase: form.get("passphrase") ?? undefined,
    });
    if (!input.success) {
      throw new DomainError("VALIDATION", "backupPassphraseShort", "Passphrase too short");
    }
    const others = await otherShopCount(ctx.db, membership.merchantId);
    if (others > 0) {
      throw new DomainError(
        "CONFLICT",
        "backupSeveralShops",
        "This install holds other shops; a backup would hold them too",
        { count: others },
      );
    }
    const encrypted = input.data.passphrase !== undefined;
    await ctx.db.transaction((tx) =>
      recordAudit(
        tx,
        { userId: ctx.user?.id ?? null, ...ctx.meta },
        {
          merchantId: membership.merchantId,
          action: "backup.download",
          entityType: "merchant",
          entityId: membership.merchantId,
          after: { encrypted },
        },
      ),
    );
    const startedAt = new Date();
    dir = await makeTempFolder("backup");
    const file = path.join(dir, "backup");
    await writeBackup(ctx, createWriteStream(file), { passphrase: input.data.passphrase });
    const stamp = new Date()
      .toISOString()
      .replace(/[-:]/g, "")
      .replace(/\.\d+Z$/, "Z");
    const fileName = `hexiao-${stamp}.backup`;
    // For the operations page: when the owner last took one (not read back: it leaves with them).
    await recordBackupRun(ctx.db, {
      trigger: "manual",
      startedAt,
      fileName,
      sizeBytes: (await stat(file)).size,
      encrypted,
      ok: true,
    });
    const removeDir = dir;
    dir = undefined;
    const stream = createReadStream(file);
    stream.once("close", () => void rm(removeDir, { recursive: true, force: true }));
    return new Response(Readable.toWeb(stream) as ReadableStream<Uint8Array>, {
      headers: {
        "content-type": "application/octet-stream",
        "content-disposition": `attachment; filename="${fileName}"`,
        "cache-control": "no-store",
      },
    });
  } catch (err) {
    return domainErrorResponse(err, locale);
  } finally {
    if (dir) await rm(dir, { recursive: true, force: true });
  }
}
