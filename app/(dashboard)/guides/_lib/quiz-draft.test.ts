import { describe, expect, it } from "vitest";
import { quizProblem } from "./quiz-draft";
import type { QuizDraft } from "./types";

const both = (s: string) => ({ "zh-CN": `中${s}`, en: s });
const quiz = (patch: Partial<QuizDraft["questions"][number]> = {}): QuizDraft => ({
  passMark: 1,
  questions: [
    {
      id: "q1",
      prompt: both("prompt"),
      options: [
        { id: "a", label: both("a") },
        { id: "b", label: both("b") },
      ],
      correct: ["a"],
      explanation: both("why"),
      ...patch,
    },
  ],
});

describe("quizProblem", () => {
  it("accepts a complete quiz", () => {
    expect(quizProblem(quiz())).toBeNull();
  });

  it("asks for a correct answer in every question", () => {
    expect(quizProblem(quiz({ correct: [] }))).toBe("needsCorrect");
  });

  it("asks for every text in both languages", () => {
    expect(quizProblem(quiz({ prompt: { "zh-CN": "题目", en: " " } }))).toBe("quizIncomplete");
    expect(
      quizProblem(
        quiz({
          options: [
            { id: "a", label: both("a") },
            { id: "b", label: { "zh-CN": "", en: "b" } },
          ],
        }),
      ),
    ).toBe("quizIncomplete");
    expect(quizProblem(quiz({ explanation: { "zh-CN": "解析", en: "" } }))).toBe("quizIncomplete");
  });
});
