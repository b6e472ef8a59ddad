import { describe, expect, it } from "vitest";
import { engine, setupTestDatabase } from "@/test/db";
import { seedMerchant } from "@/test/fixtures";
import { listAudit, verifyAuditChain, type Actor } from "@/server/audit/audit.service";
import { DomainError } from "@/server/errors";
import {
  getMerchantBasics,
  getMerchantSettings,
  listStores,
  updateMerchantSettings,
  updateRefundApproval,
} from "./merchant.service";

const { db } = setupTestDatabase();

describe(`merchant settings (${engine})`, () => {
  it("sets and clears the owner's refund approval amount, audited", async () => {
    const { merchant, people } = await seedMerchant(db, "Refund rule");
    const actor: Actor = { userId: people.owner.id, ip: null, userAgent: null };
    expect((await getMerchantSettings(db, merchant.id)).refundApprovalThresholdMinor).toBeNull();
    await updateRefundApproval(db, actor, merchant.id, { thresholdMinor: 50_000n });
    expect((await getMerchantSettings(db, merchant.id)).refundApprovalThresholdMinor).toBe(50_000n);
    await updateRefundApproval(db, actor, merchant.id, { thresholdMinor: null });
    expect((await getMerchantSettings(db, merchant.id)).refundApprovalThresholdMinor).toBeNull();
    const audit = await listAudit(db, merchant.id); // newest first
    expect(audit.map((a) => [a.action, a.before, a.after])).toEqual([
      ["merchant.refund_approval.update", { thresholdMinor: "50000" }, { thresholdMinor: null }],
      ["merchant.refund_approval.update", { thresholdMinor: null }, { thresholdMinor: "50000" }],
    ]);
  });

  it("starts with the defaults of a new merchant", async () => {
    const { merchant } = await seedMerchant(db, "Defaults");
    expect(await getMerchantSettings(db, merchant.id)).toMatchObject({
      id: merchant.id,
      name: merchant.name,
      timeZone: "Asia/Shanghai",
      defaultCurrency: "CNY",
      locale: "zh-CN",
    });
    expect(await getMerchantBasics(db, merchant.id)).toEqual({
      name: merchant.name,
      timeZone: "Asia/Shanghai",
      defaultCurrency: "CNY",
    });
  });

  it("saves new settings, returns them, reads them back, and audits before and after", async () => {
    const { merchant, people } = await seedMerchant(db, "Update");
    const actor: Actor = { userId: people.owner.id, ip: "198.51.100.9", userAgent: "Safari" };
    const before = await getMerchantSettings(db, merchant.id);
    const input = {
      name: "Harbour Tea",
      timeZone: "Europe/Berlin",
      defaultCurrency: "EUR",
      locale: "en",
    } as const;

    const returned = await updateMerchantSettings(db, actor, merchant.id, input);

    expect(returned).toMatchObject({ id: merchant.id, ...input });
    expect(returned.updatedAt.getTime()).toBeGreaterThanOrEqual(before.updatedAt.getTime());
    expect(await getMerchantSettings(db, merchant.id)).toEqual(returned);

    const audit = await listAudit(db, merchant.id);
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({
      seq: 1,
      action: "merchant.settings.update",
      entityType: "merchant",
      entityId: merchant.id,
      actorUserId: people.owner.id,
      ipAddress: "198.51.100.9",
      userAgent: "Safari",
      before: {
        name: merchant.name,
        timeZone: "Asia/Shanghai",
        defaultCurrency: "CNY",
        locale: "zh-CN",
      },
      after: input,
    });
    expect(await verifyAuditChain(db, merchant.id)).toBeNull();
  });

  it("chains successive updates, each audit's before being the previous after", async () => {
    const { merchant, people } = await seedMerchant(db, "Twice");
    const actor: Actor = { userId: people.owner.id, ip: null, userAgent: null };
    const first = {
      name: "One",
      timeZone: "Asia/Tokyo",
      defaultCurrency: "JPY",
      locale: "en",
    } as const;
    const second = {
      name: "Two",
      timeZone: "UTC",
      defaultCurrency: "USD",
      locale: "zh-CN",
    } as const;
    await updateMerchantSettings(db, actor, merchant.id, first);
    await updateMerchantSettings(db, actor, merchant.id, second);

    expect(await getMerchantSettings(db, merchant.id)).toMatchObject(second);
    const [latest, earlier] = await listAudit(db, merchant.id);
    expect(earlier).toMatchObject({ seq: 1, after: first });
    expect(latest).toMatchObject({ seq: 2, before: first, after: second });
    expect(await verifyAuditChain(db, merchant.id)).toBeNull();
  });

  it("changes only the merchant it is given", async () => {
    const a = await seedMerchant(db, "OnlyA");
    const b = await seedMerchant(db, "OnlyB");
    const actor: Actor = { userId: a.people.owner.id, ip: null, userAgent: null };
    await updateMerchantSettings(db, actor, a.merchant.id, {
      name: "A renamed",
      timeZone: "UTC",
      defaultCurrency: "USD",
      locale: "en",
    });

    expect(await getMerchantSettings(db, b.merchant.id)).toMatchObject({
      name: b.merchant.name,
      timeZone: "Asia/Shanghai",
    });
    expect(await listAudit(db, b.merchant.id)).toEqual([]);
  });

  it("reports an unknown merchant as NOT_FOUND", async () => {
    const missing = "00000000-0000-4000-8000-000000000000";
    await expect(getMerchantSettings(db, missing)).rejects.toMatchObject({
      code: "NOT_FOUND",
      messageKey: "merchantNotFound",
    });
    const error = await updateMerchantSettings(
      db,
      { userId: null, ip: null, userAgent: null },
      missing,
      {
        name: "x",
        timeZone: "UTC",
        defaultCurrency: "USD",
        locale: "en",
      },
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DomainError);
    expect(error).toMatchObject({ code: "NOT_FOUND" });
  });

  it("lists the merchant's stores only", async () => {
    const a = await seedMerchant(db, "StoresA");
    const b = await seedMerchant(db, "StoresB");
    expect(await listStores(db, a.merchant.id)).toEqual([
      { id: a.store.id, name: a.store.name, address: null },
    ]);
    expect((await listStores(db, b.merchant.id)).map((s) => s.id)).toEqual([b.store.id]);
  });
});
