import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { engine, setupTestDatabase } from "@/test/db";
import { answerAtEndpoint, refusal } from "@/test/trpc-endpoint";
import { contextFor, signedInSession, testPassword } from "@/test/fixtures";
import { newOrder, seedPayments, type PaymentsSeed } from "@/test/payments";
import { loadMessages } from "@/app/_i18n/messages";
import { baseErrorKeys, pickFrom } from "@/app/_i18n/pick-messages";
import { errorLocaleHeader } from "@/app/_lib/error-locale-header";
import { errorSentence } from "@/app/_lib/error-sentence";
import { refusedFieldErrors } from "@/app/_lib/form-errors";
import { mutate, query } from "./console-calls";
import { trpcOptions as trpc } from "./options-proxy";
import { QueryClient } from "./query-store";
import { registerStepUpPrompt } from "./step-up";

const { db } = setupTestDatabase();
let shop: PaymentsSeed;
/** Who the endpoint sees as signed in (as the session cookie would say). */
let person: Parameters<typeof contextFor>[1];
/** What the page sent: one entry per HTTP request. */
let sent: { url: URL; method: string; locale: string | null; signal: AbortSignal | null }[];
/** The endpoint answers once this settles (a test holds it to act while a request is out). */
let held: Promise<void>;

beforeAll(async () => {
  shop = await seedPayments(db, "Calls");
});

// The console's fetch of /api/trpc/…, answered by the app's real tRPC endpoint; a page in Chinese.
beforeEach(() => {
  person = shop.people.owner;
  sent = [];
  held = Promise.resolve();
  vi.stubGlobal("document", { documentElement: { lang: "zh-CN" } });
  vi.stubGlobal("fetch", async (url: string, init: RequestInit = {}) => {
    const req = new Request(new URL(url, "http://localhost:3000"), init);
    sent.push({
      url: new URL(req.url),
      method: req.method,
      locale: req.headers.get(errorLocaleHeader),
      signal: init.signal ?? null,
    });
    await held;
    return answerAtEndpoint(db, req, person);
  });
});
afterEach(() => {
  vi.unstubAllGlobals();
  registerStepUpPrompt(null);
});

const zhErrors = () => loadMessages("zh-CN").errors as Record<string, string>;

