"use client";

import { useEffect, useId, useRef, useState, type ChangeEvent, type ReactNode } from "react";
import { sayCounted, type CountedSentence } from "@/app/_i18n/counted-sentence";
import type { Locale } from "@/app/_i18n/config";
import type { CustomerErrorTexts } from "@/app/_i18n/customer-errors";
import { errorSentence, saidErrors } from "@/app/_lib/error-sentence";
import { useTypedBeforeHydration } from "@/app/_lib/use-typed-before-hydration";
import { usePayMutation } from "@/app/_trpc/pay-client";

/** The form's words (the `receiptFeedback` messages), said by the server. */
export type FeedbackTexts = Record<
  "title" | "question" | "comment" | "private" | "pickScore" | "thanks" | "send" | "sending",
  string
> & {
  /** Each score's words, for scores 1 to 5. */
  scores: string[];
  commentHint: CountedSentence;
};

/**
 * The receipt's one question: a score of 1–5 (a radio group: arrow keys move, the score is
 * read out with its words) and an optional comment, sent once. The comment is only ever
 * rendered as text by React, here and in the shop's inbox. Its words, icons and looks come
 * from the server (the receipt page, which also says a score given earlier in place of it).
 * It is shown when the customer opens it (FeedbackOpener), so focus goes to the first score.
 */
export function FeedbackForm({
  code,
  locale,
  commentMaxLength,
  texts,
  errors,
  classes,
  icons,
}: {
  code: string;
  /** The page's language, kept with the answer. */
  locale: Locale | undefined;
  /** The schema's (passed by the server: the schema itself is zod, not for the browser). */
  commentMaxLength: number;
  texts: FeedbackTexts;
  errors: CustomerErrorTexts;
  classes: { comment: string; send: string };
  icons: { star: ReactNode; starChosen: ReactNode; busy: ReactNode };
}) {
  const [score, setScore] = useState<number | null>(null);
  const [comment, setComment] = useState("");
  const onCommentChange = (e: ChangeEvent<HTMLTextAreaElement>) => setComment(e.target.value);
  const commentField = useTypedBeforeHydration(undefined, {
    value: comment,
    onChange: onCommentChange,
  });
  const [missingScore, setMissingScore] = useState(false);
  const ids = { title: useId(), comment: useId(), hint: useId() };
  const submit = usePayMutation("feedback.submit");
  const firstScore = useRef<HTMLInputElement>(null);

  useEffect(() => firstScore.current?.focus(), []);

  if (submit.data !== undefined) {
    return (
      <p role="status" className="text-center text-sm" data-feedback-done>
        {texts.thanks}
      </p>
    );
  }

  function send(e: React.FormEvent) {
    e.preventDefault();
    if (score === null) {
      setMissingScore(true);
      return;
    }
    submit.mutate({ code, score, comment: comment.trim() || undefined, locale });
  }

  return (
    <form onSubmit={send} aria-labelledby={ids.title} className="flex flex-col gap-3" noValidate>
      <h2 id={ids.title} className="text-center text-base font-semibold">
        {texts.title}
      </h2>
      <fieldset className="flex flex-col items-center gap-2">
        <legend className="mb-2 w-full text-center text-sm">{texts.question}</legend>
        <div role="radiogroup" aria-label={texts.question} className="flex gap-1">
          {texts.scores.map((words, i) => {
            const s = i + 1;
            return (
              <label
                key={s}
                className="has-focus-visible:ring-ring/50 cursor-pointer rounded-md p-1 has-focus-visible:ring-[3px]"
              >
                <input
                  ref={s === 1 ? firstScore : undefined}
                  type="radio"
                  name="score"
                  value={s}
                  checked={score === s}
                  onChange={() => {
                    setScore(s);
                    setMissingScore(false);
                  }}
                  className="sr-only"
                  aria-label={words}
                />
                {score !== null && s <= score ? icons.starChosen : icons.star}
              </label>
            );
          })}
        </div>
        <p className="text-muted-foreground min-h-5 text-sm" aria-live="polite">
          {score !== null ? texts.scores[score - 1] : null}
        </p>
      </fieldset>
      <label htmlFor={ids.comment} className="text-sm font-medium">
        {texts.comment}
      </label>
      <textarea
        id={ids.comment}
        value={comment}
        maxLength={commentMaxLength}
        rows={3}
        aria-describedby={ids.hint}
        {...commentField}
        className={classes.comment}
      />
      <p id={ids.hint} className="text-muted-foreground text-xs">
        {sayCounted(texts.commentHint, commentMaxLength - comment.length)} · {texts.private}
      </p>
      {missingScore || submit.error !== null ? (
        <p role="alert" className="text-destructive text-sm">
          {missingScore ? texts.pickScore : errorSentence(saidErrors(errors), submit.error)}
        </p>
      ) : null}
      <button type="submit" className={classes.send} disabled={submit.isPending}>
        {submit.isPending ? icons.busy : null}
        {submit.isPending ? texts.sending : texts.send}
      </button>
    </form>
  );
}
