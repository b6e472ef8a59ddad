import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import type { ZodType } from "zod";
import { demoShops, paymentMethods } from "@/db/schema";
import { engine, setupTestDatabase } from "@/test/db";
import { expectDomainError } from "@/test/expect";
import { seedMerchant, testEncryptionKey } from "@/test/fixtures";
import { actorOf, methodInput } from "@/test/payments";
import { listAudit, type Actor } from "@/server/audit/audit.service";
import {
  signSandboxNotification,
  verifySandboxNotification,
} from "@/server/connectors/sandbox/sandbox-signature";
import { createPaymentMethodInput, updatePaymentMethodInput } from "./payment-method.schema";
import {
  createPaymentMethod,
  getPaymentMethod,
  listPaymentMethods,
  loadMethodContext,
  setSandboxBehaviour,
  updatePaymentMethod,
} from "./payment-method.service";

const { db } = setupTestDatabase();
let seed: Awaited<ReturnType<typeof seedMerchant>>;
let other: Awaited<ReturnType<typeof seedMerchant>>;
let manager: Actor;

beforeAll(async () => {
  seed = await seedMerchant(db, "Methods");
  // The sandbox wallet can be added only where it may take payments: a demo shop.
  await db.insert(demoShops).values({ merchantId: seed.merchant.id });
  other = await seedMerchant(db, "Rival");
  manager = actorOf(seed.people.manager);
});

/** What the browser would receive, serialized (bigints as strings). */
const asJson = (value: unknown) =>
  JSON.stringify(value, (_k, v: unknown) => (typeof v === "bigint" ? v.toString() : v));

const secretMarkers = ["PRIVATE KEY", "PUBLIC KEY", "privateKeyPem", "publicKeyPem", "credentials"];

function createSandbox(label = "Sandbox wallet") {
  return createPaymentMethod(
    db,
    manager,
    seed.merchant.id,
    methodInput({ label }),
    testEncryptionKey,
  );
}

