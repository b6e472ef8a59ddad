import { TRPCError } from "@trpc/server";
import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { eq } from "drizzle-orm";
import superjson from "superjson";
import { beforeAll, describe, expect, it } from "vitest";
import { ZodError } from "zod";
import { memberships, users } from "@/db/schema";
import { engine, setupTestDatabase } from "@/test/db";
import { expectTRPCError } from "@/test/expect";
import { contextFor, seedMerchant } from "@/test/fixtures";
import type { Db } from "@/db/types";
import { listAudit } from "@/server/audit/audit.service";
import { areasFor, type Role } from "@/server/auth/roles.logic";
import { fieldErrorKeys } from "./field-errors.logic";
import type { Context, SessionUser } from "./init";
import { appRouter, createCaller } from "./root";

const { db } = setupTestDatabase();
let a: Awaited<ReturnType<typeof seedMerchant>>;
let b: Awaited<ReturnType<typeof seedMerchant>>;

beforeAll(async () => {
  a = await seedMerchant(db, "Alpha");
  b = await seedMerchant(db, "Beta");
});

const callerFor = (user: SessionUser | null, preferredMerchantId: string | null = null) =>
  createCaller(contextFor(db, user, preferredMerchantId));

const validSettings = {
  name: "Renamed",
  timeZone: "Asia/Shanghai",
  defaultCurrency: "CNY",
  locale: "zh-CN",
} as const;

describe(`routers: authentication (${engine})`, () => {
  const anonymous = () => callerFor(null);

  it.each([
    ["me.get", () => anonymous().me.get()],
    ["me.setLocale", () => anonymous().me.setLocale({ locale: "en" })],
    ["merchant.settings", () => anonymous().merchant.settings()],
    ["merchant.basics", () => anonymous().merchant.basics()],
    ["merchant.updateSettings", () => anonymous().merchant.updateSettings(validSettings)],
    ["team.list", () => anonymous().team.list()],
    [
      "team.add",
      () =>
        anonymous().team.add({
          email: "x@test.example",
          name: "Someone",
          password: "pass-word-1",
          role: "staff",
        }),
    ],
    ["team.remove", () => anonymous().team.remove({ membershipId: a.people.staff.membershipId })],
  ])("refuses %s without a user: UNAUTHORIZED", async (_name, call) => {
    expect((await expectTRPCError(call())).code).toBe("UNAUTHORIZED");
  });

  // Everything reached without an account: the customer's pay page and receipt, each by an
  // unguessable token, and the first-run setup (guarded by the token in the server log).
  // Every other procedure, including any added later, needs a user.
  const publicProcedures = [
    "feedback.submit",
    "pay.checkPayment",
    "pay.paymentElement",
    "pay.recordLocale",
    "pay.retry",
    "pay.sandboxCheckout",
    "pay.sandboxConfirm",
    "pay.view",
    "pay.watch",
    "receipt.view",
    "setup.create",
    "setup.status",
  ];
  const everyProcedure = Object.keys(appRouter._def.procedures).sort();

  it("allows only procedures that exist to be public", () => {
    expect(everyProcedure).toEqual(expect.arrayContaining(publicProcedures));
    expect(everyProcedure.length).toBeGreaterThan(publicProcedures.length);
  });

  it.each(everyProcedure.filter((path) => !publicProcedures.includes(path)))(
    "refuses %s to an anonymous caller: UNAUTHORIZED (every non-public procedure)",
    async (path) => {
      // The caller mirrors the router: walk it by the procedure's path. The input is left
      // out on purpose: sign-in is checked before the input is read.
      const call = path
        .split(".")
        .reduce<unknown>((node, key) => (node as Record<string, unknown>)[key], anonymous());
      const error = await expectTRPCError((call as (input?: unknown) => Promise<unknown>)());
      expect(error.code).toBe("UNAUTHORIZED");
    },
  );

  it("refuses merchant procedures to a user who belongs to no merchant: FORBIDDEN", async () => {
    const [loner] = await db
      .insert(users)
      .values({ email: `loner-${a.merchant.id}@test.example`, name: "Loner", emailVerified: true })
      .returning();
    const caller = callerFor({
      id: loner!.id,
      email: loner!.email,
      name: loner!.name,
      locale: null,
    });
    const error = await expectTRPCError(caller.merchant.settings());
    expect(error.code).toBe("FORBIDDEN");
    expect(error.cause).toMatchObject({ messageKey: "noMerchant" });
    expect(await caller.me.get()).toMatchObject({
      memberships: [],
      merchant: null,
      areas: [],
      stores: [],
    });
  });

  it("acts on the membership read with the session, without reading it again", async () => {
    const owner = a.people.owner;
    const withMembership = (membership: Context["membership"]) =>
      createCaller({ ...contextFor(db, owner), membership });
    // The session's read said "no merchant" (say, removed a moment before): it is not read again.
    const error = await expectTRPCError(withMembership(null).merchant.settings());
    expect(error.cause).toMatchObject({ messageKey: "noMerchant" });
    const membership = { merchantId: a.merchant.id, merchantName: "", role: "owner" as const };
    const carried = withMembership({ ...membership, twoFactorRequired: false });
    expect((await carried.merchant.settings()).name).toBe(a.merchant.name);
    // me.get says the same merchant and role as the procedures act on.
    expect(await withMembership(null).me.get()).toMatchObject({ merchant: null, areas: [] });
    const asAnalyst = { ...membership, role: "analyst" as const, twoFactorRequired: false };
    expect(await withMembership(asAnalyst).me.get()).toMatchObject({
      merchant: asAnalyst,
      areas: areasFor("analyst"),
    });
  });
});

