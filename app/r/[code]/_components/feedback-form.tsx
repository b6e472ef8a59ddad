"use client";

import { LoaderCircleIcon, StarIcon } from "lucide-react";
import { useId, useState } from "react";
import { buttonClass } from "@/app/_components/ui/button-class";
import { fieldBoxClass } from "@/app/_components/ui/field-class";
import { useCustomerLocale, useCustomerTranslations } from "@/app/_i18n/customer-intl";
import { useCustomerErrorMessage } from "@/app/_lib/use-customer-error-message";
import { usePayMutation } from "@/app/_trpc/pay-client";
import { isLocale } from "@/app/_i18n/config";

const scores = [1, 2, 3, 4, 5] as const;

/**
 * The receipt's one question: a score of 1–5 (a radio group: arrow keys move, the score is
 * read out with its words) and an optional comment, sent once. The comment is only ever
 * rendered as text by React, here and in the shop's inbox.
 */
export function FeedbackForm({
  code,
  ratedScore,
  commentMaxLength,
}: {
  code: string;
  ratedScore: number | null;
  /** The schema's (passed by the server: the schema itself is zod, not for the browser). */
  commentMaxLength: number;
}) {
  const t = useCustomerTranslations("receiptFeedback");
  const locale = useCustomerLocale();
  const errorMessage = useCustomerErrorMessage();
  const [score, setScore] = useState<number | null>(null);
  const [comment, setComment] = useState("");
  const [missingScore, setMissingScore] = useState(false);
  const ids = { title: useId(), comment: useId(), hint: useId() };
  const submit = usePayMutation("feedback.submit");

  if (ratedScore !== null || submit.data !== undefined) {
    return (
      <p role="status" className="text-center text-sm" data-feedback-done>
        {submit.data !== undefined ? t("thanks") : t("rated", { score: ratedScore ?? 0 })}
      </p>
    );
  }

  function send(e: React.FormEvent) {
    e.preventDefault();
    if (score === null) {
      setMissingScore(true);
      return;
    }
    submit.mutate({
      code,
      score,
      comment: comment.trim() || undefined,
      locale: isLocale(locale) ? locale : undefined,
    });
  }

  return (
    <form onSubmit={send} aria-labelledby={ids.title} className="flex flex-col gap-3" noValidate>
      <h2 id={ids.title} className="text-center text-base font-semibold">
        {t("title")}
      </h2>
      <fieldset className="flex flex-col items-center gap-2">
        <legend className="mb-2 w-full text-center text-sm">{t("question")}</legend>
        <div role="radiogroup" aria-label={t("question")} className="flex gap-1">
          {scores.map((s) => (
            <label
              key={s}
              className="has-focus-visible:ring-ring/50 cursor-pointer rounded-md p-1 has-focus-visible:ring-[3px]"
            >
              <input
                type="radio"
                name="score"
                value={s}
                checked={score === s}
                onChange={() => {
                  setScore(s);
                  setMissingScore(false);
                }}
                className="sr-only"
                aria-label={t("scoreLabel", { score: String(s) })}
              />
              <StarIcon
                aria-hidden
                className={
                  score !== null && s <= score
                    ? "size-9 fill-amber-400 text-amber-500"
                    : "text-muted-foreground size-9"
                }
              />
            </label>
          ))}
        </div>
        <p className="text-muted-foreground min-h-5 text-sm" aria-live="polite">
          {score !== null ? t("scoreLabel", { score: String(score) }) : null}
        </p>
      </fieldset>
      <label htmlFor={ids.comment} className="text-sm font-medium">
        {t("comment")}
      </label>
      <textarea
        id={ids.comment}
        value={comment}
        maxLength={commentMaxLength}
        rows={3}
        aria-describedby={ids.hint}
        onChange={(e) => setComment(e.target.value)}
        className={`${fieldBoxClass} resize-y text-base md:text-sm`}
      />
      <p id={ids.hint} className="text-muted-foreground text-xs">
        {t("commentHint", { left: commentMaxLength - comment.length })} · {t("private")}
      </p>
      {missingScore || submit.error !== null ? (
        <p role="alert" className="text-destructive text-sm">
          {missingScore ? t("pickScore") : errorMessage(submit.error)}
        </p>
      ) : null}
      <button
        type="submit"
        className={buttonClass("default", "lg", "w-full")}
        disabled={submit.isPending}
      >
        {submit.isPending ? <LoaderCircleIcon aria-hidden className="animate-spin" /> : null}
        {submit.isPending ? t("sending") : t("send")}
      </button>
    </form>
  );
}
