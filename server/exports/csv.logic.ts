/** Excel reads a CSV as the system's ANSI code page unless it starts with a UTF-8 byte-order mark. */
export const utf8Bom = "\uFEFF";

/**
 * Text a spreadsheet would run as a formula (a leading =, +, -, @, tab or CR) gets a leading
 * apostrophe, so a name like "=HYPERLINK(…)" stays text (OWASP, "CSV injection"). Only text
 * people typed is defused: numbers, amounts and times we write ourselves stay as they are.
 */
export function defuseFormula(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

/** One field, quoted when it holds a comma, a quote or a line break, quotes doubled (RFC 4180). */
export function csvField(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** One record: fields joined by commas, ended by CRLF (RFC 4180). */
export function csvRecord(fields: readonly string[]): string {
  return `${fields.map(csvField).join(",")}\r\n`;
}