describe(`routers: roles (${engine})`, () => {
  // Built when the tests run (the table below is read before beforeAll has seeded anything).
  const ownerOnly: [string, (role: Role) => Promise<unknown>][] = [
    ["team.list", (role) => callerFor(a.people[role]).team.list()],
    [
      "team.add",
      (role) =>
        callerFor(a.people[role]).team.add({
          email: `hire-${role}@test.example`,
          name: "Hire",
          role: "owner",
          password: "pass-word-1",
        }),
    ],
    [
      "team.changeRole",
      (role) =>
        callerFor(a.people[role]).team.changeRole({
          membershipId: a.people[role].membershipId,
          role: "owner",
        }),
    ],
    ["team.invitations", (role) => callerFor(a.people[role]).team.invitations()],
    [
      "team.withdrawInvitation",
      (role) =>
        callerFor(a.people[role]).team.withdrawInvitation({
          invitationId: "00000000-0000-4000-8000-000000000000",
        }),
    ],
    [
      "team.remove",
      (role) =>
        callerFor(a.people[role]).team.remove({ membershipId: a.people.owner.membershipId }),
    ],
    [
      "team.rename",
      // A cashier naming themselves after the owner, so their acts read as the owner's.
      (role) =>
        callerFor(a.people[role]).team.rename({
          membershipId: a.people[role].membershipId,
          name: a.people.owner.name,
        }),
    ],
    [
      "merchant.updateSettings",
      (role) => callerFor(a.people[role]).merchant.updateSettings(validSettings),
    ],
    ["operations.overview", (role) => callerFor(a.people[role]).operations.overview()],
    [
      "merchant.updateBackupSchedule",
      (role) =>
        callerFor(a.people[role]).merchant.updateBackupSchedule({
          enabled: true,
          hour: 3,
          keep: 7,
        }),
    ],
  ];

  describe.each(["manager", "staff", "analyst"] as const)("%s", (role) => {
    it.each(ownerOnly)("is refused %s: FORBIDDEN", async (_name, call) => {
      const error = await expectTRPCError(call(role));
      expect(error.code).toBe("FORBIDDEN");
      expect(error.cause).toMatchObject({ messageKey: "roleForbidden" });
    });

    it("changed nothing by trying", async () => {
      expect(await listAudit(db, a.merchant.id)).toEqual([]);
      const members = await callerFor(a.people.owner).team.list();
      expect(members.map((m) => [m.userId, m.role])).toEqual(
        (["owner", "manager", "staff", "analyst"] as const).map((r) => [a.people[r].id, r]),
      );
      expect((await callerFor(a.people.owner).merchant.settings()).name).toBe(a.merchant.name);
    });

    it("may read the merchant settings", async () => {
      expect(await callerFor(a.people[role]).merchant.settings()).toMatchObject({
        id: a.merchant.id,
        name: a.merchant.name,
      });
      expect(await callerFor(a.people[role]).merchant.basics()).toMatchObject({
        name: a.merchant.name,
      });
    });
  });

  it("lets the owner read the operations page", async () => {
    const view = await callerFor(a.people.owner).operations.overview();
    expect(view.database.sizeBytes).toBeGreaterThan(0);
    expect(view.jobs.map((j) => j.job)).toContain("expiry");
    // This test database holds two shops: no job's error text for either owner.
    expect(view.sharedInstall).toBe(true);
  });

  it("lets the owner list, add, change a role, remove, and update settings", async () => {
    const { merchant, people } = await seedMerchant(db, "OwnerDoes");
    const owner = callerFor(people.owner);

    expect((await owner.team.list()).map((m) => m.role)).toEqual([
      "owner",
      "manager",
      "staff",
      "analyst",
    ]);
    const added = await owner.team.add({
      email: ` New.Hire-${merchant.id}@Test.Example `,
      name: "New Hire",
      role: "staff",
      password: "pass-word-1",
    });
    const invited = (await owner.team.invitations()).find((i) => i.id === added.invitationId);
    // The input schema trims and lower-cases the e-mail before the service sees it.
    expect(invited).toMatchObject({ email: `new.hire-${merchant.id}@test.example`, role: "staff" });

    await owner.team.changeRole({ membershipId: people.staff.membershipId, role: "manager" });
    await owner.team.remove({ membershipId: people.analyst.membershipId });
    const settings = await owner.merchant.updateSettings({
      ...validSettings,
      defaultCurrency: "usd",
    });
    expect(settings).toMatchObject({ name: "Renamed", defaultCurrency: "USD" });

    const actions = (await listAudit(db, merchant.id)).map((r) => [
      r.action,
      r.actorUserId,
      r.ipAddress,
      r.userAgent,
    ]);
    expect(actions).toEqual(
      [
        "merchant.settings.update",
        "team.member.remove",
        "team.member.role_change",
        "team.invitation.send",
      ].map((action) => [action, people.owner.id, "203.0.113.7", "vitest"]),
    );
  });
});

