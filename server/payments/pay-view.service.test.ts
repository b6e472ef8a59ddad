import { beforeAll, describe, expect, it } from "vitest";
import { engine, setupTestDatabase } from "@/test/db";
import { newOrder, seedPayments, testProviders, type PaymentsSeed } from "@/test/payments";
import { createAttempt } from "./payment-request.service";
import { loadPayView } from "./pay-view.service";

/*
 * A request opened on the sandbox wallet while the operator allowed it everywhere (SANDBOX=1),
 * seen after the server restarted without it: its wallet page no longer exists, so the pay
 * page is told not to offer it (and the wallet is not among the methods to switch to).
 */

const { db } = setupTestDatabase();
let shop: PaymentsSeed;
let demo: PaymentsSeed;

beforeAll(async () => {
  shop = await seedPayments(db, "Real shop", { realShop: true });
  demo = await seedPayments(db, "Demo shop");
});

async function sandboxRequest(seed: PaymentsSeed) {
  const order = await newOrder(db, seed, 1800n);
  return createAttempt(
    db,
    seed.staff,
    seed.merchant.id,
    { orderId: order.id, methodId: seed.sandbox.id },
    { ...testProviders, sandboxEverywhere: true },
  );
}

describe(`the pay page of a sandbox request (${engine})`, () => {
  it("says the sandbox wallet is gone once SANDBOX=1 is off, in a real shop", async () => {
    const attempt = await sandboxRequest(shop);
    const { view } = await loadPayView(db, attempt.token, false);
    expect(view.status).toBe("created");
    expect(view.sandboxUnavailable).toBe(true);
    expect(view.alternatives.map((m) => m.id)).not.toContain(shop.sandbox.id);
    // While the operator still allows it, it is offered.
    expect((await loadPayView(db, attempt.token, true)).view.sandboxUnavailable).toBe(false);
  });

  it("keeps offering it in a demo shop, where it is always allowed", async () => {
    const attempt = await sandboxRequest(demo);
    expect((await loadPayView(db, attempt.token, false)).view.sandboxUnavailable).toBe(false);
  });
});
