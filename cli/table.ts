/**
 * Rows for a person (an aligned table), for a spreadsheet (RFC 4180 CSV) or for a program (JSON). Every cell is
 * someone else's text at heart (a proxy's answer), so none reaches the terminal with a control character in it.
 */
import { printable, printableLines, terminalJson } from '../proxy/safe-text.ts';

export type Format = 'table' | 'csv' | 'json';

export function formatOf(values: { json?: unknown; csv?: unknown }): Format {
  return values.json ? 'json' : values.csv ? 'csv' : 'table';
}

type Cell = string | number | boolean | null | undefined;

const text = (cell: Cell) => (cell === null || cell === undefined ? '' : String(cell));

/** Columns a cell takes on a terminal: combining marks (Thai vowels and tone marks above and below) take none. */
const width = (cell: string) => [...cell.replace(/\p{M}/gu, '')].length;

export function table(columns: string[], rows: Cell[][]): string {
  const cells = [columns, ...rows.map((row) => row.map((cell) => printable(text(cell))))];
  const widths = columns.map((_, i) => Math.max(...cells.map((row) => width(row[i]))));
  return cells.map((row) => row.map((cell, i) => (i === row.length - 1 ? cell : cell + ' '.repeat(widths[i] - width(cell)))).join('  ').trimEnd()).join('\n') + '\n';
}

export function csv(columns: string[], rows: Cell[][]): string {
  const quote = (cell: Cell) => {
    const t = printableLines(text(cell));
    // A leading = + - @ would be a formula to a spreadsheet: a description typed by a buyer must stay text.
    const safe = /^[=+\-@\t\r]/.test(t) && typeof cell === 'string' ? `'${t}` : t;
    return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
  };
  return [columns, ...rows].map((row) => row.map(quote).join(',')).join('\r\n') + '\r\n';
}

/** The page as the API answered it, every character kept, for a program (and a terminal) to read. */
export const json = (value: unknown) => `${terminalJson(value)}\n`;
