/**
 * Who a client is, for rate limits. An IP is parsed, never taken as text: every spelling of one IPv6 address is one
 * client, and so is a whole /64 (what one home or phone gets); an IPv4-mapped IPv6 address is its IPv4 address.
 * Runtime-agnostic: no node:net.
 */

/** The address in one canonical spelling, or undefined if the text is not an IP address. */
export function parseIp(text: string): string | undefined {
  const ip = text.trim();
  const v4 = parseV4(ip);
  if (v4) return v4.join('.');
  const v6 = parseV6(ip.replace(/^\[|\]$/g, ''));
  if (!v6) return undefined;
  if (v6.slice(0, 5).every((h) => h === 0) && v6[5] === 0xffff) return [v6[6] >> 8, v6[6] & 255, v6[7] >> 8, v6[7] & 255].join('.');
  return v6.map((h) => h.toString(16)).join(':');
}

/** The rate-limit key of a client: its IPv4 address, or its IPv6 /64; the text itself for what is not an IP. */
export function clientKey(ip: string): string {
  const parsed = parseIp(ip);
  if (!parsed) return `other:${ip.slice(0, 64)}`;
  if (!parsed.includes(':')) return parsed;
  return `${parsed.split(':').slice(0, 4).join(':')}::/64`;
}

function parseV4(text: string): number[] | undefined {
  const parts = text.split('.');
  if (parts.length !== 4 || !parts.every((p) => /^(0|[1-9]\d{0,2})$/.test(p) && Number(p) <= 255)) return undefined;
  return parts.map(Number);
}

function parseV6(text: string): number[] | undefined {
  if (!/^[0-9A-Fa-f:.]{2,45}$/.test(text)) return undefined;
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const groups = (half: string): number[] | undefined => {
    if (half === '') return [];
    const out: number[] = [];
    const parts = half.split(':');
    for (let i = 0; i < parts.length; i++) {
      const part = parts[i];
      if (i === parts.length - 1 && part.includes('.')) {
        const v4 = parseV4(part);
        if (!v4) return undefined;
        out.push((v4[0] << 8) | v4[1], (v4[2] << 8) | v4[3]);
      } else if (/^[0-9A-Fa-f]{1,4}$/.test(part)) out.push(parseInt(part, 16));
      else return undefined;
    }
    return out;
  };
  const head = groups(halves[0]);
  const tail = halves.length === 2 ? groups(halves[1]) : [];
  if (!head || !tail) return undefined;
  if (halves.length === 1) return head.length === 8 ? head : undefined;
  const missing = 8 - head.length - tail.length;
  return missing >= 1 ? [...head, ...Array(missing).fill(0), ...tail] : undefined;
}
