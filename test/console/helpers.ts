/** Mounting the console against the fake API, and reading through its shadow roots. */
import { fixture, html, waitUntil } from '@open-wc/testing';
import '../../console/main.ts';
import { storeLang } from '../../console/i18n/index.ts';
import type { ConsoleApp } from '../../console/app.ts';
import { fakeConsoleApi, installFake, type FakeConsoleApi, type FakeOptions } from './fake-console-api.ts';

export interface Mounted {
  el: ConsoleApp;
  fake: FakeConsoleApi;
  net: ReturnType<typeof installFake>;
}

let mounted: Mounted | undefined;

/** The app at `hash` (or the hash made from the fake: a sign-in link's), in `lang`, against a fake API prepared by `prepare` (sign in, record payments). */
export async function mount(options: { hash?: string | ((fake: FakeConsoleApi) => string); lang?: 'th' | 'en'; prepare?: (fake: FakeConsoleApi) => void; fake?: FakeOptions } = {}): Promise<Mounted> {
  const fake = fakeConsoleApi(options.fake);
  options.prepare?.(fake);
  const net = installFake(fake);
  storeLang(options.lang ?? 'th');
  const hash = typeof options.hash === 'function' ? options.hash(fake) : (options.hash ?? '#/today');
  history.replaceState(null, '', `${location.pathname}${location.search}${hash}`);
  const el = await fixture<ConsoleApp>(html`<maemanee-console base="/console/api/"></maemanee-console>`);
  mounted = { el, fake, net };
  return mounted;
}

/** After each test: the network as it was, no stored language or draft, no hash. */
export function unmount() {
  mounted?.net.restore();
  mounted?.el.remove();
  mounted = undefined;
  localStorage.clear();
  sessionStorage.clear();
  history.replaceState(null, '', `${location.pathname}${location.search}`);
}

/** Every element matching `selector`, in the light and every shadow root under `root`. */
export function all<T extends Element = HTMLElement>(root: Element | ShadowRoot, selector: string): T[] {
  const found: T[] = [...root.querySelectorAll<T>(selector)];
  for (const el of root.querySelectorAll('*')) if (el.shadowRoot) found.push(...all<T>(el.shadowRoot, selector));
  if (root instanceof Element && root.shadowRoot) found.push(...all<T>(root.shadowRoot, selector));
  return found;
}

export const one = <T extends Element = HTMLElement>(root: Element, selector: string) => all<T>(root, selector)[0] as T | undefined;

/** The text a person reads, through shadow roots, white space folded. */
export function text(node: Node): string {
  let out = '';
  const walk = (n: Node) => {
    if (n.nodeType === Node.TEXT_NODE) out += n.textContent;
    if (n instanceof Element && n.shadowRoot) walk(n.shadowRoot);
    n.childNodes.forEach(walk);
    // Elements lay their text apart (a flex row, a badge): read as words.
    if (n instanceof Element) out += ' ';
  };
  walk(node);
  return out.replace(/\s+/g, ' ').trim();
}

/** Waits until `selector` matches (through shadow roots), and answers the first match. */
export async function find<T extends Element = HTMLElement>(root: Element, selector: string, timeout = 3000): Promise<T> {
  await waitUntil(() => one(root, selector), `${selector} never showed`, { timeout });
  return one<T>(root, selector)!;
}

export async function until(condition: () => unknown, message: string, timeout = 3000) {
  await waitUntil(condition, message, { timeout });
}

/** Fills a form field by name and tells the page, as typing would. */
export function fill(root: Element, name: string, value: string) {
  const field = one<HTMLInputElement | HTMLSelectElement>(root, `[name="${name}"]`)!;
  field.value = value;
  field.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
  field.dispatchEvent(new Event('change', { bubbles: true, composed: true }));
}

/** Sends the link form, as its button would (past the browser's own checks: the form says what is wrong itself). */
export function submitLinkForm(root: Element) {
  one<HTMLFormElement>(one(root, 'console-link-form')!, 'form')!.requestSubmit();
}

export function setVisibility(state: 'visible' | 'hidden') {
  Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => state });
  document.dispatchEvent(new Event('visibilitychange'));
}
