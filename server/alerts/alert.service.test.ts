import { and, desc, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { alerts, auditLog, merchants, outbox } from "@/db/schema";
import { engine, setupTestDatabase } from "@/test/db";
import { expectDomainError, expectTRPCError } from "@/test/expect";
import { contextFor, labelOf, seedMerchant } from "@/test/fixtures";
import type { Role } from "@/server/auth/roles.logic";
import { createCaller } from "@/server/trpc/root";
import { deliverDueMail } from "@/server/notices/outbox-delivery.service";
import type { OutgoingMail } from "@/server/notices/mailer";
import { alertEmailTopic, composeAlertEmail, enqueueAlertEmail } from "./alert-email.service";
import type { AlertEmailPayload } from "@/server/notices/outbox.logic";
import { raiseAlert, type NewAlert } from "./raise-alert.service";
import { acknowledgeAlert, countOpenAlerts, listAlerts, resolveAlert } from "./alert.service";

const { db } = setupTestDatabase();
type Seed = Awaited<ReturnType<typeof seedMerchant>>;
let a: Seed;
let b: Seed;

const as = (seed: Seed, role: Role) => createCaller(contextFor(db, seed.people[role]));
const actorOf = (seed: Seed, role: Role) => ({
  userId: seed.people[role].id,
  ip: null,
  userAgent: null,
});

/** Raises an alert through the one entry point and dates it `at`; returns its id. */
async function raised(seed: Seed, at: string, alert: Partial<NewAlert> = {}) {
  await raiseAlert(db, {
    merchantId: seed.merchant.id,
    kind: "duplicate_payment",
    entityType: "order",
    entityId: null,
    details: { amountMinor: "1000", currency: "CNY" },
    ...alert,
  });
  const [row] = await db
    .select({ id: alerts.id })
    .from(alerts)
    .where(eq(alerts.merchantId, seed.merchant.id))
    // The others were dated in the past: the newest is the one just raised.
    .orderBy(desc(alerts.createdAt))
    .limit(1);
  await db
    .update(alerts)
    .set({ createdAt: new Date(at) })
    .where(eq(alerts.id, row!.id));
  return row!.id;
}

const ids = (page: { rows: { id: string }[] }) => page.rows.map((r) => r.id);

describe(`the alerts console (${engine})`, () => {
  let made: Record<"spike" | "guess" | "dup" | "late", string>;

  beforeAll(async () => {
    a = await seedMerchant(db, "AlertsA");
    b = await seedMerchant(db, "AlertsB");
    await db
      .update(merchants)
      .set({ timeZone: "Asia/Shanghai" })
      .where(eq(merchants.id, a.merchant.id));
    made = {
      spike: await raised(a, "2026-03-01T10:00:00Z", {
        kind: "failure_spike",
        entityType: "payment_method",
      }),
      guess: await raised(a, "2026-03-02T10:00:00Z", {
        kind: "voucher_code_guessing",
        entityType: "user",
        entityId: a.people.staff.id,
        details: { wrongCodes: 10, windowMinutes: 15, deviceId: null, ip: null },
      }),
      dup: await raised(a, "2026-03-03T10:00:00Z"),
      // 00:30 on 4 March in Shanghai is still 3 March in UTC: the date filters read the shop's zone.
      late: await raised(a, "2026-03-03T16:30:00Z"),
    };
    await raised(b, "2026-03-03T12:00:00Z");
  });

  it("lists newest first in keyset pages, only the shop's own", async () => {
    const first = await listAlerts(db, a.merchant.id, { limit: 3 });
    expect(ids(first)).toEqual([made.late, made.dup, made.guess]);
    const second = await listAlerts(db, a.merchant.id, {
      limit: 3,
      cursor: first.nextCursor ?? undefined,
    });
    expect(ids(second)).toEqual([made.spike]);
    expect(second.nextCursor).toBeNull();
    const guess = first.rows.find((r) => r.id === made.guess)!;
    expect(guess.entityLabel).toBe(labelOf(a.people.staff));
  });

  it("filters by kind and by the shop's local days", async () => {
    expect(ids(await listAlerts(db, a.merchant.id, { kind: "voucher_code_guessing" }))).toEqual([
      made.guess,
    ]);
    expect(ids(await listAlerts(db, a.merchant.id, { from: "2026-03-04" }))).toEqual([made.late]);
    expect(
      ids(await listAlerts(db, a.merchant.id, { from: "2026-03-02", to: "2026-03-03" })),
    ).toEqual([made.dup, made.guess]);
  });

  it("acknowledges and resolves in one audited step each; the state filter and badge follow", async () => {
    const c = await seedMerchant(db, "AlertsC");
    const one = await raised(c, "2026-03-01T00:00:00Z");
    const two = await raised(c, "2026-03-02T00:00:00Z");
    const three = await raised(c, "2026-03-03T00:00:00Z");
    expect(await as(c, "manager").alerts.openCount()).toBe(3);

    await as(c, "manager").alerts.acknowledge({ alertId: one });
    await as(c, "owner").alerts.resolve({ alertId: two, note: "  Refunded the second payment " });
    await as(c, "manager").alerts.resolve({ alertId: one, note: "Checked with the provider" });
    expect(await as(c, "owner").alerts.openCount()).toBe(1);
    expect(ids(await listAlerts(db, c.merchant.id, { status: "open" }))).toEqual([three]);
    expect(ids(await listAlerts(db, c.merchant.id, { status: "resolved" }))).toEqual([two, one]);

    const row = await as(c, "owner").alerts.byId({ alertId: two });
    expect(row).toMatchObject({
      status: "resolved",
      resolutionNote: "Refunded the second payment",
      resolvedByName: labelOf(c.people.owner),
    });
    const first = await as(c, "owner").alerts.byId({ alertId: one });
    expect(first.acknowledgedByName).toBe(labelOf(c.people.manager));
    const audit = await db
      .select({ action: auditLog.action, entityId: auditLog.entityId, actor: auditLog.actorUserId })
      .from(auditLog)
      .where(and(eq(auditLog.merchantId, c.merchant.id), eq(auditLog.entityType, "alert")))
      .orderBy(auditLog.seq);
    expect(audit).toEqual([
      { action: "alert.acknowledge", entityId: one, actor: c.people.manager.id },
      { action: "alert.resolve", entityId: two, actor: c.people.owner.id },
      { action: "alert.resolve", entityId: one, actor: c.people.manager.id },
    ]);

    // Past its step: resolved is final, and acknowledging twice is refused.
    await expectDomainError(
      acknowledgeAlert(db, actorOf(c, "owner"), c.merchant.id, two),
      "INVALID_STATE",
      "alertAlreadyHandled",
    );
    await expectDomainError(
      resolveAlert(db, actorOf(c, "owner"), c.merchant.id, { alertId: one, note: "again" }),
      "INVALID_STATE",
      "alertAlreadyHandled",
    );
    await expectDomainError(
      resolveAlert(db, actorOf(c, "owner"), c.merchant.id, { alertId: three, note: "   " }),
      "VALIDATION",
      "alertNoteRequired",
    );
  });

  it("refuses another shop, cashiers and analysts, and a resolve without a note", async () => {
    await expectDomainError(
      acknowledgeAlert(db, actorOf(b, "owner"), b.merchant.id, made.dup),
      "NOT_FOUND",
      "alertNotFound",
    );
    expect((await expectTRPCError(as(b, "owner").alerts.byId({ alertId: made.dup }))).code).toBe(
      "NOT_FOUND",
    );
    expect(
      (await expectTRPCError(as(b, "manager").alerts.resolve({ alertId: made.dup, note: "x" })))
        .code,
    ).toBe("NOT_FOUND");
    for (const role of ["staff", "analyst"] as const) {
      expect((await expectTRPCError(as(a, role).alerts.list({}))).code).toBe("FORBIDDEN");
      expect((await expectTRPCError(as(a, role).alerts.openCount())).code).toBe("FORBIDDEN");
      expect(
        (await expectTRPCError(as(a, role).alerts.acknowledge({ alertId: made.dup }))).code,
      ).toBe("FORBIDDEN");
      expect(
        (await expectTRPCError(as(a, role).alerts.resolve({ alertId: made.dup, note: "x" }))).code,
      ).toBe("FORBIDDEN");
    }
    expect(
      (await expectTRPCError(as(a, "manager").alerts.resolve({ alertId: made.dup, note: "" })))
        .code,
    ).toBe("BAD_REQUEST");
    const [row] = await db.select().from(alerts).where(eq(alerts.id, made.dup));
    expect(row!.status).toBe("open");
  });

  it("counts the badge per shop: each shop sees its own open alerts", async () => {
    expect(await countOpenAlerts(db, a.merchant.id)).toBe(4);
    expect(await as(b, "owner").alerts.openCount()).toBe(1);
    expect(await as(a, "manager").alerts.openCount()).toBe(4);
  });
});

describe(`e-mail to owners on each alert (${engine})`, () => {
  const mailsOf = async (merchantId: string) =>
    db
      .select()
      .from(outbox)
      .where(and(eq(outbox.merchantId, merchantId), eq(outbox.topic, alertEmailTopic)));

  it("writes nothing while the setting is off", async () => {
    const off = await seedMerchant(db, "MailOff");
    await raised(off, "2026-03-01T00:00:00Z");
    expect(await mailsOf(off.merchant.id)).toEqual([]);
    expect(await as(off, "manager").alerts.emailSetting()).toMatchObject({ enabled: false });
  });

  it("when the owner turns it on, one message per alert, sent to every owner", async () => {
    const on = await seedMerchant(db, "MailOn");
    expect(
      (await expectTRPCError(as(on, "manager").alerts.setEmailSetting({ enabled: true }))).code,
    ).toBe("FORBIDDEN");
    await as(on, "owner").alerts.setEmailSetting({ enabled: true });
    expect(await as(on, "owner").alerts.emailSetting()).toMatchObject({ enabled: true });
    const id = await raised(on, "2026-03-01T00:00:00Z", {
      details: { amountMinor: "12345", currency: "CNY" },
    });
    const mails = await mailsOf(on.merchant.id);
    expect(mails).toHaveLength(1);
    expect(mails[0]).toMatchObject({ dedupeKey: `alert:${id}`, payload: { alertId: id } });

    // Written once per alert: the same key again is dropped.
    await db.transaction((tx) => enqueueAlertEmail(tx, on.merchant.id, id));
    expect(await mailsOf(on.merchant.id)).toHaveLength(1);

    const mail = await composeAlertEmail(
      db,
      mails[0]!.payload as AlertEmailPayload,
      "https://shop.example",
    );
    expect(mail?.to).toBe(on.people.owner.email);
    // The shop's language (Chinese by default) and the money formatted from minor units.
    expect(mail?.subject).toContain("重复支付");
    expect(mail?.text).toContain("¥123.45");
    expect(mail?.text).toContain(`https://shop.example/alerts/${id}`);

    const sent: OutgoingMail[] = [];
    const result = await deliverDueMail(
      db,
      async (m) => {
        sent.push(m);
      },
      alertEmailTopic,
      (db, row) => composeAlertEmail(db, row.payload as AlertEmailPayload, "https://shop.example"),
    );
    expect(result.sent).toBeGreaterThanOrEqual(1);
    expect(sent.filter((m) => m.text.includes(id))).toHaveLength(1);
    const [after] = await mailsOf(on.merchant.id);
    expect(after!.state).toBe("sent");
    const audit = await db
      .select({ action: auditLog.action })
      .from(auditLog)
      .where(
        and(eq(auditLog.merchantId, on.merchant.id), eq(auditLog.action, "merchant.alert_emails")),
      );
    expect(audit).toHaveLength(1);
  });
});
