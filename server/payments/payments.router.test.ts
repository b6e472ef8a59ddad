import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import superjson from "superjson";
import { ZodError } from "zod";
import { beforeAll, describe, expect, it } from "vitest";
import { engine, setupTestDatabase } from "@/test/db";
import { expectTRPCError } from "@/test/expect";
import { contextFor } from "@/test/fixtures";
import {
  methodInput,
  newOrder,
  notify,
  payableOrder,
  seedPayments,
  type PaymentsSeed,
} from "@/test/payments";
import { listAudit } from "@/server/audit/audit.service";
import type { Role } from "@/server/auth/roles.logic";
import type { Delivery } from "@/server/connectors/sandbox/sandbox-wallet.service";
import { EventHub, eventsChannel } from "@/server/events/events.service";
import type { SessionUser } from "@/server/trpc/init";
import { appRouter, createCaller } from "@/server/trpc/root";
import { fieldErrorKeys } from "@/server/trpc/field-errors.logic";

const database = setupTestDatabase();
const { db } = database;
let a: PaymentsSeed;
let b: PaymentsSeed;

beforeAll(async () => {
  a = await seedPayments(db, "Alpha");
  b = await seedPayments(db, "Beta");
});

const callerFor = (user: SessionUser | null) => createCaller(contextFor(db, user));

const methodForm = (label: string) => methodInput({ label });