describe(`the console's calls to the tRPC endpoint (${engine})`, () => {
  it("sends a page's queries asked together as one request, and reads amounts and times", async () => {
    const order = await newOrder(db, shop, 4200n);
    const queryClient = new QueryClient();
    const [detail, methods, status] = await Promise.all([
      queryClient.fetchQuery(trpc.orders.byId.queryOptions({ orderId: order.id })),
      queryClient.fetchQuery(trpc.paymentMethods.list.queryOptions()),
      queryClient.fetchQuery(trpc.account.stepUpStatus.queryOptions()),
    ]);
    expect(sent).toHaveLength(1);
    expect(sent[0]!.method).toBe("GET");
    expect(sent[0]!.url.pathname).toBe(
      "/api/trpc/orders.byId,paymentMethods.list,account.stepUpStatus",
    );
    expect(sent[0]!.url.searchParams.get("batch")).toBe("1");
    expect(sent[0]!.locale).toBe("zh-CN");
    expect(detail).toMatchObject({ id: order.id, amountMinor: 4200n });
    expect(detail.createdAt).toBeInstanceOf(Date);
    expect(methods.methods.map((m) => m.id).sort()).toEqual([shop.cash.id, shop.sandbox.id].sort());
    expect(status).toEqual({ fresh: true });
  });

  it("gives each refused query of a batch its own refusal, as useErrorMessage reads it", async () => {
    const order = await newOrder(db, shop);
    const missing = "0b6f3a52-8f0e-4d2c-9a4e-6c1f1f6f1a01";
    const [found, notFound, badInput] = await Promise.allSettled([
      query("orders.byId", { orderId: order.id }),
      query("orders.byId", { orderId: missing }),
      query("orders.byId", { orderId: "not-an-id" }),
    ]);
    expect(sent).toHaveLength(1);
    expect(found).toMatchObject({ status: "fulfilled", value: { id: order.id } });
    const gone = await refusal(Promise.reject((notFound as PromiseRejectedResult).reason));
    expect(gone.message).toBe("Order not found");
    expect(gone.data).toMatchObject({
      httpStatus: 404,
      messageKey: "orderNotFound",
      sentence: zhErrors().orderNotFound,
    });
    const bad = await refusal(Promise.reject((badInput as PromiseRejectedResult).reason));
    expect(bad.data).toMatchObject({
      httpStatus: 400,
      fieldErrors: { orderId: [expect.any(String)] },
    });
  });

  it("lets a called-off query go; the request stops only when all of its queries are called off", async () => {
    const order = await newOrder(db, shop);
    const early = new AbortController();
    const calledOff = query("orders.byId", { orderId: order.id }, early.signal);
    const kept = query("account.stepUpStatus", undefined, new AbortController().signal);
    early.abort();
    await expect(calledOff).rejects.toMatchObject({ name: "AbortError" });
    expect(await kept).toEqual({ fresh: true });
    // Only the query still wanted was asked for.
    expect(sent[0]!.url.pathname).toBe("/api/trpc/account.stepUpStatus");

    let answer = () => undefined as void;
    held = new Promise((resolve) => (answer = resolve));
    const [one, two] = [new AbortController(), new AbortController()];
    const first = query("orders.byId", { orderId: order.id }, one.signal);
    const second = query("account.stepUpStatus", undefined, two.signal);
    await vi.waitUntil(() => sent.length === 2);
    one.abort();
    expect(sent[1]!.signal?.aborted).toBe(false);
    two.abort();
    expect(sent[1]!.signal?.aborted).toBe(true);
    answer();
    await expect(first).rejects.toMatchObject({ name: "AbortError" });
    await expect(second).rejects.toMatchObject({ name: "AbortError" });
  });

  // Pages carry only the sentences of their own forms' checks: a form read the refusal's key
  // and, not carrying this one, said the generic "not valid" next to the field.
  it("says a hidden character's refusal in the page's language, on its field and for the form", async () => {
    const err = await refusal(
      mutate("orders.create", {
        storeId: shop.store.id,
        currency: "CNY",
        items: [{ name: "Latte \u202e", quantity: 1, unitPriceMinor: 100n }],
      }),
    );
    const sentence = zhErrors().invalidCharacter;
    expect(refusedFieldErrors(err.data)).toEqual({
      items: { message: sentence, type: "translated" },
      "items.0.name": { message: sentence, type: "translated" },
    });
    expect(err.data.sentence).toBe(sentence);
    // Without the server's words, the page's own catalogue still has it.
    const { data } = err;
    const keysOnly = { data: { ...data, sentence: undefined, fieldSentences: undefined } };
    const zh = pickFrom(loadMessages("zh-CN"), [], baseErrorKeys, []).errors as Record<
      string,
      string
    >;
    const pageErrors = Object.assign((key: string) => zh[key] ?? key, {
      has: (key: string) => key in zh,
    });
    expect(errorSentence(pageErrors, keysOnly)).toBe(sentence);
  });

  describe("a sensitive mutation refused for want of a fresh step-up", () => {
    const twoFactorRoles = () =>
      trpc.merchant.updateTwoFactorRoles.mutationOptions().mutationFn!({ roles: [] }, {} as never);
    const paths = () => sent.map((s) => `${s.method} ${s.url.pathname.replace("/api/trpc/", "")}`);

    /** The owner on a session that has not confirmed it's them. */
    async function unconfirmedOwner() {
      const owner = shop.people.owner;
      person = { ...owner, steppedUpAt: undefined, sessionId: await signedInSession(db, owner.id) };
    }

    it("asks to confirm, then is sent again and succeeds", async () => {
      await unconfirmedOwner();
      let asked = 0;
      registerStepUpPrompt(async () => {
        asked++;
        // As the dialog does: account.stepUp with the password, through the same client.
        await trpc.account.stepUp.mutationOptions().mutationFn!(
          { password: testPassword },
          {} as never,
        );
        return true;
      });
      await twoFactorRoles();
      expect(asked).toBe(1);
      expect(paths()).toEqual([
        "POST merchant.updateTwoFactorRoles",
        "POST account.stepUp",
        "POST merchant.updateTwoFactorRoles",
      ]);
    });

    it("hands the refusal on when the dialog is closed", async () => {
      await unconfirmedOwner();
      registerStepUpPrompt(() => Promise.resolve(false));
      const err = await refusal(twoFactorRoles());
      expect(err.data).toMatchObject({ httpStatus: 403, messageKey: "stepUpRequired" });
      expect(paths()).toEqual(["POST merchant.updateTwoFactorRoles"]);
    });

    it("is sent again only once", async () => {
      await unconfirmedOwner();
      let asked = 0;
      registerStepUpPrompt(() => Promise.resolve(++asked > 0));
      const err = await refusal(twoFactorRoles());
      expect(err.data).toMatchObject({ messageKey: "stepUpRequired" });
      expect(asked).toBe(1);
      expect(paths()).toEqual([
        "POST merchant.updateTwoFactorRoles",
        "POST merchant.updateTwoFactorRoles",
      ]);
    });
  });
});
