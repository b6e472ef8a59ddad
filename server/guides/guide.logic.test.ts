import { describe, expect, it } from "vitest";
import type { GuideQuiz } from "@/db/schema/guides";
import {
  contentHash,
  likePattern,
  progressState,
  publicQuiz,
  scoreQuiz,
  splitTitle,
  summaryOf,
} from "./guide.logic";
import { loadShippedGuides } from "./shipped-guides";

const t = (s: string) => ({ "zh-CN": `中${s}`, en: s });
const quiz: GuideQuiz = {
  passMark: 2,
  questions: [
    {
      id: "q1",
      prompt: t("one"),
      options: [
        { id: "a", label: t("a") },
        { id: "b", label: t("b") },
      ],
      correct: ["b"],
      explanation: t("because b"),
    },
    {
      id: "q2",
      prompt: t("two"),
      options: [
        { id: "a", label: t("a") },
        { id: "b", label: t("b") },
        { id: "c", label: t("c") },
      ],
      correct: ["a", "c"],
      explanation: t("a and c"),
    },
    {
      id: "q3",
      prompt: t("three"),
      options: [
        { id: "a", label: t("a") },
        { id: "b", label: t("b") },
      ],
      correct: ["a"],
      explanation: t("a"),
    },
  ],
};

describe("progressState", () => {
  const at = new Date("2026-11-26T08:00:00Z");
  const later = new Date("2026-11-26T08:05:00Z");

  it("is not started without progress or without an acknowledgment", () => {
    expect(progressState({ version: 1, hasQuiz: false }, null).state).toBe("not_started");
    expect(
      progressState(
        { version: 1, hasQuiz: true },
        { version: 1, acknowledgedAt: null, quizPassedAt: null },
      ).state,
    ).toBe("not_started");
  });

  it("completes on acknowledgment when there is no quiz, on the pass when there is", () => {
    const acked = { version: 2, acknowledgedAt: at, quizPassedAt: null };
    expect(progressState({ version: 2, hasQuiz: false }, acked)).toEqual({
      state: "completed",
      at,
    });
    expect(progressState({ version: 2, hasQuiz: true }, acked)).toEqual({
      state: "acknowledged",
      at,
    });
    expect(progressState({ version: 2, hasQuiz: true }, { ...acked, quizPassedAt: later })).toEqual(
      { state: "completed", at: later },
    );
  });

  it("is outdated once the guide's version moved past the acknowledged one", () => {
    const done = { version: 1, acknowledgedAt: at, quizPassedAt: later };
    expect(progressState({ version: 2, hasQuiz: true }, done)).toEqual({ state: "outdated", at });
    expect(progressState({ version: 2, hasQuiz: false }, done).state).toBe("outdated");
  });
});

describe("scoreQuiz", () => {
  it("counts a question right only with exactly its correct options", () => {
    const r = scoreQuiz(quiz, { q1: ["b"], q2: ["a", "c"], q3: ["b"] });
    expect(r).toMatchObject({ score: 2, total: 3, passMark: 2, passed: true });
    expect(r.results.map((x) => x.isCorrect)).toEqual([true, true, false]);
  });

  it("marks a partial or an extra choice wrong, and a missing answer wrong", () => {
    expect(scoreQuiz(quiz, { q2: ["a"] }).results[1]!.isCorrect).toBe(false);
    expect(scoreQuiz(quiz, { q2: ["a", "b", "c"] }).results[1]!.isCorrect).toBe(false);
    expect(scoreQuiz(quiz, {})).toMatchObject({ score: 0, passed: false });
  });

  it("ignores duplicated option ids and answers to unknown questions", () => {
    const r = scoreQuiz(quiz, { q1: ["b", "b"], q9: ["a"], q3: ["a"] });
    expect(r.score).toBe(2);
    expect(r.passed).toBe(true);
  });

  it("fails below the pass mark", () => {
    expect(scoreQuiz(quiz, { q1: ["b"] })).toMatchObject({ score: 1, passed: false });
  });
});

describe("publicQuiz", () => {
  it("carries no correct answers or explanations, in the reader's language", () => {
    const pub = publicQuiz(quiz, "zh-CN");
    const text = JSON.stringify(pub);
    expect(text).not.toContain("correct");
    expect(text).not.toContain("because");
    expect(pub.questions[0]!.prompt).toBe("中one");
    expect(pub.questions.map((q) => q.multiple)).toEqual([false, true, false]);
  });
});

describe("helpers", () => {
  it("hashes content independently of key order", () => {
    expect(contentHash({ a: 1, b: [1, { c: 2, d: 3 }] })).toBe(
      contentHash({ b: [1, { d: 3, c: 2 }], a: 1 }),
    );
    expect(contentHash({ a: 1 })).not.toBe(contentHash({ a: 2 }));
  });

  it("splits a Markdown file into its title and body", () => {
    expect(splitTitle("# 标题 Title\n\nBody **text**\n")).toEqual({
      title: "标题 Title",
      body: "Body **text**",
    });
    expect(() => splitTitle("No heading")).toThrow();
  });

  it("summarises the first plain paragraph", () => {
    expect(
      summaryOf("## Heading\n\n> note\n\nFirst [link](https://x.example) and **bold**.\n\nSecond"),
    ).toBe("First link and bold.");
    expect(summaryOf("x".repeat(300), 10)).toHaveLength(10);
  });

  it("escapes LIKE wildcards", () => {
    expect(likePattern("100%_a\\")).toBe("%100\\%\\_a\\\\%");
  });
});

describe("shipped guides", () => {
  const shipped = loadShippedGuides();

  it("ship the required topics, each in both languages", () => {
    expect(shipped.map((g) => g.slug)).toEqual([
      "counter-payment",
      "counter-promotion",
      "verify-payment",
      "redeem-voucher",
      "payment-failures",
      "refunds",
      "counter-fraud",
      "data-protection",
      "owner-daily-review",
      "daily-close",
    ]);
    for (const g of shipped) {
      expect(g.contents["zh-CN"].body.length, g.slug).toBeGreaterThan(300);
      expect(g.contents.en.body.length, g.slug).toBeGreaterThan(300);
      expect(g.contents["zh-CN"].title).toMatch(/[\u4e00-\u9fff]/);
    }
  });

  it("give every counter guide a quiz of 3 to 5 questions", () => {
    for (const g of shipped.filter((s) => s.roles.includes("staff"))) {
      expect(g.quiz, g.slug).not.toBeNull();
      expect(g.quiz!.questions.length).toBeGreaterThanOrEqual(3);
      expect(g.quiz!.questions.length).toBeLessThanOrEqual(5);
    }
  });

  it("keep the owner's daily review away from cashiers", () => {
    const review = shipped.find((g) => g.slug === "owner-daily-review")!;
    expect(review.roles).toEqual(["owner", "manager"]);
  });
});
