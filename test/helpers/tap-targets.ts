/**
 * What on a page is too small for a finger, measured in the browser: each button, tab, field, stepper and link
 * standing on a line of its own at least 44×44 CSS px (Apple's and Google's guidance), a link sharing its line with
 * text at least 24×24 (WCAG 2.2, 2.5.8), a checkbox or radio by its label (which takes its taps); and a page wider
 * than the phone. The pay page and the console are measured by the same rule.
 */
import type { Page } from 'puppeteer-core';

interface Target {
  what: string;
  width: number;
  height: number;
  min: [number, number];
}

/**
 * Each control under `scope` too small to tap, said with its size, prefixed by `view`. `shadowRoots` goes into
 * custom elements' shadow roots (the console's views); the pay page leaves the element's own to the element's tests.
 * A view that finds no control at all is said too, unless it has none (`controls: false`): a measure of nothing passes.
 */
export async function tooSmall(page: Page, view: string, { scope = 'html', shadowRoots = true, controls = true } = {}): Promise<string[]> {
  // The measuring function names its inner functions through esbuild's keep-names helper, which pages lack
  // (scripts/chromium.ts's newPage adds it; a context's own pages do not have it).
  await page.evaluate('globalThis.__name ??= (fn) => fn');
  const { targets, wide } = await page.evaluate(
    (scope, shadowRoots) => {
      const found: Target[] = [];
      const name = (el: Element) =>
        `<${el.localName}${[...el.attributes].filter((a) => a.name.startsWith('data-') || a.name === 'name' || a.name === 'class' || a.name === 'id').map((a) => ` ${a.name}="${a.value}"`).join('')}> "${(el.textContent ?? '').trim().replace(/\s+/g, ' ').slice(0, 40)}"`;
      /** Whether a link shares its line with other text or elements (a sentence, a row of facts), rather than standing alone. */
      const inText = (el: Element) => {
        const box = el.getBoundingClientRect();
        return [...el.parentNode!.childNodes].some((node) => {
          if (node === el || !(node.textContent ?? '').trim()) return false;
          const range = document.createRange();
          range.selectNodeContents(node);
          const r = node instanceof Element ? node.getBoundingClientRect() : range.getBoundingClientRect();
          return r.width > 0 && r.top < box.bottom && r.bottom > box.top;
        });
      };
      const measure = (el: Element, min: [number, number], box: Element = el) => {
        if (!(box as HTMLElement).checkVisibility({ visibilityProperty: true })) return;
        const r = box.getBoundingClientRect();
        if (r.width === 0 && r.height === 0) return;
        found.push({ what: name(el), width: Math.round(r.width * 10) / 10, height: Math.round(r.height * 10) / 10, min });
      };
      (function walk(root: Element | ShadowRoot) {
        for (const el of root.querySelectorAll('*')) {
          if (shadowRoots && el.shadowRoot) walk(el.shadowRoot);
          if (el.matches('input[type="checkbox"], input[type="radio"]')) measure(el, [44, 44], el.closest('label') ?? el);
          else if (el.matches('button, select, input:not([type="hidden"]), textarea, summary, [role="tab"], a.button, nav a')) measure(el, [44, 44]);
          else if (el.matches('a[href]')) measure(el, inText(el) ? [24, 24] : [44, 44]);
        }
      })(document.querySelector(scope)!);
      return { targets: found, wide: document.documentElement.scrollWidth > innerWidth ? document.documentElement.scrollWidth : 0 };
    },
    scope,
    shadowRoots,
  );
  return [
    ...(controls && targets.length === 0 ? [`${view}: no control found`] : []),
    ...targets.filter((t) => t.width < t.min[0] || t.height < t.min[1]).map((t) => `${view}: ${t.what} is ${t.width}×${t.height}, under ${t.min.join('×')}`),
    ...(wide ? [`${view}: the page is ${wide} px wide`] : []),
  ];
}
