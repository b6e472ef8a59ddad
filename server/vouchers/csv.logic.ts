/**
 * One CSV line (RFC 4180: quoted when needed, quotes doubled, CRLF). A cell a spreadsheet
 * would run as a formula (=, +, -, @, tab, CR first) gets a leading apostrophe (OWASP's
 * advice on CSV injection): a staff name like "=HYPERLINK(…)" stays text.
 */
export function csvLine(cells: readonly (string | number | bigint | null)[]): string {
  return (
    cells
      .map((cell) => {
        let text = cell === null ? "" : String(cell);
        if (typeof cell === "string" && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
        return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
      })
      .join(",") + "\r\n"
  );
}
