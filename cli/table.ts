/**
 * Rows for a person (an aligned table), for a spreadsheet (RFC 4180 CSV) or for a program (JSON). Every cell is
 * someone else's text at heart (a proxy's answer), so none reaches the terminal with a control character in it.
 */
import { csvRecords, type CsvCell } from '../proxy/csv.ts';
import { printable, printableLines, terminalJson } from '../proxy/safe-text.ts';

export type Format = 'table' | 'csv' | 'json';

export function formatOf(values: { json?: unknown; csv?: unknown }): Format {
  return values.json ? 'json' : values.csv ? 'csv' : 'table';
}

type Cell = CsvCell;

const text = (cell: Cell) => (cell === null || cell === undefined ? '' : String(cell));

/** Columns a cell takes on a terminal: combining marks (Thai vowels and tone marks above and below) take none. */
const width = (cell: string) => [...cell.replace(/\p{M}/gu, '')].length;

export function table(columns: string[], rows: Cell[][]): string {
  const cells = [columns, ...rows.map((row) => row.map((cell) => printable(text(cell))))];
  const widths = columns.map((_, i) => Math.max(...cells.map((row) => width(row[i]))));
  return cells.map((row) => row.map((cell, i) => (i === row.length - 1 ? cell : cell + ' '.repeat(widths[i] - width(cell)))).join('  ').trimEnd()).join('\n') + '\n';
}

/** CSV for a spreadsheet (proxy/csv.ts: no cell a formula), each text cell without its control characters. */
export function csv(columns: string[], rows: Cell[][]): string {
  return csvRecords([columns, ...rows].map((row) => row.map((cell) => (typeof cell === 'string' ? printableLines(cell) : cell))));
}

/** The page as the API answered it, every character kept, for a program (and a terminal) to read. */
export const json = (value: unknown) => `${terminalJson(value)}\n`;
