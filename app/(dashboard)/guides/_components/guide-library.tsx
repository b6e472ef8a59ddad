"use client";

import { keepPreviousData, useQuery } from "@/app/_trpc/query-hooks";
import { BellRingIcon, BookOpenIcon, PencilIcon, SearchIcon, TableIcon } from "lucide-react";
import { PlainLink } from "@/app/_components/plain-link";
import { useLocale, useTranslations } from "@/app/_i18n/client-intl";
import { useDeferredValue } from "react";
import { PageHeader } from "@/app/_components/page-header";
import { Badge } from "@/app/_components/ui/badge";
import { Button, buttonVariants } from "@/app/_components/ui/button";
import { Card } from "@/app/_components/ui/card";
import { Input } from "@/app/_components/ui/input";
import { Label } from "@/app/_components/ui/label";
import { Skeleton } from "@/app/_components/ui/skeleton";
import type { Locale } from "@/app/_i18n/config";
import { parseAsString } from "@/app/_lib/url-state";
import { useErrorMessage } from "@/app/_lib/use-error-message";
import { useUrlState } from "@/app/_lib/use-url-state";
import { useTRPC } from "@/app/_trpc/client";
import { useShopTime } from "../../_lib/use-shop-time";
import type { LibraryGuide } from "../_lib/types";
import { GuideStateBadge } from "./guide-state-badge";
import { PracticeCard } from "./practice-card";

/** The library's search, kept in the URL so that a search can be shared. */
const searchParser = { q: parseAsString.withDefault("") };

export function GuideLibrary({ canEdit, canPractise }: { canEdit: boolean; canPractise: boolean }) {
  const t = useTranslations("guides");
  const locale = useLocale() as Locale;
  const trpc = useTRPC();
  const errorMessage = useErrorMessage();
  const [{ q: search }, setUrl] = useUrlState(searchParser, { history: "replace" });
  const deferred = useDeferredValue(search.trim());
  const library = useQuery(
    trpc.guides.library.queryOptions(
      { locale, search: deferred || undefined },
      { placeholderData: keepPreviousData },
    ),
  );
  const practice = useQuery(trpc.guides.practiceStatus.queryOptions());
  const inPractice = practice.data?.isPractice === true;
  const mine = library.data?.filter((g) => g.isForMe) ?? [];
  const others = library.data?.filter((g) => !g.isForMe) ?? [];
  const reminded = mine.filter((g) => g.remindedAt);

  return (
    <div className="mx-auto flex max-w-5xl flex-col gap-6">
      <PageHeader
        title={t("title")}
        description={canEdit ? t("descriptionEditor") : t("description")}
        actions={
          canEdit ? (
            <PlainLink href="/guides/progress" className={buttonVariants({ variant: "outline" })}>
              <TableIcon />
              {t("progressLink")}
            </PlainLink>
          ) : null
        }
      />

      {reminded.length > 0 && !deferred ? <Reminders guides={reminded} /> : null}
      {canPractise ? <PracticeCard /> : null}

      <div className="flex flex-col gap-2 sm:max-w-md">
        <Label htmlFor="guide-search">{t("search")}</Label>
        <div className="relative">
          <SearchIcon
            className="text-muted-foreground pointer-events-none absolute top-1/2 left-3 size-4 -translate-y-1/2"
            aria-hidden
          />
          <Input
            id="guide-search"
            type="search"
            className="pl-9"
            placeholder={t("searchPlaceholder")}
            value={search}
            maxLength={100}
            onChange={(e) => setUrl({ q: e.target.value || null })}
          />
        </div>
      </div>

      <section aria-busy={library.isFetching} aria-label={t("results")}>
        {library.isPending ? (
          <div className="grid gap-4 sm:grid-cols-2">
            {Array.from({ length: 4 }, (_, i) => (
              <Skeleton key={i} className="h-36" />
            ))}
          </div>
        ) : library.isError ? (
          <Card role="alert" className="flex flex-col items-start gap-3 p-5 text-sm">
            <p>{errorMessage(library.error)}</p>
            <Button variant="outline" size="sm" onClick={() => void library.refetch()}>
              {t("retry")}
            </Button>
          </Card>
        ) : library.data.length === 0 ? (
          <Card className="flex flex-col items-center gap-3 px-5 py-12 text-center">
            <BookOpenIcon className="text-muted-foreground size-10" aria-hidden />
            <p className="font-medium">
              {deferred ? t("emptySearch", { search: deferred }) : t("empty")}
            </p>
            <p className="text-muted-foreground max-w-sm text-sm">
              {deferred ? t("emptySearchHint") : inPractice ? t("emptyPractice") : t("emptyHint")}
            </p>
            {deferred ? (
              <Button variant="outline" onClick={() => setUrl({ q: null })}>
                {t("clearSearch")}
              </Button>
            ) : null}
          </Card>
        ) : (
          <div className="flex flex-col gap-8">
            {mine.length > 0 ? (
              <GuideGroup
                title={t("forMe")}
                summary={t("progressSummary", {
                  done: mine.filter((g) => g.state === "completed").length,
                  total: mine.length,
                })}
                guides={mine}
                canEdit={canEdit}
              />
            ) : null}
            {others.length > 0 ? (
              <GuideGroup title={t("forOthers")} guides={others} canEdit={canEdit} />
            ) : null}
          </div>
        )}
      </section>
    </div>
  );
}