describe(`payment methods: secrets stay on the server (${engine})`, () => {
  it("tells the browser a sandbox method has credentials, and shows no key material", async () => {
    const created = await createSandbox();
    expect(created).toMatchObject({
      kind: "sandbox",
      label: "Sandbox wallet",
      hasCredentials: true,
      sandbox: { duplicateDeliveries: false, outOfOrderDeliveries: false },
    });
    expect(Object.keys(created).sort()).toEqual(
      [
        "id",
        "kind",
        "label",
        "enabled",
        "mode",
        "currencies",
        "feeRateBps",
        "feeAmounts",
        "settlementDelayDays",
        "requestTtlSeconds",
        "connectionCheckedAt",
        "connectionOk",
        "connectionError",
        "connectionUnreachable",
        "updatedAt",
        "hasCredentials",
        "sandbox",
        "provider",
        "refundFeeRule",
        "refundWindowDays",
      ].sort(),
    );
    const views = [
      created,
      await getPaymentMethod(db, seed.merchant.id, created.id),
      await listPaymentMethods(db, seed.merchant.id),
    ];
    for (const view of views) {
      const json = asJson(view);
      for (const marker of secretMarkers) expect(json).not.toContain(marker);
      expect(json).not.toContain("-----BEGIN");
    }
  });

  it("keeps the private key sealed in the database and opens it for the connector", async () => {
    const created = await createSandbox("Sealed");
    const [raw] = await db.select().from(paymentMethods).where(eq(paymentMethods.id, created.id));
    expect(raw!.credentialsSealed).toMatch(/^v1\./);
    expect(raw!.credentialsSealed).not.toContain("PRIVATE KEY");
    expect(raw!.credentialsSealed).not.toContain("privateKeyPem");
    expect(asJson(raw!.config)).not.toContain("PRIVATE KEY");

    const method = await loadMethodContext(db, created.id, testEncryptionKey);
    expect(method).toMatchObject({ id: created.id, merchantId: seed.merchant.id, kind: "sandbox" });
    const privateKeyPem = method!.context.credentials.privateKeyPem!;
    expect(privateKeyPem).toMatch(/^-----BEGIN PRIVATE KEY-----\n/);
    // The opened private key and the stored public key are one pair.
    const body = '{"hello":"world"}';
    const header = signSandboxNotification(body, privateKeyPem);
    expect(
      verifySandboxNotification(body, header, method!.context.config.publicKeyPem as string),
    ).toMatchObject({ ok: true });
  });

  it("gives every sandbox method a key pair of its own", async () => {
    const a = await loadMethodContext(db, (await createSandbox("A")).id, testEncryptionKey);
    const b = await loadMethodContext(db, (await createSandbox("B")).id, testEncryptionKey);
    expect(a!.context.credentials.privateKeyPem).not.toBe(b!.context.credentials.privateKeyPem);
    expect(a!.context.config.publicKeyPem).not.toBe(b!.context.config.publicKeyPem);
  });

  it("cannot open the credentials with another key, or under another method's id", async () => {
    const created = await createSandbox("Bound");
    await expect(loadMethodContext(db, created.id, Buffer.alloc(32, 7))).rejects.toThrow();

    // Sealed credentials copied onto another method's row do not open there.
    const target = await createSandbox("Target");
    const [source] = await db
      .select({ sealed: paymentMethods.credentialsSealed })
      .from(paymentMethods)
      .where(eq(paymentMethods.id, created.id));
    await db
      .update(paymentMethods)
      .set({ credentialsSealed: source!.sealed })
      .where(eq(paymentMethods.id, target.id));
    await expect(loadMethodContext(db, target.id, testEncryptionKey)).rejects.toThrow();
  });

  it("has nothing to hide for cash: no credentials, no sandbox settings", async () => {
    const cash = await createPaymentMethod(
      db,
      manager,
      seed.merchant.id,
      methodInput({ kind: "cash", label: "Cash", feeRateBps: 0 }),
      testEncryptionKey,
    );
    expect(cash).toMatchObject({ kind: "cash", hasCredentials: false, sandbox: null });
    const method = await loadMethodContext(db, cash.id, testEncryptionKey);
    expect(method!.context).toEqual({
      id: cash.id,
      mode: "sandbox",
      config: {},
      credentials: {},
    });
  });

  it("audits the creation without any secret", async () => {
    const created = await createSandbox("Audited");
    const rows = await listAudit(db, seed.merchant.id, { entityType: "payment_method" });
    const row = rows.find((r) => r.entityId === created.id)!;
    expect(row).toMatchObject({
      action: "payment_method.create",
      actorUserId: seed.people.manager.id,
    });
    expect(row.after).toMatchObject({ kind: "sandbox", label: "Audited", feeRateBps: 60 });
    for (const marker of secretMarkers) expect(asJson(rows)).not.toContain(marker);
  });
});