describe(`routers: tenant isolation (${engine})`, () => {
  it("gives a member of A A's settings even with a forged merchant cookie naming B", async () => {
    for (const role of ["owner", "staff"] as const) {
      const settings = await callerFor(a.people[role], b.merchant.id).merchant.settings();
      expect(settings.id).toBe(a.merchant.id);
      expect(settings.name).not.toBe(b.merchant.name);
      const basics = await callerFor(a.people[role], b.merchant.id).merchant.basics();
      expect(basics.name).toBe(a.merchant.name);
    }
  });

  it("lists A's team, never B's, for A's owner with a cookie naming B", async () => {
    const members = await callerFor(a.people.owner, b.merchant.id).team.list();
    const ids = members.map((m) => m.userId);
    expect(ids).toContain(a.people.owner.id);
    expect(ids).not.toContain(b.people.owner.id);
  });

  it("lets A's owner neither change nor remove B's members: NOT_FOUND, B unchanged", async () => {
    const caller = callerFor(a.people.owner, b.merchant.id);
    expect(
      (
        await expectTRPCError(
          caller.team.changeRole({ membershipId: b.people.owner.membershipId, role: "analyst" }),
        )
      ).code,
    ).toBe("NOT_FOUND");
    expect(
      (await expectTRPCError(caller.team.remove({ membershipId: b.people.staff.membershipId })))
        .code,
    ).toBe("NOT_FOUND");
    const bMembers = await callerFor(b.people.owner).team.list();
    expect(bMembers.find((m) => m.userId === b.people.owner.id)?.role).toBe("owner");
    expect(bMembers.map((m) => m.userId)).toContain(b.people.staff.id);
  });

  it("updates A, not B, when A's owner saves settings with a cookie naming B", async () => {
    const { merchant, people } = await seedMerchant(db, "Gamma");
    await callerFor(people.owner, b.merchant.id).merchant.updateSettings({
      ...validSettings,
      name: "Gamma renamed",
    });
    expect((await callerFor(people.owner).merchant.settings()).name).toBe("Gamma renamed");
    expect((await callerFor(b.people.owner).merchant.settings()).name).toBe(b.merchant.name);
    expect(await listAudit(db, b.merchant.id)).toEqual([]);
    expect(await listAudit(db, merchant.id)).toHaveLength(1);
  });

  it("honours the cookie for a person who really belongs to both merchants", async () => {
    const { merchant, people } = await seedMerchant(db, "Delta");
    const other = await seedMerchant(db, "Epsilon");
    await db
      .insert(memberships)
      .values({ userId: people.analyst.id, merchantId: other.merchant.id, role: "manager" });

    expect((await callerFor(people.analyst, other.merchant.id).merchant.settings()).id).toBe(
      other.merchant.id,
    );
    expect((await callerFor(people.analyst, merchant.id).merchant.settings()).id).toBe(merchant.id);
    const me = await callerFor(people.analyst, other.merchant.id).me.get();
    expect(me.merchant).toMatchObject({ merchantId: other.merchant.id, role: "manager" });
    expect(me.memberships.map((m) => m.merchantId).sort()).toEqual(
      [other.merchant.id, merchant.id].sort(),
    );
  });
});

