import { beforeAll, describe, expect, it } from "vitest";
import { engine, setupTestDatabase } from "@/test/db";
import { expectTRPCError } from "@/test/expect";
import { contextFor } from "@/test/fixtures";
import { seedPayments, type PaymentsSeed } from "@/test/payments";
import type { Role } from "@/server/auth/roles.logic";
import { createCaller } from "@/server/trpc/root";

const { db } = setupTestDatabase();
let a: PaymentsSeed;
let b: PaymentsSeed;

beforeAll(async () => {
  a = await seedPayments(db, "ShiftRouterA");
  b = await seedPayments(db, "ShiftRouterB");
});

const as = (seed: PaymentsSeed, role: Role) => createCaller(contextFor(db, seed.people[role]));

describe(`shifts router (${engine})`, () => {
  it("a cashier keeps their own shift; only managers and the owner list and confirm", async () => {
    const staff = as(a, "staff");
    const shift = await staff.shifts.open({ storeId: a.store.id, floatMinor: 5000n });
    expect((await staff.shifts.current({ storeId: a.store.id }))?.id).toBe(shift.id);
    // The analyst has no drawer and reads no one's count.
    for (const call of [
      () => as(a, "analyst").shifts.open({ storeId: a.store.id, floatMinor: 0n }),
      () => as(a, "analyst").shifts.list({}),
      () => as(a, "analyst").shifts.byId({ shiftId: shift.id }),
      () => staff.shifts.list({}),
    ]) {
      expect((await expectTRPCError(call())).code).toBe("FORBIDDEN");
    }
    await staff.shifts.close({ shiftId: shift.id, countedMinor: 5000n });
    expect((await expectTRPCError(staff.shifts.confirm({ shiftId: shift.id }))).code).toBe(
      "FORBIDDEN",
    );
    const listed = await as(a, "manager").shifts.list({ status: "closed" });
    expect(listed.rows.map((r) => [r.id, r.differenceMinor])).toEqual([[shift.id, 0n]]);
    const confirmed = await as(a, "manager").shifts.confirm({ shiftId: shift.id });
    expect(confirmed.status).toBe("confirmed");
  });

  it("another shop's people neither see nor touch this shop's shifts", async () => {
    const shift = await as(a, "staff").shifts.open({ storeId: a.store.id, floatMinor: 0n });
    const other = as(b, "owner");
    expect((await expectTRPCError(other.shifts.byId({ shiftId: shift.id }))).code).toBe(
      "NOT_FOUND",
    );
    expect((await expectTRPCError(other.shifts.confirm({ shiftId: shift.id }))).code).toBe(
      "NOT_FOUND",
    );
    expect(
      (await expectTRPCError(as(b, "staff").shifts.close({ shiftId: shift.id, countedMinor: 0n })))
        .code,
    ).toBe("NOT_FOUND");
    // Nor open one at this shop's store.
    expect(
      (await expectTRPCError(as(b, "staff").shifts.open({ storeId: a.store.id, floatMinor: 0n })))
        .code,
    ).toBe("NOT_FOUND");
    expect((await other.shifts.list({})).rows).toEqual([]);
  });

  it("managers and the owner close another's shift for them, with a reason; nobody else, and not across shops", async () => {
    const d = await seedPayments(db, "ShiftRouterD");
    const shift = await as(d, "staff").shifts.open({ storeId: d.store.id, floatMinor: 300n });
    const input = { shiftId: shift.id, countedMinor: 300n, reason: "Went home sick" };
    for (const role of ["staff", "analyst"] as const) {
      expect((await expectTRPCError(as(d, role).shifts.closeForCashier(input))).code).toBe(
        "FORBIDDEN",
      );
    }
    expect((await expectTRPCError(as(b, "owner").shifts.closeForCashier(input))).code).toBe(
      "NOT_FOUND",
    );
    const noReason = await expectTRPCError(
      as(d, "manager").shifts.closeForCashier({ ...input, reason: "" }),
    );
    expect(noReason.code).toBe("BAD_REQUEST");
    // The manager may see the drawer before counting it.
    const open = await as(d, "manager").shifts.byId({ shiftId: shift.id });
    expect(open.running?.expectedMinor).toBe(300n);
    const closed = await as(d, "manager").shifts.closeForCashier(input);
    expect(closed).toMatchObject({
      status: "closed",
      cashierId: d.people.staff.id,
      closedBy: d.people.manager.id,
      differenceMinor: 0n,
    });
    expect(
      (await expectTRPCError(as(d, "manager").shifts.confirm({ shiftId: shift.id }))).code,
    ).toBe("FORBIDDEN");
    expect((await as(d, "owner").shifts.confirm({ shiftId: shift.id })).status).toBe("confirmed");
  });

  it("the list pages in SQL, newest first", async () => {
    const c = await seedPayments(db, "ShiftRouterC");
    for (const role of ["staff", "manager", "owner"] as const) {
      await as(c, role).shifts.open({ storeId: c.store.id, floatMinor: 100n });
    }
    const first = await as(c, "owner").shifts.list({ limit: 2 });
    expect(first.rows).toHaveLength(2);
    const second = await as(c, "owner").shifts.list({ limit: 2, cursor: first.nextCursor! });
    expect(second.rows).toHaveLength(1);
    expect(second.nextCursor).toBeNull();
    const all = [...first.rows, ...second.rows];
    expect(new Set(all.map((r) => r.id)).size).toBe(3);
    const opened = all.map((r) => r.openedAt.getTime());
    expect(opened).toEqual([...opened].sort((x, y) => y - x));
  });
});
