const localDatePattern = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * The number staff read out and customers see on receipts: the merchant's local date and
 * the day's sequence, "20261126-0001". Padded to four digits so a normal day sorts as
 * text; a day past 9999 orders simply gets longer numbers ("20261126-10000").
 */
export function formatOrderNumber(localDate: string, sequence: number): string {
  const match = localDatePattern.exec(localDate);
  if (!match) throw new RangeError(`Expected a YYYY-MM-DD date, got ${JSON.stringify(localDate)}`);
  if (!Number.isSafeInteger(sequence) || sequence < 1) {
    throw new RangeError(`Order sequence must be a whole number from 1, got ${sequence}`);
  }
  return `${match[1]}${match[2]}${match[3]}-${String(sequence).padStart(4, "0")}`;
}

const dateFormatters = new Map<string, Intl.DateTimeFormat>();

/**
 * The calendar date ("YYYY-MM-DD") of an instant in the merchant's time zone: an order
 * placed at 07:30 on the 26th in Shanghai is 23:30 on the 25th in UTC, and belongs to the 26th.
 */
export function merchantLocalDate(at: Date, timeZone: string): string {
  if (Number.isNaN(at.getTime())) throw new RangeError("Invalid date");
  let formatter = dateFormatters.get(timeZone);
  if (!formatter) {
    // Gregorian calendar and Latin digits pinned: the output is data, not display text.
    formatter = new Intl.DateTimeFormat("en-CA", {
      timeZone,
      calendar: "gregory",
      numberingSystem: "latn",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
    });
    dateFormatters.set(timeZone, formatter);
  }
  const parts = Object.fromEntries(
    formatter.formatToParts(at).map((part) => [part.type, part.value]),
  );
  return `${String(parts.year).padStart(4, "0")}-${parts.month}-${parts.day}`;
}
