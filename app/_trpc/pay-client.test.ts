import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { engine, setupTestDatabase } from "@/test/db";
import { answerAtEndpoint, refusal } from "@/test/trpc-endpoint";
import { payableOrder, seedPayments, type PaymentsSeed } from "@/test/payments";
import { loadMessages } from "@/app/_i18n/messages";
import { payMutate, payQuery } from "./pay-client";

const { db } = setupTestDatabase();
let shop: PaymentsSeed;

beforeAll(async () => {
  shop = await seedPayments(db, "Light");
});

// The page's fetch of /api/trpc/…, answered by the app's real tRPC endpoint (no session).
beforeEach(() => {
  vi.stubGlobal("fetch", (url: string, init?: RequestInit) => {
    const req = new Request(new URL(url, "http://localhost:3000"), init);
    // Signed out, as the pay page is; the sandbox's delivery left out.
    return answerAtEndpoint(db, req, null, { deliverSandbox: () => undefined });
  });
});
afterEach(() => vi.unstubAllGlobals());

describe(`the customer pages' light client speaks tRPC's wire format (${engine})`, () => {
  it("reads the pay view with its amounts and times as they are (bigint, Date)", async () => {
    const { order, attempt } = await payableOrder(db, shop, 2300n);
    const view = await payQuery("pay.view", { token: attempt.token });
    expect(view).toMatchObject({ token: attempt.token, amountMinor: 2300n });
    expect(view.orderNumber).toBe(order.number);
    expect(view.expiresAt).toBeInstanceOf(Date);
  });

  it("gives a refusal the console's error shape, which useErrorMessage reads", async () => {
    const made = await refusal(payQuery("pay.view", { token: "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA" }));
    expect(made.data).toMatchObject({ httpStatus: 404, messageKey: "payLinkNotFound" });
    const badPin = await refusal(
      payMutate("pay.sandboxConfirm", {
        token: "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
        pin: "12",
        outcome: "pay",
      }),
    );
    expect(badPin.data).toMatchObject({ httpStatus: 400, fieldErrors: { pin: ["pinFormat"] } });
  });

  it("gets a refusal's sentences from the server in the page's language", async () => {
    const errors = (locale: "en" | "zh-CN") =>
      loadMessages(locale).errors as Record<string, string>;
    const token = "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";
    const made = await refusal(payQuery("pay.view", { token }, "zh-CN"));
    expect(made.data.sentence).toBe(errors("zh-CN").payLinkNotFound);
    const badPin = await refusal(
      payMutate("pay.sandboxConfirm", { token, pin: "12", outcome: "pay" }, "en"),
    );
    expect(badPin.data.fieldSentences).toEqual({ pin: errors("en").pinFormat });
    // Asked without a language (the console's way), a refusal carries its key only.
    const plain = await refusal(payQuery("pay.view", { token }));
    expect(plain.data).not.toHaveProperty("sentence");
  });

  it("sends a mutation once: the wallet's second answer is refused", async () => {
    const { attempt } = await payableOrder(db, shop);
    const input = { token: attempt.token, pin: "123456", outcome: "pay" } as const;
    expect(await payMutate("pay.sandboxConfirm", input)).toEqual({ outcome: "pay" });
    const again = await refusal(payMutate("pay.sandboxConfirm", input));
    expect(again.data).toMatchObject({ httpStatus: 409, messageKey: "walletAlreadyUsed" });
  });
});
