"use client";

import { useMutation, useQuery, useQueryClient } from "@/app/_trpc/query-hooks";
import { ArrowLeftIcon, CheckCircle2Icon, InfoIcon, PencilIcon, RotateCcwIcon } from "lucide-react";
import { PlainLink } from "@/app/_components/plain-link";
import { useLocale, useTranslations } from "@/app/_i18n/client-intl";
import { toast } from "@/app/_components/toast";
import { GuideMarkdown } from "@/app/_components/guide-markdown";
import { Badge } from "@/app/_components/ui/badge";
import { Button, buttonVariants } from "@/app/_components/ui/button";
import { buttonLine } from "@/app/_components/ui/button-class";
import { Card } from "@/app/_components/ui/card";
import { Skeleton } from "@/app/_components/ui/skeleton";
import type { Locale } from "@/app/_i18n/config";
import { useErrorMessage } from "@/app/_lib/use-error-message";
import { useTRPC } from "@/app/_trpc/client";
import { useShopTime } from "../../_lib/use-shop-time";
import type { GuideForReading } from "../_lib/types";
import { GuideStateBadge } from "./guide-state-badge";
import { QuizForm } from "./quiz-form";

export function GuideReader({ slug, canEdit }: { slug: string; canEdit: boolean }) {
  const t = useTranslations("guides");
  const locale = useLocale() as Locale;
  const trpc = useTRPC();
  const errorMessage = useErrorMessage();
  const guide = useQuery(trpc.guides.bySlug.queryOptions({ slug, locale }));

  return (
    <div className="mx-auto flex max-w-3xl flex-col gap-6">
      <PlainLink
        href="/guides"
        className="text-muted-foreground hover:text-foreground inline-flex w-fit items-center gap-1 text-sm"
      >
        <ArrowLeftIcon className="size-4" aria-hidden />
        {t("reader.back")}
      </PlainLink>
      {guide.isPending ? (
        <div className="flex flex-col gap-4" aria-busy="true">
          <Skeleton className="h-9 w-2/3" />
          <Skeleton className="h-64" />
        </div>
      ) : guide.isError ? (
        <Card role="alert" className="flex flex-col items-start gap-3 p-5 text-sm">
          <p className="font-medium">{t("reader.loadError")}</p>
          <p>{errorMessage(guide.error)}</p>
          <Button variant="outline" size="sm" onClick={() => void guide.refetch()}>
            {t("retry")}
          </Button>
        </Card>
      ) : (
        <GuideArticle guide={guide.data} canEdit={canEdit} />
      )}
    </div>
  );
}

function GuideArticle({ guide, canEdit }: { guide: GuideForReading; canEdit: boolean }) {
  const t = useTranslations("guides");
  const tRole = useTranslations("roles");
  return (
    <>
      <header className="flex flex-col gap-3">
        <div className="flex flex-wrap items-center gap-2">
          {guide.isForMe ? <GuideStateBadge state={guide.state} /> : null}
          <Badge variant="outline">{t("version", { version: guide.version })}</Badge>
          <span className="text-muted-foreground text-xs">
            {t("forRoles", { roles: guide.roles.map((r) => tRole(r)).join(" · ") })}
          </span>
        </div>
        <div className="flex flex-col gap-3 sm:flex-row sm:items-start sm:justify-between">
          <h1 className="text-2xl font-semibold tracking-tight">{guide.title}</h1>
          {canEdit ? (
            <PlainLink
              href={`/guides/${guide.slug}/edit`}
              className={buttonVariants({ variant: "outline", size: "sm" })}
            >
              <PencilIcon />
              {t("edit")}
            </PlainLink>
          ) : null}
        </div>
        {!guide.isForMe ? (
          <p className="text-muted-foreground flex items-center gap-2 text-sm">
            <InfoIcon className="size-4 shrink-0" aria-hidden />
            {t("reader.notForMe")}
          </p>
        ) : null}
        {guide.state === "outdated" ? (
          <p
            role="status"
            className="flex items-start gap-2 rounded-md border border-amber-300 bg-amber-50 p-3 text-sm text-amber-950"
          >
            <RotateCcwIcon className="mt-0.5 size-4 shrink-0" aria-hidden />
            {t("reader.outdated", { version: guide.version })}
          </p>
        ) : null}
      </header>

      <Card className="p-5 md:p-7">
        <article>
          <GuideMarkdown source={guide.body} />
        </article>
      </Card>

      {guide.isForMe ? <Progress guide={guide} /> : null}
    </>
  );
}

function Progress({ guide }: { guide: GuideForReading }) {
  const t = useTranslations("guides");
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const errorMessage = useErrorMessage();
  const { dateTime } = useShopTime();
  const acknowledged = guide.state === "acknowledged" || guide.state === "completed";

  const refresh = () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: trpc.guides.bySlug.queryKey() }),
      queryClient.invalidateQueries({ queryKey: trpc.guides.library.queryKey() }),
      queryClient.invalidateQueries({ queryKey: trpc.guides.pending.queryKey() }),
    ]);
  const acknowledge = useMutation(
    trpc.guides.acknowledge.mutationOptions({
      onSuccess: () => void refresh(),
      onError: (err) => {
        toast.error(errorMessage(err));
        void refresh();
      },
    }),
  );

  return (
    <>
      <Card className="flex flex-col gap-3 p-5">
        <h2 className="text-lg font-semibold">{t("reader.acknowledgeTitle")}</h2>
        {guide.state === "completed" && guide.at ? (
          <p className="flex items-center gap-2 font-medium text-emerald-800" role="status">
            <CheckCircle2Icon className="size-5" aria-hidden />
            {t("reader.completed", { date: dateTime(guide.at) })}
          </p>
        ) : (
          <p className="text-muted-foreground text-sm">
            {guide.quiz ? t("reader.acknowledgeHintQuiz") : t("reader.acknowledgeHint")}
          </p>
        )}
        {acknowledged ? (
          guide.state === "acknowledged" && guide.at ? (
            <p className="text-sm">{t("stateAt.acknowledged", { date: dateTime(guide.at) })}</p>
          ) : null
        ) : (
          <Button
            size="none"
            className={`${buttonLine} min-h-12 w-full shrink-0 justify-center gap-2 px-6 text-base text-wrap sm:w-fit`}
            disabled={acknowledge.isPending}
            onClick={() => acknowledge.mutate({ slug: guide.slug, version: guide.version })}
          >
            <CheckCircle2Icon />
            {t("reader.acknowledge")}
          </Button>
        )}
      </Card>

      {guide.quiz ? (
        <QuizForm
          key={guide.version}
          slug={guide.slug}
          version={guide.version}
          quiz={guide.quiz}
          locked={!acknowledged}
          answers={guide.answers}
          retryAt={guide.quizRetryAt}
          onSubmitted={refresh}
        />
      ) : null}
    </>
  );
}
