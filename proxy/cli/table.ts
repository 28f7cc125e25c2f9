/** Rows for a person (an aligned table), for a spreadsheet (RFC 4180 CSV) or for a program (JSON). */

export type Format = 'table' | 'csv' | 'json';

export function formatOf(values: { json?: unknown; csv?: unknown }): Format {
  return values.json ? 'json' : values.csv ? 'csv' : 'table';
}

type Cell = string | number | boolean | null | undefined;

const text = (cell: Cell) => (cell === null || cell === undefined ? '' : String(cell));

export function table(columns: string[], rows: Cell[][]): string {
  const cells = [columns, ...rows.map((row) => row.map(text))];
  const widths = columns.map((_, i) => Math.max(...cells.map((row) => [...row[i]].length)));
  return cells.map((row) => row.map((cell, i) => (i === row.length - 1 ? cell : cell + ' '.repeat(widths[i] - [...cell].length))).join('  ').trimEnd()).join('\n') + '\n';
}

export function csv(columns: string[], rows: Cell[][]): string {
  const quote = (cell: Cell) => {
    const t = text(cell);
    // A leading = + - @ would be a formula to a spreadsheet: a description typed by a buyer must stay text.
    const safe = /^[=+\-@\t\r]/.test(t) && typeof cell === 'string' ? `'${t}` : t;
    return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
  };
  return [columns, ...rows].map((row) => row.map(quote).join(',')).join('\r\n') + '\r\n';
}

/** Baht as a person reads it: ฿1,250.00. */
export const baht = (amount: number) => `฿${amount.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
