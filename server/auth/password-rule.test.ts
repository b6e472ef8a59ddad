import { describe, expect, it } from "vitest";
import { errorSentence, fieldErrorSentences } from "@/app/_lib/error-sentence";
import { changePasswordInput } from "@/server/account/account.schema";
import { translatorFor } from "@/server/http/locale";
import { removeDemoDataInput } from "@/server/merchants/demo-data.schema";
import { createFirstShopInput } from "@/server/setup/setup.schema";
import { addMemberInput, resetPasswordInput } from "@/server/team/team.schema";
import { minPasswordLength } from "./password-rule";

const short = "p".repeat(minPasswordLength - 1);
const enough = "p".repeat(minPasswordLength);

/** Every password a person is given or chooses, by the schema of the call that sets it. */
const passwordFields = [
  {
    what: "the owner's at setup",
    parse: (password: string) =>
      createFirstShopInput.safeParse({
        shopName: "Tea House",
        timeZone: "Asia/Shanghai",
        currency: "CNY",
        locale: "en",
        storeName: "Main",
        ownerName: "Owner",
        ownerEmail: "owner@test.example",
        ownerPassword: password,
      }),
  },
  {
    what: "the owner's when the demo data goes",
    parse: (password: string) =>
      removeDemoDataInput.safeParse({ confirmName: "Demo", ownerPassword: password }),
  },
  {
    what: "a member's first",
    parse: (password: string) =>
      addMemberInput.safeParse({ email: "a@test.example", name: "A", role: "staff", password }),
  },
  {
    what: "an owner's reset",
    parse: (password: string) =>
      resetPasswordInput.safeParse({
        membershipId: "0b6f3a52-8f0e-4d2c-9a4e-6c1f1f6f1a01",
        temporaryPassword: password,
      }),
  },
  {
    what: "anyone's change (the owner's too)",
    parse: (password: string) =>
      changePasswordInput.safeParse({ currentPassword: "old", newPassword: password }),
  },
];

describe("the one password rule", () => {
  // The owner needed 10 characters at setup, a member's first password and every change 8:
  // an owner could change theirs down to 8 the day after setup.
  it.each(passwordFields)("holds $what to the same minimum", ({ parse }) => {
    const refused = parse(short);
    expect(refused.error?.issues.map((issue) => issue.message)).toEqual(["passwordTooShort"]);
    expect(parse(enough).success).toBe(true);
  });

  it("is said with its number in both languages, in the refusal and in every hint", () => {
    const refusal = { data: { httpStatus: 400, fieldErrors: { password: ["passwordTooShort"] } } };
    for (const locale of ["en", "zh-CN"] as const) {
      const t = translatorFor(locale);
      const errors = Object.assign(
        (key: string, values?: Record<string, string | number>) => t(`errors.${key}`, values),
        { has: (key: string) => t.has(`errors.${key}`) },
      );
      const number = String(minPasswordLength);
      expect(fieldErrorSentences(errors, refusal).password).toContain(number);
      expect(errorSentence(errors, { data: { messageKey: "passwordTooShort" } })).toContain(number);
      for (const hint of [
        "account.newPasswordHint",
        "setup.passwordHint",
        "demoData.passwordHint",
        "team.passwordHint",
        "team.temporaryPasswordHint",
      ]) {
        expect(t(hint, { minPasswordLength }), `${locale} ${hint}`).toContain(number);
      }
    }
  });
});
