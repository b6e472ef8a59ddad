import {
  AlertTriangleIcon,
  ArrowRightIcon,
  BarChart3Icon,
  ClockIcon,
  ListChecksIcon,
  ScanLineIcon,
  XCircleIcon,
} from "lucide-react";
import { PlainLink } from "@/app/_components/plain-link";
import { getFormatter, getLocale, getTranslations } from "next-intl/server";
import type { ReactNode } from "react";
import { MoneyText } from "@/app/_components/money-text";
import { buttonVariants } from "@/app/_components/ui/button";
import { Card, CardContent, CardHeader, CardTitle } from "@/app/_components/ui/card";
import {
  Table,
  TableBody,
  TableCaption,
  TableCell,
  TableHead,
  TableHeader,
  TableRow,
} from "@/app/_components/ui/table";
import { cn } from "@/app/_lib/cn";
import type { RouterOutputs } from "../_lib/router-types";
import { RefreshEvery } from "./refresh-every";

type Summary = RouterOutputs["home"]["summary"];
type Business = Extract<Summary, { view: "business" }>;
type Counter = Extract<Summary, { view: "counter" }>;
type Week = Extract<Summary, { view: "week" }>;

/** Relative change, or null when there was nothing to compare with. */
function relative(current: bigint | number, previous: bigint | number): number | null {
  const p = Number(previous);
  return p === 0 ? null : (Number(current) - p) / p;
}

type Formatter = Awaited<ReturnType<typeof getFormatter>>;

/** A change as a signed percentage ("+12.5%", "-3%"). */
function signedOf(format: Formatter) {
  return (n: number) =>
    format.number(n, { style: "percent", maximumFractionDigits: 1, signDisplay: "exceptZero" });
}

function Change({ value, format }: { value: number | null; format: Formatter }) {
  const signed = signedOf(format);
  if (value === null) return <span className="text-muted-foreground">—</span>;
  return (
    <span
      className={cn(
        "tabular-nums",
        value > 0
          ? "text-emerald-700 dark:text-emerald-400"
          : value < 0
            ? "text-red-700 dark:text-red-400"
            : "",
      )}
    >
      {signed(value)}
    </span>
  );
}

/**
 * What Home shows the member by role, drawn on the server (no script of its own for the
 * browser: the figures only change when read again); read again every minute while open.
 */
export async function HomeSummary({ summary: s }: { summary: Summary }) {
  const t = await getTranslations("today");
  return (
    <div className="flex flex-col gap-4">
      <RefreshEvery ms={60_000} />
      {s.view === "business" ? (
        <BusinessView s={s} />
      ) : s.view === "counter" ? (
        <CounterView s={s} />
      ) : (
        <WeekView s={s} />
      )}
      <p className="text-muted-foreground flex items-center gap-1.5 text-xs">
        <ClockIcon className="size-3.5" aria-hidden />
        {t("shopTime", { time: s.localNow, zone: s.timeZone })}
      </p>
    </div>
  );
}

function weekdayOf(format: Formatter, locale: string) {
  // "last Wednesday" / "上周三": a plain date, named at noon UTC so no zone can move it.
  return (day: string) =>
    format.dateTime(new Date(`${day}T12:00:00Z`), {
      weekday: locale.startsWith("zh") ? "short" : "long",
      timeZone: "UTC",
    });
}

function Stat({
  title,
  icon,
  children,
  footer,
  className,
}: {
  title: string;
  icon: ReactNode;
  children: ReactNode;
  footer?: ReactNode;
  className?: string;
}) {
  return (
    <Card className={cn("flex flex-col", className)}>
      <CardHeader variant="bare" className="flex flex-row items-center gap-2 p-5 pb-2">
        {icon}
        <CardTitle>{title}</CardTitle>
      </CardHeader>
      <CardContent className="flex flex-1 flex-col gap-2 px-5 pb-5">{children}</CardContent>
      {footer ? <div className="border-t px-5 py-3 text-sm">{footer}</div> : null}
    </Card>
  );
}

function MoreLink({ href, children }: { href: string; children: ReactNode }) {
  return (
    <PlainLink
      href={href}
      className="text-primary inline-flex items-center gap-1 font-medium underline-offset-4 hover:underline"
    >
      {children}
      <ArrowRightIcon className="size-4" aria-hidden />
    </PlainLink>
  );
}

