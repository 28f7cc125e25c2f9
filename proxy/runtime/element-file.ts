/**
 * Node: the builds the proxy serves as the package holds them, `dist/maemanee-pay.js` (the element's CDN build) and
 * `dist/pay-page.js` (the pay pages' script), whether this module runs from the sources (`proxy/runtime/`) or from
 * `@maemanee-pay/proxy`'s build (`dist/`, where the build copies them). Undefined when not built.
 */
import { readFile } from 'node:fs/promises';

async function readBuild(file: string): Promise<string | undefined> {
  for (const place of [`../../dist/${file}`, `./${file}`]) {
    try {
      return await readFile(new URL(place, import.meta.url), 'utf8');
    } catch {
      // not here; the next place
    }
  }
  return undefined;
}

export const readElementBuild = () => readBuild('maemanee-pay.js');
export const readPageScriptBuild = () => readBuild('pay-page.js');
