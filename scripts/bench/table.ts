/** The bench's one table: each row printed as it is measured, then written to docs/performance.md. */
export type Row = [what: string, figure: string, against: string];

export const rows: Row[] = [];

export function row(what: string, figure: string, against = ''): void {
  rows.push([what, figure, against]);
  console.log(`${what.padEnd(78)} ${figure.padEnd(36)} ${against}`);
}

export const kib = (n: number) => `${(n / 1024).toFixed(2)} KiB`;
export const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

export function markdown(): string {
  return ['| what | measured | against |', '| --- | --- | --- |', ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n');
}
