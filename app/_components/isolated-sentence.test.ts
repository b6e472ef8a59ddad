import { createElement, Fragment } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { translatorFor } from "@/server/http/locale";
import { isolatedSentence } from "./isolated-sentence";

const html = (node: ReturnType<typeof isolatedSentence>) =>
  renderToStaticMarkup(createElement(Fragment, null, node));

describe("a sentence naming what people typed", () => {
  // "Confirmed by" an Arabic name and a time: without an isolate the name's right-to-left run
  // took the neighbouring digits and punctuation with it, and a stray RLM in a name turned
  // the words after it around.
  it("puts each user-given value in its own <bdi>, the sentence's words unchanged", () => {
    const t = translatorFor("en");
    const say = (key: string, values: Record<string, string | number | Date>) =>
      t(`alerts.${key}`, values);
    const values = { name: "عمر\u200f", time: "2026-12-06 14:05" };
    const sentence = isolatedSentence(say, "history.acknowledged", values, ["name"]);
    expect(html(sentence)).toBe("Acknowledged by <bdi>عمر\u200f</bdi> · 2026-12-06 14:05");
    expect(html(sentence)).toBe(
      html(t("alerts.history.acknowledged", values)).replace("عمر\u200f", "<bdi>عمر\u200f</bdi>"),
    );
  });

  it("isolates several values, in the order the translation puts them", () => {
    const t = translatorFor("zh-CN");
    const say = (key: string, values: Record<string, string | number | Date>) =>
      t(`redeem.${key}`, values);
    const values = { staff: "דנה", store: "Riverside", at: "14:05" };
    const sentence = html(isolatedSentence(say, "detail.usedBy", values, ["staff", "store"]));
    expect(sentence).toContain("<bdi>דנה</bdi>");
    expect(sentence).toContain("<bdi>Riverside</bdi>");
    expect(sentence.replace(/<\/?bdi>/g, "")).toBe(t("redeem.detail.usedBy", values));
  });
});