async function BusinessView({ s }: { s: Business }) {
  const t = await getTranslations("today");
  const format = await getFormatter();
  const locale = await getLocale();
  const signed = signedOf(format);
  const weekday = weekdayOf(format, locale)(s.lastWeek);
  // eslint-disable-next-line @typescript-eslint/no-non-null-assertion -- the summary lists a total for the shop's currency whenever it lists none other
  const main = s.takings.totals.find((x) => x.currency === s.currency) ?? s.takings.totals[0]!;
  const totalChange = relative(main.todayMinor, main.lastWeekMinor);
  const kinds = await getTranslations("alerts.kinds");
  // Kinds unknown at build time are looked up by name: untyped on purpose (as useAlertKindTitle).
  const kindTitle = (kind: string) =>
    kinds.has(kind as Parameters<typeof kinds.has>[0])
      ? kinds(kind as Parameters<typeof kinds>[0])
      : kind;
  return (
    <>
      <Card>
        <CardHeader variant="tight">
          <CardTitle>{t("takings.title")}</CardTitle>
        </CardHeader>
        <CardContent className="flex flex-col gap-4 px-5 pb-5">
          <div className="flex flex-wrap items-baseline gap-x-4 gap-y-1">
            {s.takings.totals.map((x) => (
              <MoneyText
                locale={locale}
                key={x.currency}
                minor={x.todayMinor}
                currency={x.currency}
                className="text-3xl font-semibold"
              />
            ))}
            <span className="text-muted-foreground text-sm">
              {t("takings.paidOrders", { count: main.todayOrders })}
            </span>
          </div>
          <p className="text-sm" data-testid="takings-change">
            {totalChange === null
              ? t("takings.noneLastWeek", { weekday })
              : t("takings.vsLastWeek", { change: signed(totalChange), weekday })}
          </p>
          {s.takings.methods.length === 0 ? (
            <p className="text-muted-foreground text-sm">{t("takings.empty")}</p>
          ) : (
            <Table region={t("takings.table", { weekday, time: s.localNow })}>
              <TableCaption className="sr-only">
                {t("takings.table", { weekday, time: s.localNow })}
              </TableCaption>
              <TableHeader
                variant="bare"
                className="text-muted-foreground border-b-0 text-left text-sm"
              >
                <TableRow className="text-muted-foreground border-b text-left">
                  <TableHead
                    scope="col"
                    variant="bare"
                    className="py-1.5 pr-2 text-left font-medium last:pr-0"
                  >
                    {t("takings.method")}
                  </TableHead>
                  <TableHead
                    scope="col"
                    variant="bare"
                    className="px-2 py-1.5 text-right font-medium last:pr-0"
                  >
                    {t("takings.today")}
                  </TableHead>
                  <TableHead
                    scope="col"
                    variant="bare"
                    className="px-2 py-1.5 text-right font-medium last:pr-0"
                  >
                    {t("takings.lastWeek", { weekday })}
                  </TableHead>
                  <TableHead
                    scope="col"
                    variant="bare"
                    className="py-1.5 pr-3 pl-2 text-right font-medium last:pr-0"
                  >
                    {t("takings.change")}
                  </TableHead>
                </TableRow>
              </TableHeader>
              <TableBody variant="bare" className="divide-y-0">
                {s.takings.methods.map((m) => (
                  <TableRow key={`${m.methodId}-${m.currency}`} className="border-b last:border-0">
                    <TableHead
                      scope="row"
                      variant="bare"
                      className="py-1.5 pr-2 text-left font-normal last:pr-0"
                    >
                      {m.label}
                    </TableHead>
                    <TableCell variant="bare" className="px-2 py-1.5 text-right last:pr-0">
                      <MoneyText locale={locale} minor={m.todayMinor} currency={m.currency} />
                      <span className="text-muted-foreground block text-xs">
                        {format.number(m.todayOrders)}
                      </span>
                    </TableCell>
                    <TableCell variant="bare" className="px-2 py-1.5 text-right last:pr-0">
                      <MoneyText locale={locale} minor={m.lastWeekMinor} currency={m.currency} />
                      <span className="text-muted-foreground block text-xs">
                        {format.number(m.lastWeekOrders)}
                      </span>
                    </TableCell>
                    <TableCell variant="bare" className="py-1.5 pr-3 pl-2 text-right last:pr-0">
                      <Change value={relative(m.todayMinor, m.lastWeekMinor)} format={format} />
                    </TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          )}
          <p className="text-muted-foreground text-xs">
            {t("takings.fairness", { weekday, time: s.localNow })}
          </p>
        </CardContent>
      </Card>
      <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
        <Stat
          title={t("open.title")}
          icon={<ListChecksIcon className="text-muted-foreground size-5" aria-hidden />}
          footer={<MoreLink href="/orders?status=pending">{t("open.link")}</MoreLink>}
        >
          <p className="text-3xl font-semibold tabular-nums">{format.number(s.openOrders)}</p>
          <p className="text-muted-foreground text-sm">{t("open.hint")}</p>
        </Stat>
        <Stat
          title={t("failures.title")}
          icon={<XCircleIcon className="text-muted-foreground size-5" aria-hidden />}
          footer={<MoreLink href="/failures">{t("failures.link")}</MoreLink>}
        >
          <p className="text-3xl font-semibold tabular-nums">
            {format.number(s.failures.failures)}
          </p>
          <p className="text-muted-foreground text-sm">
            {s.failures.failedOrders === 0
              ? t("failures.none")
              : t("failures.recovery", {
                  recovered: s.failures.recoveredOrders,
                  orders: s.failures.failedOrders,
                })}
          </p>
        </Stat>
        <Stat
          title={t("alerts.title")}
          className="sm:col-span-2 lg:col-span-1"
          icon={
            <AlertTriangleIcon
              className={cn(
                "size-5",
                s.alerts.total > 0 ? "text-amber-600" : "text-muted-foreground",
              )}
              aria-hidden
            />
          }
          footer={<MoreLink href="/alerts">{t("alerts.link")}</MoreLink>}
        >
          <p className="text-3xl font-semibold tabular-nums">{format.number(s.alerts.total)}</p>
          {s.alerts.total === 0 ? (
            <p className="text-muted-foreground text-sm">{t("alerts.none")}</p>
          ) : (
            <ul className="flex flex-col gap-1 text-sm">
              {s.alerts.latest.map((a) => (
                <li key={a.id} className="flex items-center justify-between gap-2">
                  <span className="min-w-0">
                    <span className="font-medium">{kindTitle(a.kind)}</span>{" "}
                    <span className="text-muted-foreground text-xs">
                      {format.dateTime(a.createdAt, {
                        dateStyle: "short",
                        timeStyle: "short",
                        timeZone: s.timeZone,
                      })}
                    </span>
                  </span>
                  <PlainLink
                    href={`/alerts/${a.id}`}
                    className="text-primary shrink-0 underline-offset-4 hover:underline"
                  >
                    {t("alerts.open")}
                  </PlainLink>
                </li>
              ))}
              {s.alerts.total > s.alerts.latest.length ? (
                <li className="text-muted-foreground">
                  {t("alerts.more", { count: s.alerts.total - s.alerts.latest.length })}
                </li>
              ) : null}
            </ul>
          )}
        </Stat>
      </div>
    </>
  );
}

async function CounterView({ s }: { s: Counter }) {
  const t = await getTranslations("today");
  const format = await getFormatter();
  const locale = await getLocale();
  const { shift } = s;
  return (
    <>
      <div className="grid grid-cols-2 gap-3 sm:grid-cols-3">
        <Card className="p-4">
          <p className="text-muted-foreground text-sm">{t("shift.orders")}</p>
          <p className="text-2xl font-semibold tabular-nums">{format.number(shift.orders)}</p>
        </Card>
        <Card className="p-4">
          <p className="text-muted-foreground text-sm">{t("shift.paid")}</p>
          <p className="text-2xl font-semibold tabular-nums">{format.number(shift.paidOrders)}</p>
        </Card>
        <Card className="col-span-2 p-4 sm:col-span-1">
          <p className="text-muted-foreground text-sm">{t("shift.takings")}</p>
          <p className="flex flex-wrap gap-x-3 text-2xl font-semibold">
            {shift.takings.length === 0 ? (
              <MoneyText locale={locale} minor={0n} currency={s.currency} />
            ) : (
              shift.takings.map((x) => (
                <MoneyText
                  locale={locale}
                  key={x.currency}
                  minor={x.amountMinor}
                  currency={x.currency}
                />
              ))
            )}
          </p>
        </Card>
      </div>
      <Card>
        <CardHeader variant="tight">
          <CardTitle>
            {t("shift.waitingTitle")}{" "}
            <span className="text-muted-foreground tabular-nums">
              ({format.number(shift.waitingCount)})
            </span>
          </CardTitle>
          <p className="text-muted-foreground text-sm">{t("shift.waitingHint")}</p>
        </CardHeader>
        <CardContent className="px-5 pb-5">
          {shift.orders === 0 ? (
            <p className="text-muted-foreground text-sm">{t("shift.empty")}</p>
          ) : shift.waiting.length === 0 ? (
            <p className="text-muted-foreground text-sm">{t("shift.noneWaiting")}</p>
          ) : (
            <ul className="divide-y">
              {shift.waiting.map((o) => (
                <li key={o.id}>
                  <PlainLink
                    href={`/orders/${o.id}`}
                    className="hover:bg-accent -mx-2 flex items-center justify-between gap-3 rounded-md px-2 py-2.5"
                  >
                    <span className="flex min-w-0 flex-col">
                      <span className="font-medium tabular-nums">{o.number}</span>
                      <span className="text-muted-foreground text-xs">
                        {format.dateTime(o.createdAt, { timeStyle: "short", timeZone: s.timeZone })}
                      </span>
                    </span>
                    <span className="flex items-center gap-2">
                      <MoneyText
                        locale={locale}
                        minor={o.amountMinor}
                        currency={o.currency}
                        className="font-medium"
                      />
                      <ArrowRightIcon className="text-muted-foreground size-4" aria-hidden />
                    </span>
                  </PlainLink>
                </li>
              ))}
            </ul>
          )}
          {shift.waitingCount > shift.waiting.length ? (
            <p className="text-muted-foreground mt-2 text-sm">
              {t("shift.moreWaiting", { count: shift.waitingCount - shift.waiting.length })}
            </p>
          ) : null}
        </CardContent>
      </Card>
      <div className="flex flex-wrap gap-2">
        <PlainLink href="/redeem" className={buttonVariants({ variant: "outline" })}>
          <ScanLineIcon aria-hidden />
          {t("shift.redeem")}
        </PlainLink>
        <PlainLink href="/orders" className={buttonVariants({ variant: "outline" })}>
          <ListChecksIcon aria-hidden />
          {t("shift.allMine")}
        </PlainLink>
      </div>
    </>
  );
}

async function WeekView({ s }: { s: Week }) {
  const t = await getTranslations("today");
  const format = await getFormatter();
  const locale = await getLocale();
  const signed = signedOf(format);
  const { figures, previous, changes, currency, period } = s.week;
  const percent = (n: number | null, digits = 1) =>
    n === null ? "—" : format.number(n, { style: "percent", maximumFractionDigits: digits });
  const day = (d: string) =>
    format.dateTime(new Date(`${d}T12:00:00Z`), { dateStyle: "medium", timeZone: "UTC" });
  // Conversion and fee rate change in points, not percent of percent.
  const points = (cur: number | null, prev: number | null) =>
    cur === null || prev === null ? null : cur - prev;
  const items: { key: string; value: ReactNode; change: string | null }[] = [
    {
      key: "gmv",
      value: <MoneyText locale={locale} minor={figures.gmvMinor} currency={currency} />,
      change: changes.gmvMinor === null ? null : signed(changes.gmvMinor),
    },
    {
      key: "paidOrders",
      value: format.number(figures.paidOrders),
      change: changes.paidOrders === null ? null : signed(changes.paidOrders),
    },
    {
      key: "conversion",
      value: percent(figures.conversion),
      change: (() => {
        const p = points(figures.conversion, previous.conversion);
        return p === null
          ? null
          : t("week.points", {
              value: format.number(p * 100, {
                maximumFractionDigits: 1,
                signDisplay: "exceptZero",
              }),
            });
      })(),
    },
    {
      key: "fees",
      value: <MoneyText locale={locale} minor={figures.feeMinor} currency={currency} />,
      change: changes.feeMinor === null ? null : signed(changes.feeMinor),
    },
    {
      key: "effectiveRate",
      value: percent(figures.effectiveFeeBps === null ? null : figures.effectiveFeeBps / 10000, 2),
      change: (() => {
        const p = points(figures.effectiveFeeBps, previous.effectiveFeeBps);
        return p === null
          ? null
          : t("week.points", {
              value: format.number(p / 100, {
                maximumFractionDigits: 2,
                signDisplay: "exceptZero",
              }),
            });
      })(),
    },
  ];
  return (
    <Card>
      <CardHeader variant="tight">
        <CardTitle>{t("week.title")}</CardTitle>
        <p className="text-muted-foreground text-sm">
          {t("week.period", { from: day(period.current.from), to: day(period.current.to) })}
        </p>
      </CardHeader>
      <CardContent className="flex flex-col gap-4 px-5 pb-5">
        {figures.paidOrders === 0 ? (
          <p className="text-muted-foreground text-sm">{t("week.empty")}</p>
        ) : null}
        <dl className="grid grid-cols-2 gap-3 sm:grid-cols-3 lg:grid-cols-5">
          {items.map((i) => (
            <div key={i.key} className="bg-muted/40 flex flex-col gap-1 rounded-lg p-3">
              <dt className="text-muted-foreground text-sm">{t(`week.${i.key}`)}</dt>
              <dd className="text-xl font-semibold tabular-nums">{i.value}</dd>
              <dd className="text-muted-foreground text-xs">
                {i.change === null
                  ? t("week.noPrevious")
                  : t("week.vsPrevious", { change: i.change })}
              </dd>
            </div>
          ))}
        </dl>
        <div>
          <PlainLink href="/analytics" className={buttonVariants({ variant: "outline" })}>
            <BarChart3Icon aria-hidden />
            {t("week.link")}
          </PlainLink>
        </div>
      </CardContent>
    </Card>
  );
}