describe(`payment methods: fee amounts per currency (${engine})`, () => {
  const yenAndYuan = {
    JPY: { fixedMinor: 40, minMinor: null, maxMinor: 500 },
    CNY: { fixedMinor: 30, minMinor: 50, maxMinor: null },
  };
  const withCurrencies = (id: string, currencies: string[], feeAmounts?: unknown) =>
    updatePaymentMethod(
      db,
      manager,
      seed.merchant.id,
      updatePaymentMethodInput.parse({
        ...methodInput({ currencies, ...(feeAmounts ? { feeAmounts } : {}) }),
        id,
      }),
    );

  it("keeps each currency's own amounts, and audits them on creation", async () => {
    const created = await createPaymentMethod(
      db,
      manager,
      seed.merchant.id,
      methodInput({ label: "Two currencies", currencies: ["JPY", "CNY"], feeAmounts: yenAndYuan }),
      testEncryptionKey,
    );
    const read = await getPaymentMethod(db, seed.merchant.id, created.id);
    expect(read.feeAmounts).toEqual({
      JPY: { fixedMinor: 40n, minMinor: null, maxMinor: 500n },
      CNY: { fixedMinor: 30n, minMinor: 50n, maxMinor: null },
    });
    const rows = await listAudit(db, seed.merchant.id, { entityType: "payment_method" });
    expect(rows.find((r) => r.entityId === created.id)?.after).toMatchObject({
      feeAmounts: { JPY: { fixedMinor: "40", maxMinor: "500" }, CNY: { minMinor: "50" } },
    });
  });

  it("keeps the amounts an update leaves out, drops a currency's no longer taken, and sets none for one added", async () => {
    const created = await createPaymentMethod(
      db,
      manager,
      seed.merchant.id,
      methodInput({ label: "Changing", currencies: ["JPY", "CNY"], feeAmounts: yenAndYuan }),
      testEncryptionKey,
    );
    // JPY struck, USD added: yuan keeps its amounts, yen's are gone, dollars have none.
    const changed = await withCurrencies(created.id, ["CNY", "USD"]);
    expect(changed.feeAmounts).toEqual({ CNY: { fixedMinor: 30n, minMinor: 50n, maxMinor: null } });
    // Yen taken again starts without amounts: its old ones do not come back.
    const again = await withCurrencies(created.id, ["CNY", "JPY"]);
    expect(Object.keys(again.feeAmounts)).toEqual(["CNY"]);
    const [row] = await listAudit(db, seed.merchant.id, { entityType: "payment_method", limit: 2 });
    expect(row).toMatchObject({
      before: { currencies: ["CNY", "USD"], feeAmounts: { CNY: { fixedMinor: "30" } } },
      after: { currencies: ["CNY", "JPY"], feeAmounts: { CNY: { fixedMinor: "30" } } },
    });
    // Given, the amounts replace the method's: a currency left out has none.
    const replaced = await withCurrencies(created.id, ["CNY", "JPY"], {
      JPY: { fixedMinor: 49, minMinor: null, maxMinor: null },
    });
    expect(replaced.feeAmounts).toEqual({
      JPY: { fixedMinor: 49n, minMinor: null, maxMinor: null },
    });
  });
});

