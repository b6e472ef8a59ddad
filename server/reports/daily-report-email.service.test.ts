import { randomBytes } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { auditLog, orders, outbox, paymentAttempts, users } from "@/db/schema";
import { engine, setupTestDatabase } from "@/test/db";
import { expectTRPCError } from "@/test/expect";
import { contextFor } from "@/test/fixtures";
import { seedPayments, type PaymentsSeed } from "@/test/payments";
import type { Role } from "@/server/auth/roles.logic";
import type { OutgoingMail } from "@/server/notices/mailer";
import { outboxConsumers } from "@/server/notices/outbox-delivery.service";
import { createCaller } from "@/server/trpc/root";
import { enqueueDueDailyReports, reportEmailTopic } from "./daily-report-email.service";

const { db } = setupTestDatabase();
const as = (seed: PaymentsSeed, role: Role) => createCaller(contextFor(db, seed.people[role]));

let on: PaymentsSeed;
let off: PaymentsSeed;

const mailsOf = (merchantId: string) =>
  db
    .select()
    .from(outbox)
    .where(and(eq(outbox.merchantId, merchantId), eq(outbox.topic, reportEmailTopic)));

/** Asia/Shanghai is UTC+8: 00:00Z is 08:00 there. */
const run = (iso: string, mailConfigured = true) =>
  enqueueDueDailyReports(db, { mailConfigured, now: new Date(iso) });

beforeAll(async () => {
  on = await seedPayments(db, "MailReport");
  off = await seedPayments(db, "NoMailReport");
  // The owner reads English; the shop's language is Chinese (the default).
  await db.update(users).set({ locale: "en" }).where(eq(users.id, on.people.owner.id));
  // 2026-11-21 in Shanghai: one cash payment of 12.34.
  const [order] = await db
    .insert(orders)
    .values({
      merchantId: on.merchant.id,
      storeId: on.store.id,
      number: "MAIL-1",
      status: "paid",
      currency: "CNY",
      amountMinor: 1234n,
      createdAt: new Date("2026-11-21T03:00:00Z"),
      paidAt: new Date("2026-11-21T03:00:00Z"),
    })
    .returning();
  await db.insert(paymentAttempts).values({
    merchantId: on.merchant.id,
    orderId: order!.id,
    methodId: on.cash.id,
    methodKind: "cash",
    token: randomBytes(12).toString("hex"),
    status: "succeeded",
    amountMinor: 1234n,
    currency: "CNY",
    feeMinor: 0n,
    expiresAt: new Date("2026-11-21T03:00:00Z"),
    succeededAt: new Date("2026-11-21T03:00:00Z"),
  });
});

describe(`daily report e-mail (${engine})`, () => {
  it("is off by default, set by the owner only (audited), read by no one else", async () => {
    expect(await as(on, "owner").reports.emailSetting()).toMatchObject({
      enabled: false,
      hour: 8,
    });
    for (const role of ["manager", "analyst", "staff"] as const) {
      expect((await expectTRPCError(as(on, role).reports.emailSetting())).code).toBe("FORBIDDEN");
      expect(
        (await expectTRPCError(as(on, role).reports.setEmailSetting({ enabled: true, hour: 8 })))
          .code,
      ).toBe("FORBIDDEN");
    }
    expect(
      (await expectTRPCError(as(on, "owner").reports.setEmailSetting({ enabled: true, hour: 24 })))
        .code,
    ).toBe("BAD_REQUEST");
    await as(on, "owner").reports.setEmailSetting({ enabled: true, hour: 8 });
    expect(await as(on, "owner").reports.emailSetting()).toMatchObject({ enabled: true, hour: 8 });
    const audit = await db
      .select({ after: auditLog.after })
      .from(auditLog)
      .where(
        and(
          eq(auditLog.merchantId, on.merchant.id),
          eq(auditLog.action, "merchant.daily_report_email"),
        ),
      );
    expect(audit).toEqual([{ after: { enabled: true, hour: 8 } }]);
  });

  it("waits for the owner's hour in the shop's zone, then queues yesterday's report once", async () => {
    // 07:59 in Shanghai on the 22nd: not yet.
    expect(await run("2026-11-21T23:59:00Z")).toBe(0);
    expect(await mailsOf(on.merchant.id)).toHaveLength(0);
    // 08:00: the 21st's report, to the one owner.
    expect(await run("2026-11-22T00:00:00Z")).toBe(1);
    // Later the same day, and again: nothing more.
    expect(await run("2026-11-22T00:05:00Z")).toBe(0);
    expect(await run("2026-11-22T15:59:00Z")).toBe(0);
    const mails = await mailsOf(on.merchant.id);
    expect(mails).toHaveLength(1);
    expect(mails[0]!.payload).toEqual({
      userId: on.people.owner.id,
      day: "2026-11-21",
      storeId: null,
    });
  });

  it("sends once a day even when two runs race", async () => {
    const [a, b] = await Promise.all([run("2026-11-23T01:00:00Z"), run("2026-11-23T01:00:00Z")]);
    expect(a + b).toBe(1);
    const days = (await mailsOf(on.merchant.id)).map((m) => (m.payload as { day: string }).day);
    expect(days.sort()).toEqual(["2026-11-21", "2026-11-22"]);
  });

  it("queues nothing while the e-mail is off or no mail server is configured", async () => {
    expect(await run("2026-11-24T02:00:00Z", false)).toBe(0);
    expect(await mailsOf(on.merchant.id)).toHaveLength(2);
    expect(await run("2026-11-24T02:00:00Z")).toBe(1);
    expect(await mailsOf(off.merchant.id)).toHaveLength(0);
    await as(on, "owner").reports.setEmailSetting({ enabled: false, hour: 8 });
    expect(await run("2026-11-25T02:00:00Z")).toBe(0);
  });

  it("delivers the report in the owner's language with the day's figures", async () => {
    const sent: OutgoingMail[] = [];
    await outboxConsumers[reportEmailTopic](db, {
      mailer: async (m) => {
        sent.push(m);
      },
      publicUrl: "https://shop.example",
    });
    const first = sent.find((m) => m.subject.includes("2026-11-21"));
    expect(first?.to).toBe(on.people.owner.email);
    expect(first?.subject).toBe(`${on.merchant.name}: daily report 2026-11-21`);
    expect(first?.text).toContain("Orders: 1 created, 1 paid");
    expect(first?.text).toMatch(/Cash\s+1\s+CN¥12\.34/);
    expect(first?.text).toContain("https://shop.example/reports/daily?day=2026-11-21");
    // Each queued message once.
    expect(sent).toHaveLength(3);
    expect((await mailsOf(on.merchant.id)).every((m) => m.state === "sent")).toBe(true);
  });
});
