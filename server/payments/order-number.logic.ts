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
