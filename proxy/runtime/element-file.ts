/**
 * Node: the element's CDN build as the package holds it, `dist/maemanee-pay.js`, whether this module runs from the
 * sources (`proxy/runtime/`) or from `@maemanee-pay/proxy`'s build (`dist/`, where the build copies it). Undefined when it has not been built.
 */
import { readFile } from 'node:fs/promises';

const PLACES = ['../../dist/maemanee-pay.js', './maemanee-pay.js'];

export async function readElementBuild(): Promise<string | undefined> {
  for (const place of PLACES) {
    try {
      return await readFile(new URL(place, import.meta.url), 'utf8');
    } catch {
      // not here; the next place
    }
  }
  return undefined;
}
