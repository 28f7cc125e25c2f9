/**
 * Node: the browser builds the proxy serves, as the package holds them: the element's CDN build
 * (`dist/maemanee-pay.js`), the pay pages' script (`dist/pay-page.js`) and the console's files (`dist/console.json`), whether this module runs from the sources
 * (`proxy/runtime/`) or from `@maemanee-pay/proxy`'s build (`dist/`, where the build copies them). Undefined when not
 * built.
 */
import { readFile } from 'node:fs/promises';

async function readFirst(places: string[]): Promise<string | undefined> {
  for (const place of places) {
    try {
      return await readFile(new URL(place, import.meta.url), 'utf8');
    } catch {
      // not here; the next place
    }
  }
  return undefined;
}

export const readElementBuild = () => readFirst(['../../dist/maemanee-pay.js', './maemanee-pay.js']);

export const readPageScriptBuild = () => readFirst(['../../dist/pay-page.js', './pay-page.js']);

export const readConsoleBuild = () => readFirst(['../../dist/console.json', './console.json']);
