"use client";

import { useMutation, useQuery, useQueryClient } from "@/app/_trpc/query-hooks";
import { ArrowLeftIcon, SaveIcon } from "lucide-react";
import { PlainLink } from "@/app/_components/plain-link";
import { useRouter } from "next/navigation";
import { useTranslations } from "@/app/_i18n/client-intl";
import { useState, useTransition } from "react";
import { toast } from "@/app/_components/toast";
import { GuideMarkdown } from "@/app/_components/guide-markdown";
import { PageHeader } from "@/app/_components/page-header";
import {
  AlertDialog,
  AlertDialogAction,
  AlertDialogCancel,
  AlertDialogContent,
  AlertDialogDescription,
  AlertDialogFooter,
  AlertDialogTitle,
  AlertDialogTrigger,
} from "@/app/_components/ui/alert-dialog";
import { Button } from "@/app/_components/ui/button";
import { Card } from "@/app/_components/ui/card";
import { Field } from "@/app/_components/ui/field";
import { Checkbox, fieldBoxClass, Input } from "@/app/_components/ui/input";
import { Skeleton } from "@/app/_components/ui/skeleton";
import { locales, type Locale } from "@/app/_i18n/config";
import { cn } from "@/app/_lib/cn";
import { useErrorMessage } from "@/app/_lib/use-error-message";
import { useTRPC } from "@/app/_trpc/client";
import { useShopTime } from "../../_lib/use-shop-time";
import type { GuideForEdit, GuideUpdate } from "../_lib/types";
import { quizProblem } from "../_lib/quiz-draft";
import { QuizEditor } from "./quiz-editor";

const allRoles = ["owner", "manager", "staff", "analyst"] as const;

export function GuideEditor({ slug }: { slug: string }) {
  const t = useTranslations("guides");
  const trpc = useTRPC();
  const errorMessage = useErrorMessage();
  const guide = useQuery(trpc.guides.forEdit.queryOptions({ slug }));
  return (
    <div className="mx-auto flex max-w-6xl flex-col gap-6">
      <PlainLink
        href={`/guides/${slug}`}
        className="text-muted-foreground hover:text-foreground inline-flex w-fit items-center gap-1 text-sm"
      >
        <ArrowLeftIcon className="size-4" aria-hidden />
        {t("editor.back")}
      </PlainLink>
      {guide.isPending ? (
        <Skeleton className="h-96" />
      ) : guide.isError ? (
        <Card role="alert" className="flex flex-col items-start gap-3 p-5 text-sm">
          <p>{errorMessage(guide.error)}</p>
          <Button variant="outline" size="sm" onClick={() => void guide.refetch()}>
            {t("retry")}
          </Button>
        </Card>
      ) : (
        <EditorForm key={guide.data.version} guide={guide.data} />
      )}
    </div>
  );
}

