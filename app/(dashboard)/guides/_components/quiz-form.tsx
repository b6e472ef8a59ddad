"use client";

import { useMutation } from "@/app/_trpc/query-hooks";
import { CheckIcon, LockIcon, XIcon } from "lucide-react";
import { useFormatter, useTranslations } from "@/app/_i18n/client-intl";
import { useState, type ChangeEvent, type FormEvent } from "react";
import { toast } from "@/app/_components/toast";
import { Button } from "@/app/_components/ui/button";
import { Card } from "@/app/_components/ui/card";
import { Checkbox } from "@/app/_components/ui/input";
import { cn } from "@/app/_lib/cn";
import { useErrorMessage } from "@/app/_lib/use-error-message";
import { useTRPC } from "@/app/_trpc/client";
import type { GuideForReading } from "../_lib/types";

type Quiz = NonNullable<GuideForReading["quiz"]>;
type Answers = NonNullable<GuideForReading["answers"]>;

/**
 * The guide's quiz. The options come without their answers; the server scores the choices
 * and says which questions were wrong (never which option is right); once passed, the guide
 * comes back with the right answers and why. After too many failed tries it waits.
 */
export function QuizForm({
  slug,
  version,
  quiz,
  locked,
  answers,
  retryAt,
  onSubmitted,
}: {
  slug: string;
  version: number;
  quiz: Quiz;
  locked: boolean;
  /** Present once this person has passed this version. */
  answers: Answers | null;
  /** Set while the quiz waits after too many failed tries. */
  retryAt: Date | null;
  onSubmitted: () => unknown;
}) {
  const t = useTranslations("guides.quiz");
  const format = useFormatter();
  const trpc = useTRPC();
  const errorMessage = useErrorMessage();
  const [chosen, setChosen] = useState<Record<string, string[]>>(() =>
    Object.fromEntries((answers ?? []).map((a) => [a.questionId, a.correct])),
  );
  const [missing, setMissing] = useState(false);
  const submit = useMutation(
    trpc.guides.submitQuiz.mutationOptions({
      onSuccess: () => void onSubmitted(),
      onError: (err) => toast.error(errorMessage(err)),
    }),
  );
  const result = submit.data;
  const shownAnswers = answers;
  const wrong = new Set(result?.wrongQuestionIds);
  const done = Boolean(shownAnswers);
  const waitUntil = result ? result.retryAt : retryAt;

  function choose(questionId: string, optionId: string, multiple: boolean, on: boolean) {
    submit.reset();
    setMissing(false);
    setChosen((prev) => {
      const current = prev[questionId] ?? [];
      const next = multiple
        ? on
          ? [...current, optionId]
          : current.filter((o) => o !== optionId)
        : [optionId];
      return { ...prev, [questionId]: next };
    });
  }

  function onSubmit(e: FormEvent) {
    e.preventDefault();
    if (quiz.questions.some((q) => !chosen[q.id]?.length)) {
      setMissing(true);
      return;
    }
    submit.mutate({ slug, version, answers: chosen });
  }

  return (
    <Card className="flex flex-col gap-4 p-5">
      <div className="flex flex-col gap-1">
        <h2 className="text-lg font-semibold">{t("title")}</h2>
        <p className="text-muted-foreground text-sm">
          {t("intro", { total: quiz.questions.length, passMark: quiz.passMark })}
        </p>
      </div>
      {locked ? (
        <p className="text-muted-foreground flex items-center gap-2 text-sm">
          <LockIcon className="size-4" aria-hidden />
          {t("locked")}
        </p>
      ) : (
        <form onSubmit={onSubmit} className="flex flex-col gap-5" noValidate>
          {quiz.questions.map((q, i) => {
            const isWrong = wrong.has(q.id);
            const answer = shownAnswers?.find((a) => a.questionId === q.id);
            return (
              <fieldset key={q.id} className="flex flex-col gap-2" disabled={done}>
                <legend className="mb-1 font-medium">
                  <span className="text-muted-foreground mr-2 text-sm">
                    {t("question", { n: i + 1 })}
                  </span>
                  {q.prompt}
                  <span className="text-muted-foreground ml-2 text-xs font-normal">
                    ({q.multiple ? t("chooseAll") : t("chooseOne")})
                  </span>
                </legend>
                {q.options.map((o) => {
                  const id = `${q.id}-${o.id}`;
                  const checked = chosen[q.id]?.includes(o.id) ?? false;
                  const isRight = answer?.correct.includes(o.id);
                  const choice = {
                    id,
                    name: q.id,
                    value: o.id,
                    checked,
                    onChange: (e: ChangeEvent<HTMLInputElement>) =>
                      choose(q.id, o.id, q.multiple, e.target.checked),
                  };
                  return (
                    <label
                      key={o.id}
                      htmlFor={id}
                      className={cn(
                        "hover:bg-accent/50 has-[:focus-visible]:ring-ring/50 flex min-h-11 cursor-pointer items-start gap-3 rounded-md border px-3 py-2.5 text-sm has-[:focus-visible]:ring-[3px]",
                        isRight
                          ? "border-emerald-500 bg-emerald-50"
                          : checked && "border-primary bg-accent/40",
                      )}
                    >
                      {q.multiple ? (
                        <Checkbox {...choice} />
                      ) : (
                        <input
                          type="radio"
                          {...choice}
                          className="accent-primary size-6 shrink-0"
                        />
                      )}
                      <span className="flex-1">{o.label}</span>
                      {isRight ? (
                        <CheckIcon className="size-4 text-emerald-700" aria-hidden />
                      ) : null}
                    </label>
                  );
                })}
                {isWrong && !done ? (
                  <p className="text-destructive flex items-center gap-1 text-sm font-medium">
                    <XIcon className="size-4" aria-hidden />
                    {t("wrong")}
                  </p>
                ) : null}
                {answer ? (
                  <p className="text-muted-foreground text-sm">
                    <span className="text-foreground font-medium">{t("why")}</span>{" "}
                    {answer.explanation}
                  </p>
                ) : null}
              </fieldset>
            );
          })}

          <div aria-live="polite" className="flex flex-col gap-3">
            {missing ? <p className="text-destructive text-sm">{t("unanswered")}</p> : null}
            {result ? (
              <p
                role="status"
                className={cn(
                  "rounded-md p-3 text-sm font-medium",
                  result.passed
                    ? "bg-emerald-50 text-emerald-900"
                    : "bg-destructive/10 text-destructive",
                )}
              >
                {result.passed
                  ? t("passed", { score: result.score, total: result.total })
                  : t("failed", {
                      score: result.score,
                      total: result.total,
                      passMark: result.passMark,
                    })}
              </p>
            ) : null}
            {waitUntil && !done ? (
              <p role="status" className="bg-muted rounded-md p-3 text-sm">
                {t("coolingDown", { time: format.dateTime(waitUntil, { timeStyle: "short" }) })}
              </p>
            ) : null}
          </div>
          {done || waitUntil ? null : (
            <Button type="submit" size="lg" className="w-full sm:w-fit" disabled={submit.isPending}>
              {result && !result.passed ? t("retake") : t("submit")}
            </Button>
          )}
        </form>
      )}
    </Card>
  );
}
