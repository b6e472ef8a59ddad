import type { QuizDraft } from "./types";

const filled = (text: { "zh-CN": string; en: string }) =>
  Boolean(text["zh-CN"].trim() && text.en.trim());

/** What the server would refuse that the editor can say at once (a message key), or null. */
export function quizProblem(quiz: QuizDraft): "needsCorrect" | "quizIncomplete" | null {
  if (quiz.questions.some((q) => q.correct.length === 0)) return "needsCorrect";
  const complete = quiz.questions.every(
    (q) => filled(q.prompt) && filled(q.explanation) && q.options.every((o) => filled(o.label)),
  );
  return complete ? null : "quizIncomplete";
}
