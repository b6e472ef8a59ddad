import { createTranslator } from "next-intl";
import { describe, expect, it } from "vitest";
import { commentMaxLength } from "@/server/feedback/feedback.schema";
import { loadCompiledMessages } from "./messages";
import { countedSentence, sayCounted } from "./counted-sentence";

describe("a counted sentence said in the browser", () => {
  for (const locale of ["en", "zh-CN"] as const) {
    it(`says the receipt's characters left as next-intl does, in ${locale}`, () => {
      // The precompiled catalogue, as the server's translators read it (next.config.ts).
      const t = createTranslator({
        locale,
        messages: loadCompiledMessages(locale) as never,
      }) as unknown as (key: string, values: { left: number }) => string;
      const say = (left: number) => t("receiptFeedback.commentHint", { left });
      const sentence = countedSentence(locale, say);
      for (let left = 0; left <= commentMaxLength; left++)
        expect(sayCounted(sentence, left)).toBe(say(left));
    });
  }

  it("tells apart the forms of a language that has several", () => {
    const say = (n: number) => (n === 1 ? `${n} character left` : `${n} characters left`);
    const sentence = countedSentence("en", say);
    expect(sayCounted(sentence, 1)).toBe("1 character left");
    expect(sayCounted(sentence, 1200)).toBe("1,200 characters left");
  });
});
