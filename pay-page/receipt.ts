/**
 * A receipt page's buttons: print (the page's A4 print stylesheet does the rest), and save as an image, which draws the
 * receipt onto a canvas in the page's own fonts and hands the PNG to the phone's share sheet (whose "Save Image" puts
 * it in Photos), or downloads it where files cannot be shared, as the element saves its QR.
 */

/** One line of the image: texts in columns, each at its x and aligned, in one size. */
interface Row {
  cells: { text: string; x: number; align: CanvasTextAlign; width: number }[];
  size: number;
  bold?: boolean;
  muted?: boolean;
  /** A line across above it. */
  rule?: boolean;
  /** Space after it. */
  gap?: number;
}

const WIDTH = 1080;
const PAD = 72;
const INNER = WIDTH - 2 * PAD;

/** The visible text of an element, its line breaks as `\n`. */
const textOf = (node: Element | null | undefined) => (node as HTMLElement | null)?.innerText.trim() ?? '';

/** The receipt as rows, read from the page itself, so that the image says exactly what the page says. */
function rowsOf(receipt: HTMLElement): Row[] {
  const full = (text: string, size: number, extra: Partial<Row> = {}): Row => ({ cells: [{ text, x: WIDTH / 2, align: 'center', width: INNER }], size, ...extra });
  const rows: Row[] = [full(textOf(receipt.querySelector('h1')), 48, { bold: true, gap: 8 }), full(textOf(receipt.querySelector('.shop')), 34, { muted: true, gap: 40 })];
  const columns = (texts: string[], size: number, extra: Partial<Row> = {}): Row => ({
    cells: [
      { text: texts[0], x: PAD, align: 'left', width: INNER * 0.6 },
      { text: texts[1], x: PAD + INNER * 0.75, align: 'right', width: INNER * 0.12 },
      { text: texts[2], x: WIDTH - PAD, align: 'right', width: INNER * 0.25 },
    ],
    size,
    ...extra,
  });
  const cellsOf = (row: Element) => [...row.children].map(textOf);
  const head = receipt.querySelector('thead tr');
  if (head) rows.push(columns(cellsOf(head), 26, { muted: true, gap: 12 }));
  for (const line of receipt.querySelectorAll('tbody tr')) {
    const [what, quantity, amount] = line.children;
    const unit = textOf(what.querySelector('.unit'));
    rows.push(columns([textOf(what).replace(unit, '').trim(), textOf(quantity), textOf(amount)], 34, { gap: unit ? 0 : 16 }));
    if (unit) rows.push(columns([unit, '', ''], 26, { muted: true, gap: 16 }));
  }
  const foot = receipt.querySelector('tfoot tr');
  if (foot) {
    const [label, amount] = [...foot.children].map(textOf);
    rows.push(columns([label, '', amount], 38, { bold: true, rule: true, gap: 40 }));
  }
  for (const pair of receipt.querySelectorAll('dl > div')) {
    rows.push(full(textOf(pair.querySelector('dt')), 26, { muted: true, gap: 4 }));
    rows.push(full(textOf(pair.querySelector('dd')), 32, { gap: 24 }));
  }
  for (const note of receipt.querySelectorAll('.late, .not-tax, .sandbox')) rows.push(full(textOf(note), 30, { bold: true, gap: 16 }));
  return rows;
}

/** Where a line may break: between words, Thai ones too (which run together), where the browser knows them; else anywhere. */
const segments = (text: string) =>
  typeof Intl.Segmenter === 'function' ? [...new Intl.Segmenter('th', { granularity: 'word' }).segment(text)].map((s) => s.segment) : [...text];

/** Splits text into lines that fit `width`. */
function wrap(context: CanvasRenderingContext2D, text: string, width: number): string[] {
  const lines: string[] = [];
  for (const paragraph of text.split('\n')) {
    let line = '';
    for (const word of segments(paragraph)) {
      if (line && context.measureText(line + word).width > width) {
        lines.push(line.trimEnd());
        line = word.trimStart();
      } else line += word;
    }
    lines.push(line);
  }
  return lines;
}

/** The receipt drawn as a PNG, white, in the page's fonts. */
export async function receiptImage(receipt: HTMLElement): Promise<Blob> {
  await document.fonts?.ready;
  const family = getComputedStyle(receipt).fontFamily;
  const canvas = document.createElement('canvas');
  const context = canvas.getContext('2d')!;
  const font = (row: Row) => `${row.bold ? 700 : 400} ${row.size}px ${family}`;
  const rows = rowsOf(receipt);
  // Measured first, to know the height; then drawn.
  const laid = rows.map((row) => {
    context.font = font(row);
    const cells = row.cells.map((cell) => ({ ...cell, lines: wrap(context, cell.text, cell.width) }));
    return { row, cells, height: Math.max(...cells.map((c) => c.lines.length)) * row.size * 1.4 + (row.rule ? 24 : 0) };
  });
  canvas.width = WIDTH;
  canvas.height = PAD * 2 + laid.reduce((sum, l) => sum + l.height + (l.row.gap ?? 0), 0);
  context.fillStyle = '#fff';
  context.fillRect(0, 0, canvas.width, canvas.height);
  let y = PAD;
  for (const { row, cells, height } of laid) {
    context.font = font(row);
    context.fillStyle = row.muted ? '#555d66' : '#1b1f24';
    context.textBaseline = 'top';
    if (row.rule) {
      context.fillRect(PAD, y, INNER, 2);
      y += 24;
    }
    for (const cell of cells) {
      context.textAlign = cell.align;
      cell.lines.forEach((line, i) => context.fillText(line, cell.x, y + i * row.size * 1.4));
    }
    y += height - (row.rule ? 24 : 0) + (row.gap ?? 0);
  }
  return new Promise((resolve, reject) => canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error('no image'))), 'image/png'));
}

/** To the share sheet where files can be shared (a cancel is no error), else downloaded. */
async function saveImage(blob: Blob, name: string, title: string): Promise<void> {
  const files = [new File([blob], name, { type: 'image/png' })];
  if (navigator.canShare?.({ files })) {
    try {
      return await navigator.share({ files, title });
    } catch (error) {
      if ((error as Error).name === 'AbortError') return;
    }
  }
  const url = URL.createObjectURL(blob);
  Object.assign(document.createElement('a'), { href: url, download: name }).click();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

export function runReceipt(receipt: HTMLElement): void {
  const print = document.getElementById('print')!;
  const save = document.getElementById('save-image')!;
  print.addEventListener('click', () => window.print());
  save.addEventListener('click', async () => saveImage(await receiptImage(receipt), receipt.dataset.file!, document.title));
  print.hidden = save.hidden = false;
}
