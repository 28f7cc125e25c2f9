/**
 * CSV for a spreadsheet, written the one way: RFC 4180 records (CRLF; a field with a quote, a comma or a line break
 * quoted) in which no text cell is read as a formula. The command's `--csv` writes with it, and so may any export of
 * the shop's payments.
 */

export type CsvCell = string | number | boolean | null | undefined;

/**
 * A text cell beginning with = + - @, a tab or a carriage return, each of which a spreadsheet may take for the start
 * of a formula (or turn a phone ref1 `+66…` into a number), gets a leading `'` (OWASP's rule against CSV injection):
 * shown as text, as it was sent. Numbers and booleans are the shop's own values and stay as they are.
 */
export function csvField(cell: CsvCell): string {
  if (cell === null || cell === undefined) return '';
  const text = typeof cell === 'string' && /^[=+\-@\t\r]/.test(cell) ? `'${cell}` : String(cell);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Rows (the column names first) as a CSV document. */
export function csvRecords(rows: CsvCell[][]): string {
  return rows.map((row) => row.map(csvField).join(',')).join('\r\n') + '\r\n';
}