describe(`payments routers: who may do what (${engine})`, () => {
  it.each([
    ["orders.list", () => callerFor(null).orders.list({})],
    ["orders.byId", () => callerFor(null).orders.byId({ orderId: crypto.randomUUID() })],
    [
      "orders.create",
      () =>
        callerFor(null).orders.create({ storeId: a.store.id, currency: "CNY", amountMinor: 100n }),
    ],
    ["paymentMethods.list", () => callerFor(null).paymentMethods.list()],
    ["paymentMethods.choices", () => callerFor(null).paymentMethods.choices()],
    ["paymentMethods.create", () => callerFor(null).paymentMethods.create(methodForm("Anon"))],
  ])("refuses %s without a session: UNAUTHORIZED", async (_name, call) => {
    expect((await expectTRPCError(call())).code).toBe("UNAUTHORIZED");
  });

  it("refuses an analyst every way of taking money: FORBIDDEN, nothing changed", async () => {
    const { order, attempt } = await payableOrder(db, a);
    const analyst = callerFor(a.people.analyst);
    const before = await listAudit(db, a.merchant.id, { limit: 1000 });
    for (const call of [
      () => analyst.orders.create({ storeId: a.store.id, currency: "CNY", amountMinor: 100n }),
      () => analyst.orders.requestPayment({ orderId: order.id, methodId: a.sandbox.id }),
      () =>
        analyst.orders.payCash({ orderId: order.id, methodId: a.cash.id, tenderedMinor: 5000n }),
      () => analyst.orders.cancel({ orderId: order.id }),
      () => analyst.orders.cancelPayment({ attemptId: attempt.id }),
    ]) {
      const error = await expectTRPCError(call());
      expect(error.code).toBe("FORBIDDEN");
      expect(error.cause).toMatchObject({ messageKey: "roleForbidden" });
    }
    expect(await listAudit(db, a.merchant.id, { limit: 1000 })).toEqual(before);
    // But reads the orders.
    const detail = await analyst.orders.byId({ orderId: order.id });
    expect(detail.status).toBe("pending");
    expect((await analyst.orders.list({})).rows.map((r) => r.id)).toContain(order.id);
  });

  it("answers an impossible date with a validation error naming it, never a 500", async () => {
    const error = await expectTRPCError(
      callerFor(a.people.owner).orders.list({ from: "2026-02-31", to: "2026-03-01" }),
    );
    expect(error.code).toBe("BAD_REQUEST");
    expect(error.message).toContain("invalidDate");
  });

  it("shows an analyst an order without the customer's contact or the order's note, as the failure log does", async () => {
    const order = await callerFor(a.people.staff).orders.create({
      storeId: a.store.id,
      currency: "CNY",
      amountMinor: 800n,
      customerContact: "+86 139 0000 1234",
      note: "Calls after 6 pm",
    });
    const seen = async (role: Role) => {
      const detail = await callerFor(a.people[role]).orders.byId({ orderId: order.id });
      return [detail.customerContact, detail.note];
    };
    expect(await seen("analyst")).toEqual([null, null]);
    for (const role of ["owner", "manager", "staff"] as const)
      expect(await seen(role)).toEqual(["+86 139 0000 1234", "Calls after 6 pm"]);
  });

  it.each(["owner", "manager", "staff"] as const)(
    "lets %s create an order, request payment and take cash",
    async (role: Role) => {
      const caller = callerFor(a.people[role]);
      const order = await caller.orders.create({
        storeId: a.store.id,
        currency: "cny",
        amountMinor: "1500",
      });
      const attempt = await caller.orders.requestPayment({
        orderId: order.id,
        methodId: a.sandbox.id,
      });
      expect(attempt.status).toBe("created");
      const paid = await caller.orders.payCash({
        orderId: order.id,
        methodId: a.cash.id,
        tenderedMinor: "2000",
      });
      expect(paid.changeMinor).toBe(500n);
      expect((await caller.orders.byId({ orderId: order.id })).status).toBe("paid");
    },
  );

  it("refuses staff and analysts the payment method settings: FORBIDDEN", async () => {
    const existing = a.sandbox;
    for (const role of ["staff", "analyst"] as const) {
      const caller = callerFor(a.people[role]);
      for (const call of [
        () => caller.paymentMethods.create(methodForm(`By ${role}`)),
        () => caller.paymentMethods.update({ ...methodForm(`By ${role}`), id: existing.id }),
        () =>
          caller.paymentMethods.setSandboxBehaviour({
            id: existing.id,
            duplicateDeliveries: true,
            outOfOrderDeliveries: true,
          }),
      ]) {
        expect((await expectTRPCError(call())).code).toBe("FORBIDDEN");
      }
      // Reading the list is fine, and it carries no secrets.
      const { methods: listed } = await caller.paymentMethods.list();
      expect(listed.map((m) => m.label)).toContain(existing.label);
    }
    const { methods: after } = await callerFor(a.people.owner).paymentMethods.list();
    expect(after.map((m) => m.label).filter((l) => l.startsWith("By "))).toEqual([]);
    expect(after.find((m) => m.id === existing.id)).toMatchObject({
      label: existing.label,
      sandbox: { duplicateDeliveries: false, outOfOrderDeliveries: false },
    });
  });

  it("lets a manager create and update a method", async () => {
    const manager = callerFor(a.people.manager);
    const created = await manager.paymentMethods.create(methodForm("Manager's wallet"));
    expect(created).toMatchObject({ label: "Manager's wallet", hasCredentials: true });
    const updated = await manager.paymentMethods.update({
      ...methodForm("Renamed wallet"),
      id: created.id,
    });
    expect(updated.label).toBe("Renamed wallet");
  });

  it("refuses a fee minimum above the maximum with the field named", async () => {
    const error = await expectTRPCError(
      callerFor(a.people.manager).paymentMethods.create({
        ...methodForm("Bad fees"),
        feeAmounts: { CNY: { fixedMinor: 0n, minMinor: 500n, maxMinor: 100n } },
      }),
    );
    expect(error.code).toBe("BAD_REQUEST");
    expect(fieldErrorKeys(error.cause as ZodError)).toMatchObject({
      "feeAmounts.CNY.maxMinor": ["feeMinAboveMax"],
    });
  });
});

