import { beforeAll, describe, expect, it } from "vitest";
import { engine, setupTestDatabase } from "@/test/db";
import { expectTRPCError } from "@/test/expect";
import { contextFor, seedMerchant } from "@/test/fixtures";
import type { Role } from "@/server/auth/roles.logic";
import type { SessionUser } from "@/server/trpc/init";
import { createCaller } from "@/server/trpc/root";
import { loadShippedGuides } from "./shipped-guides";
import { seedShippedGuides } from "./shipped-guides.service";

const { db } = setupTestDatabase();
let a: Awaited<ReturnType<typeof seedMerchant>>;
let b: Awaited<ReturnType<typeof seedMerchant>>;
const shipped = loadShippedGuides();

beforeAll(async () => {
  a = await seedMerchant(db, "Alpha");
  b = await seedMerchant(db, "Beta");
  for (const m of [a, b])
    await db.transaction((tx) => seedShippedGuides(tx, m.merchant.id, shipped));
});

const callerFor = (user: SessionUser | null) => createCaller(contextFor(db, user));

describe(`guides router (${engine})`, () => {
  it("refuses everything without a user", async () => {
    const anon = callerFor(null);
    expect((await expectTRPCError(anon.guides.library({ locale: "en" }))).code).toBe(
      "UNAUTHORIZED",
    );
    expect(
      (await expectTRPCError(anon.guides.bySlug({ slug: "refunds", locale: "en" }))).code,
    ).toBe("UNAUTHORIZED");
  });

  it.each(["staff", "analyst"] as Role[])(
    "refuses the editor's and the matrix's procedures to %s",
    async (role) => {
      const caller = callerFor(a.people[role]);
      // Thunks: each call starts only when awaited, so no refusal goes unhandled.
      for (const call of [
        () => caller.guides.matrix({ locale: "en" }),
        () => caller.guides.forEdit({ slug: "refunds" }),
        () => caller.guides.remind({ slug: "refunds", userId: a.people.staff.id }),
        () =>
          caller.guides.update({
            slug: "refunds",
            expectedVersion: 1,
            roles: ["staff"],
            contents: { "zh-CN": { title: "x", body: "x" }, en: { title: "x", body: "x" } },
            quiz: null,
          }),
      ]) {
        expect((await expectTRPCError(call())).code).toBe("FORBIDDEN");
      }
    },
  );

  it("lets owners and managers open the matrix and the editor", async () => {
    for (const role of ["owner", "manager"] as Role[]) {
      const caller = callerFor(a.people[role]);
      const matrix = await caller.guides.matrix({ locale: "en" });
      expect(matrix.people).toHaveLength(4);
      const edit = await caller.guides.forEdit({ slug: "refunds" });
      expect(edit.quiz?.questions[0]?.correct.length).toBeGreaterThan(0);
    }
  });

  it("reads, acknowledges and scores for a cashier, without leaking answers", async () => {
    const staff = callerFor(a.people.staff);
    const guide = await staff.guides.bySlug({ slug: "refunds", locale: "zh-CN" });
    expect(JSON.stringify(guide)).not.toContain('"correct"');
    await staff.guides.acknowledge({ slug: "refunds", version: guide.version });
    const wrong = await staff.guides.submitQuiz({
      slug: "refunds",
      version: guide.version,
      answers: {},
    });
    expect(wrong).toMatchObject({ passed: false, score: 0 });
    expect(JSON.stringify(wrong)).not.toMatch(/correct|explanation/);
    // A client claiming a score has no say: only answers are accepted.
    const forged = await staff.guides.submitQuiz({
      slug: "refunds",
      version: guide.version,
      answers: {},
      ...({ score: 3, passed: true } as object),
    });
    expect(forged.passed).toBe(false);
  });

  it("hides a guide from a role it does not target", async () => {
    const error = await expectTRPCError(
      callerFor(a.people.analyst).guides.bySlug({ slug: "redeem-voucher", locale: "en" }),
    );
    expect(error.code).toBe("NOT_FOUND");
  });

  it("scopes to the session's merchant: B's people see B's progress only", async () => {
    await callerFor(b.people.staff).guides.acknowledge({ slug: "data-protection", version: 1 });
    const aMatrix = await callerFor(a.people.owner).guides.matrix({ locale: "en" });
    expect(aMatrix.people.map((p) => p.userId)).not.toContain(b.people.staff.id);
    const remind = await expectTRPCError(
      callerFor(a.people.owner).guides.remind({
        slug: "data-protection",
        userId: b.people.staff.id,
      }),
    );
    expect(remind.code).toBe("NOT_FOUND");
  });

  it("rejects bad input with field errors", async () => {
    const error = await expectTRPCError(
      callerFor(a.people.owner).guides.update({
        slug: "refunds",
        expectedVersion: 1,
        roles: [],
        contents: { "zh-CN": { title: "", body: "x" }, en: { title: "x", body: "x" } },
        quiz: null,
      }),
    );
    expect(error.code).toBe("BAD_REQUEST");
  });
});