function EditorForm({ guide }: { guide: GuideForEdit }) {
  const t = useTranslations("guides.editor");
  const tRole = useTranslations("roles");
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const router = useRouter();
  const errorMessage = useErrorMessage();
  const { dateTime } = useShopTime();
  const [draft, setDraft] = useState<Omit<GuideUpdate, "slug" | "expectedVersion">>({
    roles: guide.roles,
    contents: guide.contents,
    quiz: guide.quiz,
  });
  const [language, setLanguage] = useState<Locale>("zh-CN");
  const [view, setView] = useState<"write" | "preview">("write");
  const [problem, setProblem] = useState<string | null>(null);
  const nextVersion = guide.version + 1;

  // Saving stays busy until the guide's page is in: a second tap would save a version again.
  const [navigating, startNavigation] = useTransition();
  const save = useMutation(
    trpc.guides.update.mutationOptions({
      onSuccess: async ({ version }) => {
        toast.success(t("saved", { version }));
        await queryClient.invalidateQueries({ queryKey: trpc.guides.pathKey() });
        startNavigation(() => router.push(`/guides/${guide.slug}`));
      },
      onError: (err) => setProblem(errorMessage(err)),
    }),
  );

  function setContent(field: "title" | "body", value: string) {
    setDraft((d) => ({
      ...d,
      contents: { ...d.contents, [language]: { ...d.contents[language], [field]: value } },
    }));
  }

  function toggleRole(role: (typeof allRoles)[number], on: boolean) {
    setDraft((d) => ({
      ...d,
      roles: on ? [...d.roles, role] : d.roles.filter((r) => r !== role),
    }));
  }

  function confirmSave() {
    const contentMissing = locales.some(
      (l) => !draft.contents[l].title.trim() || !draft.contents[l].body.trim(),
    );
    const issue = contentMissing
      ? "contentIncomplete"
      : draft.roles.length === 0
        ? "rolesMissing"
        : draft.quiz
          ? quizProblem(draft.quiz)
          : null;
    if (issue) {
      setProblem(t(issue));
      return;
    }
    setProblem(null);
    save.mutate({ slug: guide.slug, expectedVersion: guide.version, ...draft });
  }

  const content = draft.contents[language];
  const languageName = t(language);

  return (
    <div className="flex flex-col gap-6">
      <PageHeader
        title={`${t("title")}: ${guide.contents["zh-CN"].title}`}
        description={t("description")}
      />
      <p className="text-muted-foreground text-sm">
        {guide.editedAt ? t("lastEdited", { date: dateTime(guide.editedAt) }) : t("shipped")}
      </p>

      <Card className="flex flex-col gap-5 p-5">
        <fieldset className="flex flex-col gap-2">
          <legend className="mb-2 text-sm font-medium">{t("roles")}</legend>
          <div className="flex flex-wrap gap-2">
            {allRoles.map((role) => (
              <label
                key={role}
                className="has-[:focus-visible]:ring-ring/50 flex min-h-10 items-center gap-2 rounded-md border px-3 text-sm has-[:focus-visible]:ring-[3px]"
              >
                <Checkbox
                  checked={draft.roles.includes(role)}
                  onChange={(e) => toggleRole(role, e.target.checked)}
                />
                {tRole(role)}
              </label>
            ))}
          </div>
        </fieldset>

        <div className="flex flex-wrap items-center justify-between gap-3">
          <div
            role="group"
            aria-label={t("language")}
            className="inline-flex rounded-md border p-1"
          >
            {locales.map((l) => (
              <Button
                key={l}
                type="button"
                size="sm"
                variant={language === l ? "secondary" : "ghost"}
                aria-pressed={language === l}
                onClick={() => setLanguage(l)}
              >
                {t(l)}
              </Button>
            ))}
          </div>
          <div
            role="group"
            aria-label={t("preview")}
            className="inline-flex rounded-md border p-1 lg:hidden"
          >
            {(["write", "preview"] as const).map((v) => (
              <Button
                key={v}
                type="button"
                size="sm"
                variant={view === v ? "secondary" : "ghost"}
                aria-pressed={view === v}
                onClick={() => setView(v)}
              >
                {t(v)}
              </Button>
            ))}
          </div>
        </div>

        <div className="grid gap-5 lg:grid-cols-2">
          <div className={cn("flex-col gap-4", view === "preview" ? "hidden lg:flex" : "flex")}>
            <Field id="guide-title" label={t("guideTitle", { language: languageName })}>
              <Input
                id="guide-title"
                value={content.title}
                maxLength={120}
                lang={language}
                onChange={(e) => setContent("title", e.target.value)}
              />
            </Field>
            <Field
              id="guide-body"
              label={t("body", { language: languageName })}
              hint={t("bodyHint")}
            >
              <textarea
                id="guide-body"
                value={content.body}
                lang={language}
                rows={24}
                maxLength={40_000}
                onChange={(e) => setContent("body", e.target.value)}
                className={cn(
                  fieldBoxClass,
                  "h-auto min-h-80 font-mono text-sm leading-6 md:text-sm",
                )}
              />
            </Field>
          </div>
          <section
            aria-label={t("preview")}
            className={cn(
              "bg-background flex-col gap-2 rounded-md border p-4",
              view === "write" ? "hidden lg:flex" : "flex",
            )}
          >
            <p className="text-muted-foreground text-xs font-medium tracking-wide uppercase">
              {t("preview")}
            </p>
            <h2 className="text-xl font-semibold">{content.title}</h2>
            <GuideMarkdown source={content.body} />
          </section>
        </div>
      </Card>

      <QuizEditor
        quiz={draft.quiz}
        language={language}
        onChange={(quiz) => setDraft((d) => ({ ...d, quiz }))}
      />

      <div className="flex flex-col gap-3 sm:flex-row sm:items-center sm:justify-end">
        {problem ? (
          <p role="alert" className="text-destructive text-sm sm:mr-auto">
            {problem}
          </p>
        ) : null}
        <AlertDialog>
          <AlertDialogTrigger asChild>
            <Button size="lg" disabled={save.isPending || navigating}>
              <SaveIcon />
              {t("save", { version: nextVersion })}
            </Button>
          </AlertDialogTrigger>
          <AlertDialogContent>
            <AlertDialogTitle>{t("saveTitle", { version: nextVersion })}</AlertDialogTitle>
            <AlertDialogDescription>{t("saveBody")}</AlertDialogDescription>
            <AlertDialogFooter>
              <AlertDialogCancel>{t("cancel")}</AlertDialogCancel>
              <AlertDialogAction onClick={confirmSave}>
                {t("save", { version: nextVersion })}
              </AlertDialogAction>
            </AlertDialogFooter>
          </AlertDialogContent>
        </AlertDialog>
      </div>
    </div>
  );
}
