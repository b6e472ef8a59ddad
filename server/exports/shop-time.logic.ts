const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", {
      timeZone,
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
      hourCycle: "h23",
      timeZoneName: "longOffset",
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/**
 * An instant as the shop's wall-clock time with its UTC offset, "2026-03-01 14:05:09 +08:00":
 * readable in the shop's own terms, still one exact instant, and sortable as text.
 */
export function formatShopTime(at: Date, timeZone: string): string {
  const parts: Record<string, string> = {};
  for (const p of formatterFor(timeZone).formatToParts(at)) parts[p.type] = p.value;
  // longOffset gives "GMT+08:00", "GMT-04:00", and plain "GMT" for a zero offset.
  const offset = (parts.timeZoneName ?? "GMT").replace(/^GMT/, "") || "+00:00";
  const { year, month, day, hour, minute, second } = parts;
  return `${year}-${month}-${day} ${hour}:${minute}:${second} ${offset}`;
}

/** The shop's date today, "2026-03-01", for file names. */
export function shopDate(at: Date, timeZone: string): string {
  return formatShopTime(at, timeZone).slice(0, 10);
}