/** The field errors a form would be given, as the errorFormatter builds them from the ZodError. */
function fieldErrorsOf(error: TRPCError) {
  expect(error.code).toBe("BAD_REQUEST");
  expect(error.cause).toBeInstanceOf(ZodError);
  return fieldErrorKeys(error.cause as ZodError);
}

describe(`routers: bad input (${engine})`, () => {
  it("refuses a time zone that does not exist, naming the field", async () => {
    const error = await expectTRPCError(
      callerFor(a.people.owner).merchant.updateSettings({
        ...validSettings,
        timeZone: "Mars/Base",
      }),
    );
    expect(fieldErrorsOf(error)).toEqual({ timeZone: ["invalidTimeZone"] });
  });

  it("refuses an unknown currency, naming the field", async () => {
    const error = await expectTRPCError(
      callerFor(a.people.owner).merchant.updateSettings({
        ...validSettings,
        defaultCurrency: "XYZ",
      }),
    );
    expect(fieldErrorsOf(error)).toEqual({ defaultCurrency: ["invalidCurrency"] });
  });

  it("refuses a bad e-mail and a short password when adding a member, naming both", async () => {
    const error = await expectTRPCError(
      callerFor(a.people.owner).team.add({
        email: "not-an-email",
        name: "X",
        role: "staff",
        password: "short",
      }),
    );
    expect(fieldErrorsOf(error)).toEqual({
      email: ["invalidEmail"],
      password: ["passwordTooShort"],
    });
  });

  it("refuses a membership id that is not a uuid, and an unknown role", async () => {
    const owner = callerFor(a.people.owner);
    expect(
      Object.keys(
        fieldErrorsOf(await expectTRPCError(owner.team.remove({ membershipId: "1 or 1=1" }))),
      ),
    ).toEqual(["membershipId"]);
    const badRole = await expectTRPCError(
      owner.team.changeRole({ membershipId: a.people.staff.membershipId, role: "admin" as Role }),
    );
    expect(Object.keys(fieldErrorsOf(badRole))).toEqual(["role"]);
  });

  // PostgreSQL's text cannot hold U+0000: a name or note carrying one failed its query, an
  // internal error (500) instead of a refusal of the field.
  it("refuses a null character in any text, naming the field, however deep", async () => {
    const owner = callerFor(a.people.owner);
    const shopName = await expectTRPCError(
      owner.merchant.updateSettings({ ...validSettings, name: "Caf\u0000e" }),
    );
    expect(fieldErrorsOf(shopName)).toEqual({ name: ["invalidCharacter"] });
    const item = await expectTRPCError(
      callerFor(a.people.staff).orders.create({
        storeId: a.store.id,
        currency: "CNY",
        items: [{ name: "Latte\u0000", quantity: 1, unitPriceMinor: 100n }],
      }),
    );
    expect(fieldErrorsOf(item)).toEqual({
      items: ["invalidCharacter"],
      "items.0.name": ["invalidCharacter"],
    });
    const search = await expectTRPCError(callerFor(a.people.staff).orders.list({ q: "1\u00002" }));
    expect(fieldErrorsOf(search)).toEqual({ q: ["invalidCharacter"] });
  });

  // A direction override (U+202E) turned the rest of every line a name was shown on around:
  // "Li \u202eLei <cashier@…>" read "Li <moc.elpmaxe@reihsac> ieL" in the order's timeline
  // and the audit log, and the sentence after it on the welcome screen.
  it("refuses text-direction controls in any text, naming the field", async () => {
    const owner = callerFor(a.people.owner);
    for (const name of ["Li \u202eLei", "Li \u2067Lei\u2069", "Li \u202aLei\u202c"]) {
      const error = await expectTRPCError(
        owner.team.add({
          email: "bidi@test.example",
          name,
          password: "pass-word-1",
          role: "staff",
        }),
      );
      expect(fieldErrorsOf(error)).toEqual({ name: ["invalidCharacter"] });
    }
  });

  // A name of zero-width spaces passed `.trim().min(1)` and showed blank in every list, on
  // the receipt and in the sentences naming who did what.
  it("refuses a name that shows nothing (joiners inside a visible one: name.schema.test)", async () => {
    const owner = callerFor(a.people.owner);
    const blank = "\u200b \u2060\ufeff\u00ad\u3164";
    // Called one at a time: a call made before the previous one is awaited may be refused
    // while nothing awaits it yet, an unhandled rejection that fails the run.
    const refusals = [
      () => owner.merchant.updateSettings({ ...validSettings, name: blank }),
      () => owner.stores.create({ name: blank }),
      () =>
        owner.team.add({
          email: "blank@test.example",
          name: blank,
          password: "pass-word-1",
          role: "staff",
        }),
      () => owner.team.rename({ membershipId: a.people.staff.membershipId, name: "\u200b" }),
      () => owner.catalogue.create({ storeId: a.store.id, name: blank, priceMinor: 100n }),
    ];
    for (const refused of refusals) {
      const fields = Object.values(fieldErrorsOf(await expectTRPCError(refused())));
      expect(fields).toEqual([["blankName"]]);
    }
    const order = await expectTRPCError(
      owner.orders.create({
        storeId: a.store.id,
        currency: "CNY",
        items: [{ name: "\u200c\u200d", quantity: 1, unitPriceMinor: 100n }],
      }),
    );
    expect(fieldErrorsOf(order)).toEqual({ items: ["blankName"], "items.0.name": ["blankName"] });
  });

  // Each line is within bounds, their total is not: it failed the order's insert (bigint out
  // of range) as an internal error.
  it("refuses an order whose items add up to more than an amount may be", async () => {
    const line = { name: "Gold bar", quantity: 999, unitPriceMinor: 10n ** 15n };
    const error = await expectTRPCError(
      callerFor(a.people.staff).orders.create({
        storeId: a.store.id,
        currency: "CNY",
        items: Array.from({ length: 100 }, () => line),
      }),
    );
    expect(fieldErrorsOf(error)).toEqual({ items: ["orderTotalTooLarge"] });
  });

  it("saved nothing from the bad inputs", async () => {
    expect((await callerFor(a.people.owner).merchant.settings()).timeZone).toBe("Asia/Shanghai");
    expect(await listAudit(db, a.merchant.id)).toEqual([]);
  });
});

