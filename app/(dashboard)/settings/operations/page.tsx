import { ArrowLeftIcon, DatabaseIcon, DatabaseBackupIcon, TimerIcon } from "lucide-react";
import { PlainLink } from "@/app/_components/plain-link";
import { getFormatter, getTranslations } from "next-intl/server";
import type { ReactNode } from "react";
import { PageHeader } from "@/app/_components/page-header";
import { Badge } from "@/app/_components/ui/badge";
import { buttonVariants } from "@/app/_components/ui/button";
import { Card, CardContent, CardHeader, CardTitle } from "@/app/_components/ui/card";
import { runsOperations } from "@/server/auth/roles.logic";
import { serverCaller } from "@/server/trpc/server-caller";
import { NoAccess } from "../../_components/no-access";
import { requireMerchant } from "../../_lib/me";

/** A job's name as a message key: next-intl reads dots as nesting ("outbox:customer.email"). */
const messageKey = (job: string) => job.replace(/[.:]/g, "_");

export async function generateMetadata() {
  const t = await getTranslations("operations");
  return { title: t("title") };
}

function Row({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="flex flex-col gap-0.5 sm:flex-row sm:justify-between sm:gap-4">
      <dt className="text-muted-foreground text-sm">{label}</dt>
      <dd className="text-sm font-medium break-all sm:text-right">{children}</dd>
    </div>
  );
}

/**
 * The owner's operations page: the database, backups and background jobs of the whole install,
 * times in the shop's zone. Read once per visit (reload for fresh figures).
 */
export default async function OperationsPage() {
  const me = await requireMerchant();
  if (!runsOperations.includes(me.merchant.role)) return <NoAccess />;
  const view = await (await serverCaller()).operations.overview();
  const t = await getTranslations("operations");
  const format = await getFormatter();
  const when = (at: Date) =>
    format.dateTime(at, { dateStyle: "medium", timeStyle: "short", timeZone: view.timeZone });
  const bytes = (n: number) =>
    n >= 1024 * 1024 * 1024
      ? t("gb", { n: format.number(n / 1024 ** 3, { maximumFractionDigits: 1 }) })
      : t("mb", { n: format.number(n / 1024 ** 2, { maximumFractionDigits: 1 }) });
  const { last, lastScheduled, schedule } = view.backup;
  const outcome = (ok: boolean | null) =>
    ok === null ? (
      <Badge variant="secondary">{t("running")}</Badge>
    ) : ok ? (
      <Badge>{t("ok")}</Badge>
    ) : (
      <Badge variant="destructive">{t("failed")}</Badge>
    );

  return (
    <div className="mx-auto flex max-w-4xl flex-col gap-6">
      <PageHeader
        title={t("title")}
        description={t("description", { zone: view.timeZone })}
        actions={
          <PlainLink
            href="/settings"
            className={buttonVariants({ variant: "outline", size: "sm" })}
          >
            <ArrowLeftIcon aria-hidden />
            {t("back")}
          </PlainLink>
        }
      />
      <div className="grid gap-6 md:grid-cols-2">
        <Card>
          <CardHeader>
            <CardTitle className="flex items-center gap-2">
              <DatabaseIcon className="size-5" aria-hidden />
              {t("database")}
            </CardTitle>
          </CardHeader>
          <CardContent>
            <dl className="flex flex-col gap-3">
              <Row label={t("engine")}>{t(`engines.${view.database.engine}`)}</Row>
              <Row label={t("size")}>{bytes(view.database.sizeBytes)}</Row>
              <Row label={t("schema")}>{view.database.migration ?? t("unknown")}</Row>
            </dl>
          </CardContent>
        </Card>
        <Card>
          <CardHeader>
            <CardTitle className="flex items-center gap-2">
              <DatabaseBackupIcon className="size-5" aria-hidden />
              {t("backups")}
            </CardTitle>
          </CardHeader>
          <CardContent>
            <dl className="flex flex-col gap-3">
              <Row label={t("lastBackup")}>
                {last ? (
                  <span className="inline-flex flex-wrap items-center justify-end gap-2">
                    {when(last.finishedAt ?? last.startedAt)} · {t(`triggers.${last.trigger}`)}
                    {last.sizeBytes !== null ? ` · ${bytes(last.sizeBytes)}` : null}
                    {outcome(last.ok)}
                  </span>
                ) : (
                  t("noBackup")
                )}
              </Row>
              <Row label={t("lastScheduled")}>
                {lastScheduled ? (
                  <span className="inline-flex flex-wrap items-center justify-end gap-2">
                    {when(lastScheduled.finishedAt ?? lastScheduled.startedAt)}
                    {lastScheduled.ok === null ? (
                      outcome(null)
                    ) : lastScheduled.verified ? (
                      <Badge>{t("verified")}</Badge>
                    ) : (
                      <Badge variant="destructive">{t("notVerified")}</Badge>
                    )}
                  </span>
                ) : (
                  t("noScheduled")
                )}
              </Row>
              {lastScheduled?.error ? <Row label={t("error")}>{lastScheduled.error}</Row> : null}
              <Row label={t("nextBackup")}>
                {schedule.enabled && schedule.nextAt ? when(schedule.nextAt) : t("scheduleOff")}
              </Row>
            </dl>
          </CardContent>
        </Card>
      </div>
      <Card>
        <CardHeader>
          <CardTitle className="flex items-center gap-2">
            <TimerIcon className="size-5" aria-hidden />
            {t("jobs")}
          </CardTitle>
        </CardHeader>
        <CardContent>
          <ul className="divide-y">
            {view.jobs.map((job) => (
              <li
                key={job.job}
                className="grid grid-cols-2 gap-x-4 gap-y-1 py-3 text-sm sm:grid-cols-[2fr_2fr_1fr_1fr] sm:items-center"
              >
                <span className="col-span-2 font-medium sm:col-span-1">
                  {t(`jobNames.${messageKey(job.job)}`)}
                </span>
                <span className="text-muted-foreground">
                  {job.lastRunAt ? when(job.lastRunAt) : t("notRunYet")}
                </span>
                <span className="text-right sm:text-left">
                  {job.ok === null ? null : outcome(job.ok)}
                </span>
                <span className="text-muted-foreground sm:text-right">
                  {job.backlog === null ? null : t("backlog", { count: job.backlog })}
                </span>
                {job.ok === false && job.error ? (
                  <span className="text-destructive col-span-2 break-all sm:col-span-4">
                    {job.error}
                  </span>
                ) : null}
              </li>
            ))}
          </ul>
        </CardContent>
      </Card>
    </div>
  );
}