function Reminders({ guides }: { guides: LibraryGuide[] }) {
  const t = useTranslations("guides");
  const { dateTime } = useShopTime();
  return (
    <Card
      role="status"
      variant="tinted"
      className="border-amber-300 bg-amber-50 p-4 text-amber-950"
    >
      <h2 className="flex items-center gap-2 font-semibold">
        <BellRingIcon className="size-4" aria-hidden />
        {t("remindersTitle")}
      </h2>
      <ul className="mt-2 flex flex-col gap-1 text-sm">
        {guides.map((g) => (
          <li key={g.slug}>
            <PlainLink
              href={`/guides/${g.slug}`}
              className="font-medium underline underline-offset-4"
            >
              {g.title}
            </PlainLink>{" "}
            <span className="text-amber-900/80">
              {/* eslint-disable-next-line @typescript-eslint/no-non-null-assertion -- listed only when remindedAt is set */}
              · {t("remindedAt", { date: dateTime(g.remindedAt!) })}
            </span>
          </li>
        ))}
      </ul>
    </Card>
  );
}

function GuideGroup({
  title,
  summary,
  guides,
  canEdit,
}: {
  title: string;
  summary?: string;
  guides: LibraryGuide[];
  canEdit: boolean;
}) {
  return (
    <section className="flex flex-col gap-3">
      <div className="flex items-baseline justify-between gap-3">
        <h2 className="text-lg font-semibold">{title}</h2>
        {summary ? <p className="text-muted-foreground text-sm">{summary}</p> : null}
      </div>
      <ul className="grid gap-4 sm:grid-cols-2">
        {guides.map((g) => (
          <li key={g.slug}>
            <GuideCard guide={g} canEdit={canEdit} />
          </li>
        ))}
      </ul>
    </section>
  );
}

function GuideCard({ guide, canEdit }: { guide: LibraryGuide; canEdit: boolean }) {
  const t = useTranslations("guides");
  const { dateTime } = useShopTime();
  const stateAt =
    guide.at && guide.state !== "not_started"
      ? t(`stateAt.${guide.state}`, { date: dateTime(guide.at) })
      : null;
  return (
    <Card className="focus-within:ring-ring/50 flex h-full flex-col gap-3 p-4 focus-within:ring-[3px]">
      <div className="flex flex-wrap items-center gap-2">
        {guide.isForMe ? <GuideStateBadge state={guide.state} /> : null}
        {guide.hasQuiz ? <Badge variant="secondary">{t("quizBadge")}</Badge> : null}
        <span className="text-muted-foreground text-xs">
          {t("version", { version: guide.version })}
        </span>
      </div>
      <h3 className="leading-snug font-semibold">
        <PlainLink
          href={`/guides/${guide.slug}`}
          className="outline-none hover:underline focus-visible:underline"
        >
          {guide.title}
        </PlainLink>
      </h3>
      {guide.summary ? (
        <p className="text-muted-foreground line-clamp-3 text-sm">{guide.summary}</p>
      ) : null}
      <div className="mt-auto flex flex-wrap items-center justify-between gap-2 text-xs">
        <span className="text-muted-foreground">
          {guide.isForMe && guide.remindedAt ? (
            <span className="text-amber-800">
              {t("remindedAt", { date: dateTime(guide.remindedAt) })}
            </span>
          ) : (
            stateAt
          )}
        </span>
        {canEdit ? (
          <PlainLink
            href={`/guides/${guide.slug}/edit`}
            className={buttonVariants({ variant: "ghost", size: "sm" })}
            aria-label={`${t("edit")}: ${guide.title}`}
          >
            <PencilIcon />
            {t("edit")}
          </PlainLink>
        ) : null}
      </div>
    </Card>
  );
}
