import { createHash } from "node:crypto";
import type { locales } from "@/db/schema/enum-values";
import type { GuideQuiz } from "@/db/schema/guides";
import type { Role } from "@/server/auth/roles.logic";
import { canonicalJson } from "@/server/crypto/canonical-json.logic";

export type Locale = (typeof locales)[number];

/**
 * Where a person stands on a guide:
 * - `not_started`: nothing yet on the current version (never opened, or read without acknowledging);
 * - `acknowledged`: acknowledged the current version, quiz still to pass;
 * - `completed`: acknowledged and (if the guide has a quiz) passed it, on the current version;
 * - `outdated`: acknowledged an older version; the guide changed since and must be read again.
 */
export type GuideState = "not_started" | "acknowledged" | "completed" | "outdated";

export interface ProgressRow {
  version: number;
  acknowledgedAt: Date | null;
  quizPassedAt: Date | null;
}

export function progressState(
  guide: { version: number; hasQuiz: boolean },
  progress: ProgressRow | null | undefined,
): { state: GuideState; at: Date | null } {
  if (!progress?.acknowledgedAt) return { state: "not_started", at: null };
  if (progress.version < guide.version) return { state: "outdated", at: progress.acknowledgedAt };
  if (!guide.hasQuiz) return { state: "completed", at: progress.acknowledgedAt };
  if (progress.quizPassedAt) return { state: "completed", at: progress.quizPassedAt };
  return { state: "acknowledged", at: progress.acknowledgedAt };
}

export function isForRole(guideRoles: readonly Role[], role: Role): boolean {
  return guideRoles.includes(role);
}

export interface QuizResult {
  score: number;
  total: number;
  passMark: number;
  passed: boolean;
  /** Per question: answered right or not. */
  results: { questionId: string; isCorrect: boolean }[];
}

/**
 * Scores on the server against the stored answers. A question is right only when exactly its
 * correct options are chosen (choosing one more, or one fewer, is wrong).
 */
export function scoreQuiz(quiz: GuideQuiz, answers: Record<string, string[]>): QuizResult {
  const results = quiz.questions.map((q) => {
    const chosen = new Set(answers[q.id] ?? []);
    const isCorrect = chosen.size === q.correct.length && q.correct.every((c) => chosen.has(c));
    return { questionId: q.id, isCorrect };
  });
  const score = results.filter((r) => r.isCorrect).length;
  return {
    score,
    total: quiz.questions.length,
    passMark: quiz.passMark,
    passed: score >= quiz.passMark,
    results,
  };
}

/**
 * Failed tries allowed in a row before the quiz waits, and for how long: with the score and
 * the wrong questions after each try, unlimited quick retries would let anyone find the
 * answers by elimination instead of reading the guide.
 */
export const quizCooldown = { failedTries: 2, minutes: 30 } as const;

/** The reader's failed tries and wait after a try. */
export function afterQuizTry(
  failedTries: number,
  passed: boolean,
  now: Date,
): { failedTries: number; lockedUntil: Date | null } {
  if (passed) return { failedTries: 0, lockedUntil: null };
  if (failedTries + 1 < quizCooldown.failedTries)
    return { failedTries: failedTries + 1, lockedUntil: null };
  return {
    failedTries: 0,
    lockedUntil: new Date(now.getTime() + quizCooldown.minutes * 60_000),
  };
}

/** The quiz as the reader may see it before answering: no correct options, no explanations. */
export function publicQuiz(quiz: GuideQuiz, locale: Locale) {
  return {
    passMark: quiz.passMark,
    questions: quiz.questions.map((q) => ({
      id: q.id,
      prompt: q.prompt[locale],
      multiple: q.correct.length > 1,
      options: q.options.map((o) => ({ id: o.id, label: o.label[locale] })),
    })),
  };
}

/** What the reader learns after passing: the right options and why. */
export function quizAnswers(quiz: GuideQuiz, locale: Locale) {
  return quiz.questions.map((q) => ({
    questionId: q.id,
    correct: q.correct,
    explanation: q.explanation[locale],
  }));
}

/** A stable hash of a shipped guide's content, to notice when the shipped text changed. */
export function contentHash(value: unknown): string {
  return createHash("sha256").update(canonicalJson(value)).digest("hex");
}

/**
 * A shipped Markdown file starts with its title as a level-1 heading; the rest is the body.
 */
export function splitTitle(markdown: string): { title: string; body: string } {
  const match = /^#\s+(.+)\r?\n/.exec(markdown.trimStart());
  if (!match) throw new Error("A guide file must start with '# Title'");
  // eslint-disable-next-line @typescript-eslint/no-non-null-assertion -- the pattern's title group always takes part in a match
  return { title: match[1]!.trim(), body: markdown.trimStart().slice(match[0].length).trim() };
}

/** The first paragraph of a body as plain text, for the library's cards. */
export function summaryOf(body: string, max = 140): string {
  const paragraph =
    body
      .split(/\r?\n\s*\r?\n/)
      .map((p) => p.trim())
      .find((p) => p && !/^(#|>|\||-|\d+\.|```|!\[)/.test(p)) ?? "";
  const plain = paragraph
    .replace(/\[([^\]]*)\]\([^)]*\)/g, "$1")
    .replace(/[*_`]/g, "")
    .replace(/\s+/g, " ")
    .trim();
  return plain.length > max ? `${plain.slice(0, max - 1)}…` : plain;
}

/** Escapes LIKE wildcards so a search for "100%" means the text "100%". */
export function likePattern(search: string): string {
  return `%${search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}