describe(`payment methods: changes (${engine})`, () => {
  it("updates a method and audits before and after, without secrets", async () => {
    const created = await createSandbox("Before");
    const amounts = { CNY: { fixedMinor: 0, minMinor: 1, maxMinor: 2500 } };
    const updated = await updatePaymentMethod(
      db,
      manager,
      seed.merchant.id,
      updatePaymentMethodInput.parse({
        ...methodInput({ label: "After", feeRateBps: 38, feeAmounts: amounts }),
        id: created.id,
      }),
    );
    expect(updated).toMatchObject({
      id: created.id,
      label: "After",
      feeRateBps: 38,
      feeAmounts: { CNY: { fixedMinor: 0n, minMinor: 1n, maxMinor: 2500n } },
      hasCredentials: true,
    });
    expect(updated.updatedAt.getTime()).toBeGreaterThanOrEqual(created.updatedAt.getTime());
    expect((await getPaymentMethod(db, seed.merchant.id, created.id)).label).toBe("After");

    const [row] = await listAudit(db, seed.merchant.id, { entityType: "payment_method", limit: 1 });
    expect(row).toMatchObject({
      action: "payment_method.update",
      entityId: created.id,
      actorUserId: seed.people.manager.id,
      before: { label: "Before", feeRateBps: 60, feeAmounts: {} },
      after: {
        label: "After",
        feeRateBps: 38,
        feeAmounts: { CNY: { fixedMinor: "0", minMinor: "1", maxMinor: "2500" } },
      },
    });
    for (const marker of secretMarkers) expect(asJson(row)).not.toContain(marker);
    // The key pair survives an update of the settings.
    const method = await loadMethodContext(db, created.id, testEncryptionKey);
    expect(method!.context.credentials.privateKeyPem).toMatch(/PRIVATE KEY/);
  });

  it("takes the refund window and fee rule, keeping them when an update leaves them out", async () => {
    const created = await createSandbox("Refund rules");
    expect(created).toMatchObject({ refundWindowDays: 365, refundFeeRule: "proportional" });
    const set = await updatePaymentMethod(
      db,
      manager,
      seed.merchant.id,
      updatePaymentMethodInput.parse({
        ...methodInput({ label: "Refund rules", refundWindowDays: 180, refundFeeRule: "none" }),
        id: created.id,
      }),
    );
    expect(set).toMatchObject({ refundWindowDays: 180, refundFeeRule: "none" });
    const kept = await updatePaymentMethod(
      db,
      manager,
      seed.merchant.id,
      updatePaymentMethodInput.parse({ ...methodInput({ label: "Renamed" }), id: created.id }),
    );
    expect(kept).toMatchObject({ refundWindowDays: 180, refundFeeRule: "none" });
    expect(() => methodInput({ refundWindowDays: 0 })).toThrow(/refundWindowRange/);
    expect(() => methodInput({ refundWindowDays: 3651 })).toThrow(/refundWindowRange/);
  });

  it("keeps cash in sandbox mode: it has no provider to go live with", async () => {
    const cash = await createPaymentMethod(
      db,
      manager,
      seed.merchant.id,
      methodInput({ kind: "cash", label: "Till", feeRateBps: 0 }),
      testEncryptionKey,
    );
    const updated = await updatePaymentMethod(
      db,
      manager,
      seed.merchant.id,
      updatePaymentMethodInput.parse({
        ...methodInput({ label: "Till", feeRateBps: 0, mode: "live" }),
        id: cash.id,
      }),
    );
    expect(updated.mode).toBe("sandbox");
  });

  it("does not let one merchant change another's method", async () => {
    const created = await createSandbox("Mine");
    await expectDomainError(
      updatePaymentMethod(
        db,
        actorOf(other.people.owner),
        other.merchant.id,
        updatePaymentMethodInput.parse({ ...methodInput({ label: "Hijacked" }), id: created.id }),
      ),
      "NOT_FOUND",
      "methodNotFound",
    );
    await expectDomainError(
      setSandboxBehaviour(db, actorOf(other.people.owner), other.merchant.id, created.id, {
        duplicateDeliveries: true,
        outOfOrderDeliveries: true,
      }),
      "NOT_FOUND",
      "methodNotFound",
    );
    await expectDomainError(
      getPaymentMethod(db, other.merchant.id, created.id),
      "NOT_FOUND",
      "methodNotFound",
    );
    expect(await getPaymentMethod(db, seed.merchant.id, created.id)).toMatchObject({
      label: "Mine",
      sandbox: { duplicateDeliveries: false, outOfOrderDeliveries: false },
    });
    expect(
      (await listPaymentMethods(db, other.merchant.id)).methods.map((m) => m.id),
    ).not.toContain(created.id);
    expect(await listAudit(db, other.merchant.id)).toEqual([]);
  });

  it("switches the sandbox's simulated deliveries, keeping its keys, and audits it", async () => {
    const created = await createSandbox("Noisy");
    await setSandboxBehaviour(db, manager, seed.merchant.id, created.id, {
      duplicateDeliveries: true,
      outOfOrderDeliveries: false,
    });
    expect((await getPaymentMethod(db, seed.merchant.id, created.id)).sandbox).toEqual({
      duplicateDeliveries: true,
      outOfOrderDeliveries: false,
      // No deliberate differences in its statement until asked.
      statementQuirks: {},
    });
    const method = await loadMethodContext(db, created.id, testEncryptionKey);
    expect(method!.context.config.publicKeyPem).toMatch(/^-----BEGIN PUBLIC KEY-----/);

    const [row] = await listAudit(db, seed.merchant.id, { entityType: "payment_method", limit: 1 });
    expect(row).toMatchObject({
      action: "payment_method.sandbox_behaviour",
      entityId: created.id,
      before: { duplicateDeliveries: false, outOfOrderDeliveries: false },
      after: { duplicateDeliveries: true, outOfOrderDeliveries: false },
    });
  });

  it("refuses simulated deliveries on a method that is not the sandbox", async () => {
    const cash = await createPaymentMethod(
      db,
      manager,
      seed.merchant.id,
      methodInput({ kind: "cash", label: "Drawer", feeRateBps: 0 }),
      testEncryptionKey,
    );
    await expectDomainError(
      setSandboxBehaviour(db, manager, seed.merchant.id, cash.id, {
        duplicateDeliveries: true,
        outOfOrderDeliveries: true,
      }),
      "INVALID_STATE",
      "notSandbox",
    );
  });
});