describe(`payments routers: tenant isolation (${engine})`, () => {
  it("hides one merchant's orders from another, whatever the id", async () => {
    const { order, attempt } = await payableOrder(db, a);
    const bOwner = callerFor(b.people.owner);
    expect((await expectTRPCError(bOwner.orders.byId({ orderId: order.id }))).code).toBe(
      "NOT_FOUND",
    );
    expect((await expectTRPCError(bOwner.orders.cancel({ orderId: order.id }))).code).toBe(
      "NOT_FOUND",
    );
    expect(
      (
        await expectTRPCError(
          bOwner.orders.requestPayment({ orderId: order.id, methodId: b.sandbox.id }),
        )
      ).code,
    ).toBe("NOT_FOUND");
    expect(
      (await expectTRPCError(bOwner.orders.cancelPayment({ attemptId: attempt.id }))).code,
    ).toBe("NOT_FOUND");
    const listed = await bOwner.orders.list({ q: order.number, limit: 100 });
    expect(listed.rows).toEqual([]);
    expect(listed.total).toBe(0);
    expect((await callerFor(a.people.staff).orders.byId({ orderId: order.id })).status).toBe(
      "pending",
    );
  });

  it("names a shop's own methods to any of its members, with what the counter needs only", async () => {
    const all = await callerFor(a.people.owner).paymentMethods.list();
    for (const role of ["staff", "analyst"] as const) {
      const choices = await callerFor(a.people[role]).paymentMethods.choices();
      expect(choices).toEqual(
        all.methods.map(({ id, label, kind, currencies, offered }) => ({
          id,
          label,
          kind,
          currencies,
          offered,
        })),
      );
    }
    const theirs = await callerFor(b.people.owner).paymentMethods.choices();
    expect(theirs.map((m) => m.id)).not.toContain(a.sandbox.id);
    expect(theirs.map((m) => m.id)).toContain(b.sandbox.id);
  });

  it("does not let a merchant create an order in another merchant's store", async () => {
    const error = await expectTRPCError(
      callerFor(b.people.owner).orders.create({
        storeId: a.store.id,
        currency: "CNY",
        amountMinor: 100n,
      }),
    );
    expect(error.code).toBe("NOT_FOUND");
  });
});

describe(`pay router: the customer's side, no account (${engine})`, () => {
  const anonymous = () => callerFor(null);

  it("shows the pay page for a real token, and nothing for a made-up one", async () => {
    const { order, attempt } = await payableOrder(db, a, 2300n);
    const view = await anonymous().pay.view({ token: attempt.token });
    expect(view).toMatchObject({
      token: attempt.token,
      amountMinor: 2300n,
      orderNumber: order.number,
    });
    expect(view).not.toHaveProperty("orderId");
    expect(view).not.toHaveProperty("merchantId");

    const made = await expectTRPCError(
      anonymous().pay.view({ token: "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA" }),
    );
    expect(made.code).toBe("NOT_FOUND");
    expect(made.cause).toMatchObject({ messageKey: "payLinkNotFound" });
    expect((await expectTRPCError(anonymous().pay.view({ token: "short" }))).code).toBe(
      "BAD_REQUEST",
    );
  });

  it("answers the sandbox wallet once per request: the second confirm is a CONFLICT", async () => {
    const { attempt } = await payableOrder(db, a);
    const deliveries: Delivery[] = [];
    const caller = createCaller({
      ...contextFor(db, null),
      deliverSandbox: (d) => deliveries.push(d),
    });
    expect(
      await caller.pay.sandboxConfirm({ token: attempt.token, pin: "123456", outcome: "pay" }),
    ).toEqual({ outcome: "pay" });
    expect(deliveries).toHaveLength(1);

    const again = await expectTRPCError(
      caller.pay.sandboxConfirm({ token: attempt.token, pin: "123456", outcome: "pay" }),
    );
    expect(again.code).toBe("CONFLICT");
    expect(again.cause).toMatchObject({ messageKey: "walletAlreadyUsed" });
    expect(deliveries).toHaveLength(1);
  });

  it("refuses a PIN that is not six digits", async () => {
    const { attempt } = await payableOrder(db, a);
    for (const pin of ["12ab", "12345", "1234567", ""]) {
      const error = await expectTRPCError(
        anonymous().pay.sandboxConfirm({ token: attempt.token, pin, outcome: "pay" }),
      );
      expect(error.code).toBe("BAD_REQUEST");
    }
    // Nothing was recorded by the refused attempts: a proper confirm still works.
    const caller = createCaller({ ...contextFor(db, null), deliverSandbox: () => undefined });
    expect(
      await caller.pay.sandboxConfirm({ token: attempt.token, pin: "123456", outcome: "cancel" }),
    ).toEqual({ outcome: "cancel" });
  });

  it("retries on the same order from the pay page, with a new token", async () => {
    const { order, attempt } = await payableOrder(db, a);
    await notify(db, a.sandbox.id, attempt, { outcome: "failed" });
    const { token } = await anonymous().pay.retry({ token: attempt.token, methodId: a.sandbox.id });
    expect(token).not.toBe(attempt.token);
    const view = await anonymous().pay.view({ token });
    expect(view).toMatchObject({ status: "created", orderNumber: order.number });
  });
});

