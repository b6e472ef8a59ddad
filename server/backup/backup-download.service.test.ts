import { Readable } from "node:stream";
import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { auditLog, backupRuns } from "@/db/schema";
import { openTestDatabase, setupTestDatabase } from "@/test/db";
import { seedMerchant } from "@/test/fixtures";
import type { Role } from "@/server/auth/roles.logic";
import type { ActiveMembership } from "@/server/team/membership.service";
import { backupDownloadResponse } from "./backup-download.service";
import { restoreBackup } from "./restore.service";

const testDb = setupTestDatabase();
const { db } = testDb;
let shop: Awaited<ReturnType<typeof seedMerchant>>;

beforeAll(async () => {
  shop = await seedMerchant(db, "Backup");
});

function download(
  role: Role | null,
  passphrase?: string,
  now?: Date,
  membership?: ActiveMembership | null,
  headers: Record<string, string> = {},
) {
  const form = new FormData();
  if (passphrase !== undefined) form.set("passphrase", passphrase);
  return backupDownloadResponse(
    {
      db,
      engine: testDb.opened.engine,
      user: role ? shop.people[role] : null,
      preferredMerchantId: shop.merchant.id,
      meta: { ip: "192.0.2.7", userAgent: "test" },
      ...(now ? { now: () => now } : {}),
      ...(membership !== undefined ? { membership } : {}),
    },
    new Request("http://localhost/api/backup", {
      method: "POST",
      body: form,
      headers: { "accept-language": "en", ...headers },
    }),
  );
}

describe("POST /api/backup", () => {
  it("asks the owner to confirm it's them when the session's step-up is old: 403", async () => {
    const response = await download("owner", undefined, new Date(Date.now() + 3_600_000));
    expect(response.status).toBe(403);
    expect(response.headers.get("x-message-key")).toBe("stepUpRequired");
    expect(await response.text()).toMatch(/Confirm it's you/);
  });

  it("gives the owner of the only shop a backup that restores, and audits it", async () => {
    const response = await download("owner", "a long passphrase");
    expect(response.status).toBe(200);
    expect(response.headers.get("content-disposition")).toMatch(
      /^attachment; filename="hexiao-.*\.backup"$/,
    );
    const bytes = Buffer.from(await response.arrayBuffer());
    const target = await openTestDatabase({ migrate: false });
    try {
      const report = await restoreBackup(() => Readable.from([bytes]), target, {
        passphrase: "a long passphrase",
      });
      expect(report.tables.find((t) => t.name === "merchants")?.rows).toBe(1);
    } finally {
      await target.close();
    }
    const audited = await db
      .select()
      .from(auditLog)
      .where(
        and(eq(auditLog.merchantId, shop.merchant.id), eq(auditLog.action, "backup.download")),
      );
    expect(audited).toHaveLength(1);
    expect(audited[0]?.actorUserId).toBe(shop.people.owner.id);
    expect(audited[0]?.after).toEqual({ encrypted: true });
    // The operations page's "last backup" sees it.
    const runs = await db.select().from(backupRuns);
    expect(runs).toEqual([
      expect.objectContaining({ trigger: "manual", ok: true, verified: false, encrypted: true }),
    ]);
    expect(runs[0]?.sizeBytes).toBe(bytes.length);
    expect(response.headers.get("content-disposition")).toContain(runs[0]?.fileName);
  });

  // The form posted by another page of the same site (another port of the shop's machine)
  // carries the owner's session cookie (SameSite=Lax).
  it("refuses a backup asked for from another site's page with 403, auditing nothing", async () => {
    const audited = () =>
      db
        .select()
        .from(auditLog)
        .where(
          and(eq(auditLog.merchantId, shop.merchant.id), eq(auditLog.action, "backup.download")),
        );
    const before = (await audited()).length;
    const foreign: Record<string, string>[] = [
      { origin: "http://evil.example" },
      { origin: "http://localhost:8080", host: "localhost" },
      { "sec-fetch-site": "cross-site" },
    ];
    for (const headers of foreign) {
      const response = await download("owner", "a long passphrase", undefined, undefined, headers);
      expect(response.status, JSON.stringify(headers)).toBe(403);
      expect(await response.text()).toMatch(/another site's page/);
    }
    expect(await audited()).toHaveLength(before);
    // The console's own page is heard.
    const own = await download("owner", undefined, undefined, undefined, {
      origin: "http://localhost",
      host: "localhost",
      "sec-fetch-site": "same-origin",
    });
    expect(own.status).toBe(200);
  });

  it("refuses anyone but the owner, and a passphrase too short to protect anything", async () => {
    expect((await download(null)).status).toBe(401);
    for (const role of ["manager", "staff", "analyst"] as const) {
      expect((await download(role)).status).toBe(403);
    }
    // The membership read with the session is the one acted on: not read again.
    const asManager = { merchantId: shop.merchant.id, merchantName: "", role: "manager" as const };
    expect((await download("owner", undefined, undefined, null)).status).toBe(403);
    const managing = await download("owner", undefined, undefined, {
      ...asManager,
      twoFactorRequired: false,
    });
    expect(managing.headers.get("x-message-key")).toBe("roleForbidden");
    const short = await download("owner", "short");
    expect(short.status).toBe(400);
    expect(await short.text()).toMatch(/at least 8 characters/);
  });

  it("refuses politely once the install holds another shop, whose data the file would carry", async () => {
    await seedMerchant(db, "Neighbour");
    const response = await download("owner");
    expect(response.status).toBe(409);
    expect(await response.text()).toMatch(/another shop/);
  });
});
