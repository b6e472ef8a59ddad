import { createElement, Fragment } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { translatorFor } from "@/server/http/locale";
import { isolated, isolatedSentence } from "./isolated-sentence";

const html = (node: ReturnType<typeof isolatedSentence>) =>
  renderToStaticMarkup(createElement(Fragment, null, node));

describe("a sentence naming what people typed", () => {
  // "Confirmed by" an Arabic name and a time: without an isolate the name's right-to-left run
  // took the neighbouring digits and punctuation with it, and a stray RLM in a name turned
  // the words after it around.
  it("puts each user-given value in its own <bdi>, the sentence's words unchanged", () => {
    const t = translatorFor("en");
    const say = (key: string, values: Record<string, string | number>) =>
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
    const say = (key: string, values: Record<string, string | number>) =>
      t(`redeem.${key}`, values);
    const values = { staff: "דנה", store: "Riverside", at: "14:05" };
    const sentence = html(isolatedSentence(say, "detail.usedBy", values, ["staff", "store"]));
    expect(sentence).toContain("<bdi>דנה</bdi>");
    expect(sentence).toContain("<bdi>Riverside</bdi>");
    expect(sentence.replace(/<\/?bdi>/g, "")).toBe(t("redeem.detail.usedBy", values));
  });

  // The audit log and the timeline name people "name <e-mail>": one isolate around it all
  // took its direction from an Arabic name and laid the e-mail out backwards.
  it("keeps a person's e-mail left to right after their isolated name", () => {
    expect(html(isolated("عمر\u200f <omar@shop.example>"))).toBe(
      '<bdi dir="ltr"><bdi>عمر\u200f</bdi> &lt;omar@shop.example&gt;</bdi>',
    );
    expect(html(isolated("Latte"))).toBe("<bdi>Latte</bdi>");
  });
});