describe("payment methods: the fee rule's validation (schema)", () => {
  const form = {
    kind: "sandbox",
    label: "Wallet",
    enabled: true,
    mode: "sandbox",
    currencies: ["cny"],
    settlementDelayDays: 1,
    requestTtlSeconds: 900,
    feeRateBps: 60,
    feeAmounts: { CNY: { fixedMinor: "0", minMinor: null, maxMinor: null } },
  };
  const issuesOf = (input: unknown, schema: ZodType = createPaymentMethodInput) => {
    const result = schema.safeParse(input);
    return result.success ? [] : result.error.issues.map((i) => [i.path.join("."), i.message]);
  };
  const amounts = (a: Record<string, unknown>) => ({
    feeAmounts: { CNY: { fixedMinor: "0", minMinor: null, maxMinor: null, ...a } },
  });

  it("refuses a minimum fee above the maximum, on create and on update", () => {
    const bad = { ...form, ...amounts({ minMinor: "500", maxMinor: "100" }) };
    expect(issuesOf(bad)).toEqual([["feeAmounts.CNY.maxMinor", "feeMinAboveMax"]]);
    expect(
      issuesOf({ ...bad, kind: undefined, id: crypto.randomUUID() }, updatePaymentMethodInput),
    ).toEqual([["feeAmounts.CNY.maxMinor", "feeMinAboveMax"]]);
  });

  it("accepts equal bounds, one bound alone, none, or no amounts at all", () => {
    for (const bounds of [
      { minMinor: "100", maxMinor: "100" },
      { minMinor: "100", maxMinor: null },
      { minMinor: null, maxMinor: "100" },
      { minMinor: null, maxMinor: null },
    ]) {
      expect(issuesOf({ ...form, ...amounts(bounds) })).toEqual([]);
    }
    expect(createPaymentMethodInput.parse(form)).toMatchObject({
      currencies: ["CNY"],
      feeAmounts: { CNY: { fixedMinor: 0n } },
    });
    expect(issuesOf({ ...form, feeAmounts: undefined })).toEqual([]);
  });

  it("refuses amounts for a currency the method does not take", () => {
    expect(
      issuesOf({
        ...form,
        feeAmounts: { USD: { fixedMinor: "30", minMinor: null, maxMinor: null } },
      }),
    ).toEqual([["feeAmounts.USD", "feeCurrencyNotTaken"]]);
  });

  it.each([
    ["a rate above 100 %", { feeRateBps: 10_001 }, "feeRateBps", "invalidFeeRate"],
    ["a negative rate", { feeRateBps: -1 }, "feeRateBps", "invalidFeeRate"],
    ["a fractional rate", { feeRateBps: 0.5 }, "feeRateBps", undefined],
    [
      "a negative fixed fee",
      amounts({ fixedMinor: "-1" }),
      "feeAmounts.CNY.fixedMinor",
      "invalidAmount",
    ],
    [
      "a fixed fee that is not a number",
      amounts({ fixedMinor: "1.5" }),
      "feeAmounts.CNY.fixedMinor",
      "invalidAmount",
    ],
    ["no currency", { currencies: [], feeAmounts: {} }, "currencies", "required"],
    [
      "an unknown currency",
      { currencies: ["XYZ"], feeAmounts: {} },
      "currencies.0",
      "invalidCurrency",
    ],
    ["a too-short request lifetime", { requestTtlSeconds: 30 }, "requestTtlSeconds", "ttlRange"],
  ])("refuses %s", (_name, change, path, message) => {
    const issues = issuesOf({ ...form, ...change });
    expect(issues.map(([p]) => p)).toEqual([path]);
    if (message) expect(issues[0]![1]).toBe(message);
  });
});
