/**
 * Time left as a clock: "9:05", or "1:02:03" from an hour up. Rounds up, so the clock
 * reads 0:00 exactly when the time is up, never while a second remains.
 */
export function formatCountdown(ms: number): string {
  const total = Math.max(0, Math.ceil(ms / 1000));
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = String(total % 60).padStart(2, "0");
  return hours > 0
    ? `${hours}:${String(minutes).padStart(2, "0")}:${seconds}`
    : `${minutes}:${seconds}`;
}

/**
 * A moment in the shop's time zone, with the zone named ("GMT+8") so a customer in another
 * zone is not misled. The zone goes last in both languages (CLDR puts it mid-way in Chinese).
 */
export function formatShopTime(at: Date, locale: string, timeZone: string): string {
  const options: Intl.DateTimeFormatOptions = {
    timeZone,
    year: "numeric",
    month: "short",
    day: "numeric",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
    hourCycle: "h23",
  };
  const when = new Intl.DateTimeFormat(locale, options).format(at);
  const zone = new Intl.DateTimeFormat(locale, { timeZone, timeZoneName: "short" })
    .formatToParts(at)
    .find((p) => p.type === "timeZoneName")?.value;
  return zone ? `${when} (${zone})` : when;
}

/**
 * The phone's clock error against the server's, when it matters. A difference under half a
 * minute is the page's own travel time (or ordinary drift): correcting for it would make the
 * countdown wrong by the travel time, so it is ignored.
 */
export function clockSkew(serverNow: number, clientNow: number): number {
  const skew = serverNow - clientNow;
  return Math.abs(skew) < 30_000 ? 0 : skew;
}
