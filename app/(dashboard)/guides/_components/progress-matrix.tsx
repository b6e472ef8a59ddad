"use client";

import { useMutation, useQuery, useQueryClient } from "@/app/_trpc/query-hooks";
import { ArrowLeftIcon, BellIcon } from "lucide-react";
import { PlainLink } from "@/app/_components/plain-link";
import { useLocale, useTranslations } from "@/app/_i18n/client-intl";
import { toast } from "@/app/_components/toast";
import { PageHeader } from "@/app/_components/page-header";
import { Button } from "@/app/_components/ui/button";
import { Card } from "@/app/_components/ui/card";
import { Skeleton } from "@/app/_components/ui/skeleton";
import type { Locale } from "@/app/_i18n/config";
import { useErrorMessage } from "@/app/_lib/use-error-message";
import { useTRPC } from "@/app/_trpc/client";
import { useShopTime } from "../../_lib/use-shop-time";
import type { ProgressMatrix as Matrix } from "../_lib/types";
import { GuideStateBadge } from "./guide-state-badge";

type Person = Matrix["people"][number];
type Cell = NonNullable<Person["cells"][number]>;

/** People × guides: each person's state and date on every guide meant for their role. */
export function ProgressMatrix() {
  const t = useTranslations("guides");
  const locale = useLocale() as Locale;
  const trpc = useTRPC();
  const errorMessage = useErrorMessage();
  const matrix = useQuery(trpc.guides.matrix.queryOptions({ locale }));

  return (
    <div className="mx-auto flex max-w-7xl flex-col gap-6">
      <PlainLink
        href="/guides"
        className="text-muted-foreground hover:text-foreground inline-flex w-fit items-center gap-1 text-sm"
      >
        <ArrowLeftIcon className="size-4" aria-hidden />
        {t("reader.back")}
      </PlainLink>
      <PageHeader title={t("matrix.title")} description={t("matrix.description")} />
      {matrix.isPending ? (
        <Skeleton className="h-80" />
      ) : matrix.isError ? (
        <Card role="alert" className="flex flex-col items-start gap-3 p-5 text-sm">
          <p>{errorMessage(matrix.error)}</p>
          <Button variant="outline" size="sm" onClick={() => void matrix.refetch()}>
            {t("retry")}
          </Button>
        </Card>
      ) : matrix.data.people.length === 0 ? (
        <Card className="p-8 text-center text-sm">{t("matrix.empty")}</Card>
      ) : (
        <MatrixTable matrix={matrix.data} />
      )}
    </div>
  );
}

function MatrixTable({ matrix }: { matrix: Matrix }) {
  const t = useTranslations("guides");
  const tRole = useTranslations("roles");
  return (
    <Card className="overflow-hidden">
      {/* The table scrolls sideways in its own box; the first column stays in view. `relative`
          keeps the cells' visually hidden (absolutely positioned) texts inside that box: without
          it they escape the scroller and widen the whole page (1,640 px at 1,280). */}
      <div
        className="relative overflow-x-auto"
        role="region"
        aria-label={t("matrix.title")}
        tabIndex={0}
      >
        <table className="w-full border-collapse text-sm">
          <caption className="sr-only">{t("matrix.description")}</caption>
          <thead>
            <tr className="bg-muted/60">
              <th
                scope="col"
                className="bg-muted sticky left-0 z-10 min-w-40 border-b px-3 py-2 text-left font-semibold"
              >
                {t("matrix.person")}
              </th>
              <th scope="col" className="border-b px-3 py-2 text-left font-semibold">
                {t("matrix.done")}
              </th>
              {matrix.guides.map((g) => (
                <th
                  key={g.slug}
                  scope="col"
                  className="min-w-40 border-b px-3 py-2 text-left align-bottom font-semibold"
                >
                  <PlainLink href={`/guides/${g.slug}`} className="hover:underline">
                    {g.title}
                  </PlainLink>
                  <span className="text-muted-foreground block text-xs font-normal">
                    {t("version", { version: g.version })}
                  </span>
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {matrix.people.map((p) => (
              <tr key={p.userId} className="align-top">
                <th
                  scope="row"
                  className="bg-card sticky left-0 z-10 border-b px-3 py-2 text-left font-normal"
                >
                  <span className="block font-medium">{p.name}</span>
                  <span className="text-muted-foreground block text-xs">{tRole(p.role)}</span>
                </th>
                <td className="border-b px-3 py-2 whitespace-nowrap tabular-nums">
                  {p.completed} / {p.due}
                </td>
                {matrix.guides
                  .map((guide, i) => ({ guide, cell: p.cells[i] }))
                  .map(({ guide, cell }) => (
                    <td key={guide.slug} className="border-b px-3 py-2">
                      {cell ? (
                        <MatrixCell person={p} cell={cell} guideTitle={guide.title} />
                      ) : (
                        <span className="text-muted-foreground" title={t("matrix.notForRole")}>
                          —<span className="sr-only">{t("matrix.notForRole")}</span>
                        </span>
                      )}
                    </td>
                  ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </Card>
  );
}

function MatrixCell({
  person,
  cell,
  guideTitle,
}: {
  person: Person;
  cell: Cell;
  guideTitle: string;
}) {
  const t = useTranslations("guides");
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const errorMessage = useErrorMessage();
  const { dateTime } = useShopTime();
  const remind = useMutation(
    trpc.guides.remind.mutationOptions({
      onSuccess: () => {
        toast.success(t("matrix.reminded", { name: person.name }));
        void queryClient.invalidateQueries({ queryKey: trpc.guides.matrix.queryKey() });
      },
      onError: (err) => toast.error(errorMessage(err)),
    }),
  );
  return (
    <div className="flex flex-col items-start gap-1">
      <GuideStateBadge state={cell.state} />
      {cell.at && cell.state !== "not_started" ? (
        <span className="text-muted-foreground text-xs">{dateTime(cell.at)}</span>
      ) : null}
      {cell.state === "completed" && cell.quizScore !== null ? (
        <span className="text-muted-foreground text-xs">
          {t("matrix.score", { score: cell.quizScore })}
        </span>
      ) : null}
      {cell.state !== "completed" ? (
        <>
          {cell.remindedAt ? (
            <span className="text-xs text-amber-800">
              {t("matrix.remindedAt", { date: dateTime(cell.remindedAt) })}
            </span>
          ) : null}
          <Button
            variant="outline"
            size="sm"
            disabled={remind.isPending}
            aria-label={t("matrix.remindLabel", { name: person.name, guide: guideTitle })}
            onClick={() => remind.mutate({ slug: cell.slug, userId: person.userId })}
          >
            <BellIcon />
            {t("matrix.remind")}
          </Button>
        </>
      ) : null}
    </div>
  );
}
