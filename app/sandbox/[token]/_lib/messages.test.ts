import { describe, expect, it } from "vitest";
import { loadMessages } from "@/app/_i18n/messages";
import { sandboxOutcomes } from "@/server/connectors/sandbox/sandbox-wallet.schema";

describe("sandbox wallet messages", () => {
  // Keys built at run time (`outcomes.${value}`) escape the catalogue test's literal-key check.
  for (const locale of ["en", "zh-CN"] as const) {
    it(`name, explain and answer every outcome in ${locale}`, () => {
      const sandbox = loadMessages(locale).sandbox as Record<string, Record<string, string>>;
      for (const outcome of sandboxOutcomes) {
        expect(sandbox.outcomes?.[outcome], outcome).toBeTruthy();
        expect(sandbox.outcomeHints?.[outcome], outcome).toBeTruthy();
        expect(sandbox.result?.[outcome], outcome).toBeTruthy();
      }
    });
  }

  it("uses the option names the wallet promises", () => {
    expect(loadMessages("en").sandbox).toMatchObject({
      outcomes: {
        pay: "Pay",
        insufficient_balance: "Insufficient balance",
        cancel: "Cancel",
        risk_declined: "Declined by risk control",
        no_callback: "No callback (timeout)",
      },
    });
  });
});
