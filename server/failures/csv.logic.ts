/**
 * One CSV field: quoted when it holds a comma, quote or line break (RFC 4180), and a leading
 * =, +, - or @ defused with an apostrophe so a spreadsheet never runs it as a formula
 * (OWASP "CSV injection"). Numbers are written as they are.
 */
export function csvField(value: string | number | bigint | null | undefined): string {
  if (value === null || value === undefined) return "";
  if (typeof value !== "string") return value.toString();
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

/** Rows to CSV text with a header line, CRLF line ends (RFC 4180). */
export function toCsv(header: string[], rows: (string | number | bigint | null | undefined)[][]) {
  return [header, ...rows].map((r) => r.map(csvField).join(",")).join("\r\n") + "\r\n";
}