describe(`routers: domain errors (${engine})`, () => {
  it("maps the last-owner rule to PRECONDITION_FAILED", async () => {
    const error = await expectTRPCError(
      callerFor(a.people.owner).team.remove({ membershipId: a.people.owner.membershipId }),
    );
    expect(error.code).toBe("PRECONDITION_FAILED");
    expect(error.cause).toMatchObject({ code: "INVALID_STATE", messageKey: "lastOwner" });
    expect(error.message).toBe("The merchant must keep at least one owner");
  });

  it("maps an existing member to CONFLICT", async () => {
    const error = await expectTRPCError(
      callerFor(a.people.owner).team.add({
        email: a.people.staff.email,
        name: "Someone",
        password: "pass-word-1",
        role: "manager",
      }),
    );
    expect(error.code).toBe("CONFLICT");
    expect(error.cause).toMatchObject({ messageKey: "alreadyMember" });
  });

  it("maps a member without a password to BAD_REQUEST, whether the e-mail has an account or not", async () => {
    for (const email of [`nopass-${a.merchant.id}@test.example`, b.people.staff.email]) {
      const error = await expectTRPCError(
        callerFor(a.people.owner).team.add({
          email,
          name: "No Pass",
          role: "staff",
          ...({} as { password: string }),
        }),
      );
      expect(error.code).toBe("BAD_REQUEST");
    }
  });

  it("maps an unknown membership to NOT_FOUND", async () => {
    const error = await expectTRPCError(
      callerFor(a.people.owner).team.remove({
        membershipId: "00000000-0000-4000-8000-000000000000",
      }),
    );
    expect(error.code).toBe("NOT_FOUND");
  });
});

