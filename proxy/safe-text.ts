/**
 * Someone else's text (an upstream's message, a proxy's or a receiver's answer, a payer's reference) as it may be
 * shown to a person: on one line, with nothing a terminal would obey (a title, a cleared screen, colours, a cursor
 * moved back over what was printed, text turned around by a bidi override), and with no credential in it.
 */

/**
 * ESC sequences (CSI, OSC and the other strings up to their terminator, and two-character ones), then single
 * controls: C0, DEL, C1 (whose CSI, U+009B, some terminals obey), and the bidi marks, embeddings, overrides and
 * isolates.
 */
const ESCAPES = /\u001b(?:\[[0-?]*[ -/]*[@-~]?|[\]PX^_][^\u0007\u001b]*(?:\u0007|\u001b\\?)?|[ -/]*[0-~]?)/g;
const CONTROLS = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]/g;
const BREAKS = /[\t\n\r\u000b\u000c\u0085\u2028\u2029]+/g;

/** One line to print: escape sequences and controls removed, line breaks and tabs as one space. */
export function printable(text: string): string {
  return text.replace(ESCAPES, '').replace(BREAKS, ' ').replace(CONTROLS, '');
}

/** As `printable`, keeping line breaks (a CSV cell may hold several lines): each becomes `\n`. */
export function printableLines(text: string): string {
  return text
    .replace(ESCAPES, '')
    .split(/\r\n|[\n\r\u000b\u000c\u0085\u2028\u2029]/)
    .map((line) => line.replace(/\t/g, ' ').replace(CONTROLS, ''))
    .join('\n');
}

/**
 * JSON for a terminal: the same value, every character kept, but those a terminal could act on written as `\u`
 * escapes (JSON.stringify already escapes C0; DEL, C1 and the bidi controls it leaves as they are).
 */
export function terminalJson(value: unknown, indent = 2): string {
  return JSON.stringify(value, null, indent).replace(/[\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * `text` with every occurrence of each secret replaced by `***`, in any case, whatever its length: Thai runs words
 * together, so a password of two letters can touch the words around it and still be read. The one exception is an
 * all-digit secret (a con_id) inside a longer run of digits, which is a different number (con_id 12 in "120 บาท").
 */
export function scrubSecrets(text: string, secrets: readonly (string | undefined)[]): string {
  const values = [...new Set(secrets.map((s) => s?.trim()).filter((s): s is string => !!s))].sort((a, b) => b.length - a.length);
  const pattern = (value: string) => (/^[0-9]+$/.test(value) ? new RegExp(`(?<![0-9])${value}(?![0-9])`, 'g') : new RegExp(escapeRegExp(value), 'giu'));
  return values.reduce((out, value) => out.replace(pattern(value), '***'), text);
}
