/**
 * What a seller reads for a device in the console's list of sessions and passkeys, from its User-Agent: "iPhone ·
 * Safari", "Android · LINE". A label, never a proof of anything: the header is the browser's to say.
 */
const SYSTEMS: [RegExp, string][] = [
  [/iPhone/, 'iPhone'],
  [/iPad/, 'iPad'],
  [/Android/, 'Android'],
  [/CrOS/, 'Chromebook'],
  [/Macintosh|Mac OS X/, 'Mac'],
  [/Windows/, 'Windows'],
  [/Linux/, 'Linux'],
];

// In-app browsers first: their User-Agent also names the engine they embed.
const BROWSERS: [RegExp, string][] = [
  [/ Line\//, 'LINE'],
  [/FBAN|FBAV/, 'Facebook'],
  [/EdgA?\/|EdgiOS/, 'Edge'],
  [/SamsungBrowser/, 'Samsung Internet'],
  [/Firefox|FxiOS/, 'Firefox'],
  [/OPR\//, 'Opera'],
  [/Chrome|CriOS/, 'Chrome'],
  [/Safari/, 'Safari'],
];

export function deviceLabel(userAgent: string | undefined): string {
  const ua = userAgent ?? '';
  const found = [SYSTEMS, BROWSERS].map((list) => list.find(([pattern]) => pattern.test(ua))?.[1]).filter(Boolean);
  return found.join(' · ') || 'unknown device';
}