describe(`routers: me (${engine})`, () => {
  it("returns the user, the active merchant, its stores and the areas of the role", async () => {
    const me = await callerFor(a.people.owner).me.get();
    expect(me.user.id).toBe(a.people.owner.id);
    expect(me.merchant).toEqual({
      merchantId: a.merchant.id,
      merchantName: a.merchant.name,
      role: "owner",
      twoFactorRequired: false,
    });
    expect(me.memberships).toEqual([
      {
        merchantId: a.merchant.id,
        merchantName: a.merchant.name,
        role: "owner",
        twoFactorRequired: false,
      },
    ]);
    expect(me.stores).toEqual([{ id: a.store.id, name: a.store.name, address: null }]);
    expect(me.areas).toEqual([
      "home",
      "orders",
      "paymentMethods",
      "redeem",
      "shifts",
      "vouchers",
      "promotions",
      "failures",
      "refunds",
      "reconciliation",
      "team",
      "stores",
      "analytics",
      "reports",
      "alerts",
      "feedback",
      "settings",
      "guides",
    ]);
  });

  it.each(["manager", "staff", "analyst"] as const)("gives %s no team area", async (role) => {
    const me = await callerFor(a.people[role]).me.get();
    expect(me.merchant?.role).toBe(role);
    expect(me.areas).toContain("home");
    expect(me.areas).toContain("settings");
    expect(me.areas).not.toContain("team");
  });

  it("stores the chosen locale on the user", async () => {
    const { people } = await seedMerchant(db, "Locale");
    const caller = callerFor(people.staff);
    expect(await caller.me.setLocale({ locale: "en" })).toEqual({ locale: "en" });
    const read = async () =>
      (
        await db.select({ locale: users.locale }).from(users).where(eq(users.id, people.staff.id))
      )[0]?.locale;
    expect(await read()).toBe("en");
    await caller.me.setLocale({ locale: "zh-CN" });
    expect(await read()).toBe("zh-CN");
    // Only the caller's own row changes.
    expect(
      (
        await db.select({ locale: users.locale }).from(users).where(eq(users.id, people.owner.id))
      )[0]?.locale,
    ).toBeNull();
  });

  it("refuses a locale the console does not have", async () => {
    const error = await expectTRPCError(
      callerFor(a.people.staff).me.setLocale({ locale: "fr" as "en" }),
    );
    expect(Object.keys(fieldErrorsOf(error))).toEqual(["locale"]);
  });
});