describe(`live updates over LISTEN/NOTIFY (${engine})`, () => {
  /** A caller whose EventHub is fed by a real LISTEN on the test database, as in production. */
  async function liveCaller(user: SessionUser | null) {
    const hub = new EventHub();
    const stopListening = await database.opened.listen(eventsChannel, (p) => hub.deliver(p));
    const abort = new AbortController();
    const caller = createCaller({ ...contextFor(db, user), events: hub }, { signal: abort.signal });
    return {
      caller,
      stop: async () => {
        abort.abort();
        await stopListening();
      },
    };
  }

  it("sends the counter the paid order once the payment notification is applied", async () => {
    const { order, attempt } = await payableOrder(db, a);
    const bystander = await payableOrder(db, a);
    const { caller, stop } = await liveCaller(a.people.staff);
    try {
      const stream = await caller.orders.watch({ orderId: order.id });
      const updates = stream[Symbol.asyncIterator]();
      const first = await updates.next();
      expect(first.value).toMatchObject({ id: order.id, status: "pending" });

      const next = updates.next();
      // Another order's payment does not wake this screen...
      await notify(db, a.sandbox.id, bystander.attempt);
      // ...this one's does, and the order it reloads is already paid: NOTIFY came after commit.
      await notify(db, a.sandbox.id, attempt);
      const second = await next;
      expect(second.done).toBe(false);
      expect(second.value).toMatchObject({ id: order.id, status: "paid" });
      expect(second.value?.attempts[0]).toMatchObject({ id: attempt.id, status: "succeeded" });
      await updates.return?.(undefined);
    } finally {
      await stop();
    }
  });

  it("sends the customer's pay page the success, without a session", async () => {
    const { attempt } = await payableOrder(db, a);
    const { caller, stop } = await liveCaller(null);
    try {
      const updates = (await caller.pay.watch({ token: attempt.token }))[Symbol.asyncIterator]();
      expect((await updates.next()).value).toMatchObject({ status: "created" });
      const next = updates.next();
      await notify(db, a.sandbox.id, attempt);
      expect((await next).value).toMatchObject({ status: "succeeded", orderStatus: "paid" });
      await updates.return?.(undefined);
    } finally {
      await stop();
    }
  });

  it("does not let another merchant watch an order, nor anyone a made-up pay link: NOT_FOUND", async () => {
    const order = await newOrder(db, a);
    const { caller, stop } = await liveCaller(b.people.owner);
    try {
      for (const stream of [
        await caller.orders.watch({ orderId: order.id }),
        await caller.pay.watch({ token: "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA" }),
      ]) {
        const error = await expectTRPCError(stream[Symbol.asyncIterator]().next());
        expect(error.code).toBe("NOT_FOUND");
      }
    } finally {
      await stop();
    }
  });

  it("sends the browser NOT_FOUND, not an internal error, over the event stream", async () => {
    const order = await newOrder(db, a);
    const abort = new AbortController();
    const input = encodeURIComponent(JSON.stringify(superjson.serialize({ orderId: order.id })));
    const res = await fetchRequestHandler({
      endpoint: "/api/trpc",
      router: appRouter,
      createContext: () => contextFor(db, b.people.owner),
      req: new Request(`http://localhost:3000/api/trpc/orders.watch?input=${input}`, {
        signal: abort.signal,
      }),
    });
    expect(res.headers.get("content-type")).toMatch(/^text\/event-stream/);
    const reader = res.body!.getReader();
    const decoder = new TextDecoder();
    let text = "";
    let match: RegExpExecArray | null = null;
    while (!(match = /event: serialized-error\ndata: (.*)\n/.exec(text))) {
      const chunk = await reader.read();
      if (chunk.done) break;
      text += decoder.decode(chunk.value, { stream: true });
    }
    abort.abort();
    await reader.cancel().catch(() => undefined);
    expect(match, text).not.toBeNull();
    const error = superjson.deserialize<{ data: Record<string, unknown> }>(
      JSON.parse(match![1]!) as Parameters<typeof superjson.deserialize>[0],
    );
    expect(error.data).toMatchObject({
      code: "NOT_FOUND",
      httpStatus: 404,
      messageKey: "orderNotFound",
    });
  });
});
