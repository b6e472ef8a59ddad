"use client";

import { useFormatter, useTranslations } from "@/app/_i18n/client-intl";
import { HourglassIcon } from "lucide-react";
import { useEffect, useRef, type KeyboardEvent } from "react";
import { cn } from "@/app/_lib/cn";
import { addDays } from "@/server/time/local-date.logic";
import { daysOfMonth, monthOf, monthWeeks, moveDay, type DayState } from "../_lib/calendar";

export const dayStateClass: Record<DayState, string> = {
  closed: "bg-emerald-100 text-emerald-950 border-emerald-300",
  ready: "bg-sky-50 text-sky-950 border-sky-300",
  open: "bg-amber-100 text-amber-950 border-amber-400",
  partly_covered: "bg-muted text-foreground border-dashed border-muted-foreground/60",
  not_covered: "bg-muted/40 text-muted-foreground border-transparent",
};

/**
 * One method's month: each day coloured by where it stands (closed, open, with differences,
 * a statement for part of it only, no statement yet), with an hourglass and a count where
 * payments near a statement's edge wait for the neighbouring statement (they do not change the
 * day's state, so without the mark they would be seen only by opening the day). A grid with
 * one tab stop: arrows move between days (and into the next month), Enter or Space opens the
 * day. On a phone the days with a statement are a list.
 */
export function DayCalendar({
  label,
  month,
  states,
  waiting,
  selected,
  onSelect,
  onMonth,
}: {
  /** Names the grid (the method). */
  label: string;
  month: string;
  states: Record<string, DayState>;
  /** Per day, the payments waiting at a statement's edge (days without any are left out). */
  waiting: Record<string, number>;
  selected: string | null;
  onSelect: (day: string) => void;
  onMonth: (month: string) => void;
}) {
  const t = useTranslations("reconciliation.days");
  const format = useFormatter();
  const grid = useRef<HTMLTableElement>(null);
  const focusDay = useRef<string | null>(null);
  const current = selected && monthOf(selected) === month ? selected : `${month}-01`;

  useEffect(() => {
    // After an arrow key crossed into another month, focus the day once that month is drawn.
    if (!focusDay.current) return;
    grid.current?.querySelector<HTMLElement>(`[data-day="${focusDay.current}"]`)?.focus();
    focusDay.current = null;
  }, [month, selected]);

  function onKeyDown(e: KeyboardEvent, day: string) {
    const next = moveDay(day, e.key);
    if (!next) return;
    e.preventDefault();
    focusDay.current = next;
    if (monthOf(next) !== month) onMonth(monthOf(next));
    onSelect(next);
  }

  // The names of a known Monday-to-Sunday week, in the user's language.
  const weekdays = Array.from({ length: 7 }, (_, i) =>
    format.dateTime(new Date(`${addDays("2026-11-02", i)}T12:00:00Z`), {
      weekday: "short",
      timeZone: "UTC",
    }),
  );
  const stateOf = (day: string): DayState => states[day] ?? "not_covered";
  const listed = daysOfMonth(month).filter((d) => stateOf(d) !== "not_covered");
  /** The day, its state and its waiting payments, in words: its cell's name in grid and list. */
  const nameOf = (day: string) => {
    const date = format.dateTime(new Date(`${day}T12:00:00Z`), {
      dateStyle: "long",
      timeZone: "UTC",
    });
    const waits = waiting[day] ?? 0;
    const state = t(`state.${stateOf(day)}`);
    return `${date}: ${waits > 0 ? `${state}; ${t("waiting.title", { count: waits })}` : state}`;
  };
  const waitMark = (day: string) =>
    waiting[day] ? (
      <span className="flex items-center gap-0.5 text-xs" aria-hidden>
        <HourglassIcon className="size-3" />
        {waiting[day]}
      </span>
    ) : null;

  return (
    <div className="flex flex-col gap-2">
      <table
        ref={grid}
        role="grid"
        aria-label={label}
        className="hidden w-full table-fixed border-separate border-spacing-1 sm:table"
      >
        <thead>
          <tr>
            {weekdays.map((w) => (
              <th key={w} scope="col" className="text-muted-foreground text-xs font-medium">
                {w}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {monthWeeks(month).map((week, i) => (
            <tr key={i}>
              {week.map((day, j) =>
                day ? (
                  <td key={day} role="gridcell" aria-selected={day === selected}>
                    <button
                      type="button"
                      data-day={day}
                      tabIndex={day === current ? 0 : -1}
                      onClick={() => onSelect(day)}
                      onKeyDown={(e) => onKeyDown(e, day)}
                      aria-label={nameOf(day)}
                      className={cn(
                        "focus-visible:ring-ring/60 flex h-12 w-full flex-col items-start justify-between rounded-md border px-1.5 py-1 text-left text-sm tabular-nums outline-none focus-visible:ring-[3px]",
                        dayStateClass[stateOf(day)],
                        day === selected && "ring-primary ring-2",
                      )}
                    >
                      {Number(day.slice(8))}
                      {waitMark(day)}
                    </button>
                  </td>
                ) : (
                  <td key={`empty-${j}`} />
                ),
              )}
            </tr>
          ))}
        </tbody>
      </table>
      <ul className="flex flex-col gap-1 sm:hidden" aria-label={label}>
        {listed.length === 0 ? (
          <li className="text-muted-foreground text-sm">{t("noneThisMonth")}</li>
        ) : (
          listed.map((day) => (
            <li key={day}>
              <button
                type="button"
                onClick={() => onSelect(day)}
                aria-current={day === selected ? "date" : undefined}
                aria-label={nameOf(day)}
                className={cn(
                  "focus-visible:ring-ring/60 flex h-11 w-full items-center justify-between rounded-md border px-3 text-sm outline-none focus-visible:ring-[3px]",
                  dayStateClass[stateOf(day)],
                  day === selected && "ring-primary ring-2",
                )}
              >
                <span>
                  {format.dateTime(new Date(`${day}T12:00:00Z`), {
                    dateStyle: "medium",
                    timeZone: "UTC",
                  })}
                </span>
                <span className="flex items-center gap-3 font-medium">
                  {waitMark(day)}
                  {t(`state.${stateOf(day)}`)}
                </span>
              </button>
            </li>
          ))
        )}
      </ul>
    </div>
  );
}

/** The colours' meaning, under the calendars. */
export function DayLegend() {
  const t = useTranslations("reconciliation.days");
  return (
    <ul className="flex flex-wrap gap-3 text-xs" aria-label={t("legend")}>
      {(Object.keys(dayStateClass) as DayState[]).map((s) => (
        <li key={s} className="flex items-center gap-1.5">
          <span className={cn("size-3 rounded-sm border", dayStateClass[s])} aria-hidden />
          {t(`state.${s}`)}
        </li>
      ))}
      <li className="flex items-center gap-1.5">
        <HourglassIcon className="size-3" aria-hidden />
        {t("waitingLegend")}
      </li>
    </ul>
  );
}
