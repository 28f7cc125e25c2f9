/** A QR of a URL drawn as one SVG path (no markup string, so nothing for Trusted Types to refuse). */
import { html } from 'lit';
import { encode } from 'uqr';

/** The QR's dark modules as a path of horizontal runs (`M x y h run v1 h -run z`), on a `size`×`size` grid. */
export function qrPath(text: string): { path: string; size: number } {
  const { data, size } = encode(text, { ecc: 'M', border: 2 });
  let path = '';
  data.forEach((row, y) => {
    for (let x = 0; x < size; x++) {
      if (!row[x]) continue;
      let run = 1;
      while (row[x + run]) run++;
      path += `M${x} ${y}h${run}v1h-${run}z`;
      x += run;
    }
  });
  return { path, size };
}

export function qrCode(text: string, label: string) {
  const { path, size } = qrPath(text);
  return html`<svg class="qr" role="img" aria-label=${label} viewBox=${`0 0 ${size} ${size}`} shape-rendering="crispEdges">
    <rect width=${size} height=${size} fill="#fff"></rect>
    <path d=${path} fill="#000"></path>
  </svg>`;
}
