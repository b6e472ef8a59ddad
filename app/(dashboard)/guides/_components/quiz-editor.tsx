"use client";

import { PlusIcon, Trash2Icon } from "lucide-react";
import { useTranslations } from "@/app/_i18n/client-intl";
import { Button } from "@/app/_components/ui/button";
import { Card } from "@/app/_components/ui/card";
import { Field } from "@/app/_components/ui/field";
import { Checkbox, Input } from "@/app/_components/ui/input";
import type { Locale } from "@/app/_i18n/config";
import type { QuizDraft } from "../_lib/types";

type Question = QuizDraft["questions"][number];
const blank = () => ({ "zh-CN": "", en: "" });

function nextId(taken: string[], make: (n: number) => string): string {
  for (let n = 1; ; n++) if (!taken.includes(make(n))) return make(n);
}

const letter = (n: number) => String.fromCharCode(96 + n);

function newQuestion(taken: string[]): Question {
  return {
    id: nextId(taken, (n) => `q${n}`),
    prompt: blank(),
    options: [
      { id: "a", label: blank() },
      { id: "b", label: blank() },
    ],
    correct: [],
    explanation: blank(),
  };
}

/** The quiz of a guide, edited in one language at a time (the other keeps its text). */
export function QuizEditor({
  quiz,
  language,
  onChange,
}: {
  quiz: QuizDraft | null;
  language: Locale;
  onChange: (quiz: QuizDraft | null) => void;
}) {
  const t = useTranslations("guides.editor");
  const languageName = t(language);

  function setQuestion(index: number, patch: (q: Question) => Question) {
    if (!quiz) return;
    onChange({ ...quiz, questions: quiz.questions.map((q, i) => (i === index ? patch(q) : q)) });
  }

  function removeQuestion(index: number) {
    if (!quiz) return;
    const questions = quiz.questions.filter((_, i) => i !== index);
    onChange(
      questions.length === 0
        ? null
        : { passMark: Math.min(quiz.passMark, questions.length), questions },
    );
  }

  return (
    <Card className="flex flex-col gap-5 p-5">
      <label className="flex items-center gap-2 font-medium">
        <Checkbox
          checked={quiz !== null}
          onChange={(e) =>
            onChange(e.target.checked ? { passMark: 1, questions: [newQuestion([])] } : null)
          }
        />
        {t("hasQuiz")}
      </label>
      {quiz ? (
        <>
          <div className="max-w-xs">
            <Field id="quiz-pass-mark" label={t("passMark")}>
              <Input
                id="quiz-pass-mark"
                type="number"
                min={1}
                max={quiz.questions.length}
                value={quiz.passMark}
                onChange={(e) =>
                  onChange({
                    ...quiz,
                    passMark: Math.max(
                      1,
                      Math.min(quiz.questions.length, Number(e.target.value) || 1),
                    ),
                  })
                }
              />
            </Field>
          </div>
          <ol className="flex flex-col gap-5">
            {quiz.questions.map((q, qi) => (
              <li key={q.id}>
                <fieldset className="flex flex-col gap-3 rounded-md border p-4">
                  <legend className="px-1 text-sm font-semibold">
                    {t("questionN", { n: qi + 1 })}
                  </legend>
                  <Field id={`${q.id}-prompt`} label={t("prompt", { language: languageName })}>
                    <Input
                      id={`${q.id}-prompt`}
                      lang={language}
                      value={q.prompt[language]}
                      maxLength={500}
                      onChange={(e) =>
                        setQuestion(qi, (x) => ({
                          ...x,
                          prompt: { ...x.prompt, [language]: e.target.value },
                        }))
                      }
                    />
                  </Field>
                  {q.options.map((o, oi) => (
                    <div key={o.id} className="flex items-end gap-2">
                      <div className="flex-1">
                        <Field
                          id={`${q.id}-${o.id}`}
                          label={t("optionN", { n: oi + 1, language: languageName })}
                        >
                          <Input
                            id={`${q.id}-${o.id}`}
                            lang={language}
                            value={o.label[language]}
                            maxLength={300}
                            onChange={(e) =>
                              setQuestion(qi, (x) => ({
                                ...x,
                                options: x.options.map((y) =>
                                  y.id === o.id
                                    ? { ...y, label: { ...y.label, [language]: e.target.value } }
                                    : y,
                                ),
                              }))
                            }
                          />
                        </Field>
                      </div>
                      <label className="flex h-10 items-center gap-2 text-sm">
                        <Checkbox
                          checked={q.correct.includes(o.id)}
                          onChange={(e) =>
                            setQuestion(qi, (x) => ({
                              ...x,
                              correct: e.target.checked
                                ? [...x.correct, o.id]
                                : x.correct.filter((c) => c !== o.id),
                            }))
                          }
                        />
                        {t("correct")}
                      </label>
                      <Button
                        type="button"
                        variant="ghost"
                        size="icon"
                        disabled={q.options.length <= 2}
                        aria-label={t("removeOption", { n: oi + 1 })}
                        onClick={() =>
                          setQuestion(qi, (x) => ({
                            ...x,
                            options: x.options.filter((y) => y.id !== o.id),
                            correct: x.correct.filter((c) => c !== o.id),
                          }))
                        }
                      >
                        <Trash2Icon />
                      </Button>
                    </div>
                  ))}
                  <div className="flex flex-wrap gap-2">
                    <Button
                      type="button"
                      variant="outline"
                      size="sm"
                      disabled={q.options.length >= 6}
                      onClick={() =>
                        setQuestion(qi, (x) => ({
                          ...x,
                          options: [
                            ...x.options,
                            {
                              id: nextId(
                                x.options.map((y) => y.id),
                                letter,
                              ),
                              label: blank(),
                            },
                          ],
                        }))
                      }
                    >
                      <PlusIcon />
                      {t("addOption")}
                    </Button>
                  </div>
                  <Field
                    id={`${q.id}-explanation`}
                    label={t("explanation", { language: languageName })}
                  >
                    <Input
                      id={`${q.id}-explanation`}
                      lang={language}
                      value={q.explanation[language]}
                      maxLength={1000}
                      onChange={(e) =>
                        setQuestion(qi, (x) => ({
                          ...x,
                          explanation: { ...x.explanation, [language]: e.target.value },
                        }))
                      }
                    />
                  </Field>
                  <Button
                    type="button"
                    variant="ghost"
                    size="sm"
                    className="text-destructive w-fit"
                    onClick={() => removeQuestion(qi)}
                  >
                    <Trash2Icon />
                    {t("removeQuestion", { n: qi + 1 })}
                  </Button>
                </fieldset>
              </li>
            ))}
          </ol>
          <Button
            type="button"
            variant="outline"
            className="w-fit"
            disabled={quiz.questions.length >= 10}
            onClick={() =>
              onChange({
                ...quiz,
                questions: [...quiz.questions, newQuestion(quiz.questions.map((q) => q.id))],
              })
            }
          >
            <PlusIcon />
            {t("addQuestion")}
          </Button>
        </>
      ) : null}
    </Card>
  );
}