/** A call over the HTTP adapter: what the browser receives, after the errorFormatter. */
async function overHttp(path: string, input: unknown, ctx: Context) {
  const url = `http://localhost:3000/api/trpc/${path}`;
  const serialized = JSON.stringify(superjson.serialize(input));
  const isQuery = /\.(get|list|settings)$/.test(path);
  const res = await fetchRequestHandler({
    endpoint: "/api/trpc",
    router: appRouter,
    createContext: () => ctx,
    req: isQuery
      ? new Request(`${url}?input=${encodeURIComponent(serialized)}`)
      : new Request(url, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: serialized,
        }),
  });
  const body = (await res.json()) as { error?: Parameters<typeof superjson.deserialize>[0] };
  type Shape = { message: string; code: number; data: Record<string, unknown> };
  return {
    status: res.status,
    error: body.error ? superjson.deserialize<Shape>(body.error) : undefined,
  };
}

describe(`routers over HTTP: error shape (${engine})`, () => {
  it("gives forms the failing fields as catalogue keys", async () => {
    const { status, error } = await overHttp(
      "merchant.updateSettings",
      { ...validSettings, timeZone: "Mars/Base", defaultCurrency: "XYZ" },
      contextFor(db, a.people.owner),
    );
    expect(status).toBe(400);
    expect(error?.data).toMatchObject({
      code: "BAD_REQUEST",
      fieldErrors: { timeZone: ["invalidTimeZone"], defaultCurrency: ["invalidCurrency"] },
      messageKey: null,
    });
    expect(error?.data.stack).toBeUndefined();
  });

  it("names the bad e-mail field of team.add", async () => {
    const { status, error } = await overHttp(
      "team.add",
      { email: "nope", name: "Someone", password: "pass-word-1", role: "staff" },
      contextFor(db, a.people.owner),
    );
    expect(status).toBe(400);
    expect(error?.data.fieldErrors).toEqual({ email: ["invalidEmail"] });
  });

  it("gives a domain error's message key and the mapped status", async () => {
    const { status, error } = await overHttp(
      "team.remove",
      { membershipId: a.people.owner.membershipId },
      contextFor(db, a.people.owner),
    );
    expect(status).toBe(412);
    expect(error?.data).toMatchObject({
      code: "PRECONDITION_FAILED",
      messageKey: "lastOwner",
      fieldErrors: null,
    });
  });

  it("gives a role refusal its message key", async () => {
    const { status, error } = await overHttp(
      "team.list",
      undefined,
      contextFor(db, a.people.staff),
    );
    expect(status).toBe(403);
    expect(error?.data).toMatchObject({ code: "FORBIDDEN", messageKey: "roleForbidden" });
  });

  it("hides an unexpected error behind a generic message, without a stack", async () => {
    const broken = new Proxy({} as Db, {
      get() {
        throw new Error('relation "secret_internal_table" does not exist');
      },
    });
    const { status, error } = await overHttp("me.get", undefined, {
      ...contextFor(db, a.people.owner),
      db: broken,
    });
    expect(status).toBe(500);
    expect(error?.message).toBe("Internal error");
    expect(error?.data).toMatchObject({ code: "INTERNAL_SERVER_ERROR", messageKey: "internal" });
    expect(error?.data.stack).toBeUndefined();
    expect(JSON.stringify(error)).not.toContain("secret_internal_table");
  });
});
