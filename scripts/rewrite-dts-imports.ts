/**
 * The sources import each other with `.ts` extensions (run as-is by tsx, Vite, wrangler and the test runner);
 * published declarations must name the `.js` files that consumers resolve instead.
 */
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

const root = 'dist/types';
for (const entry of await readdir(root, { recursive: true })) {
  if (!entry.endsWith('.d.ts')) continue;
  const path = join(root, entry);
  const text = await readFile(path, 'utf8');
  await writeFile(path, text.replace(/(from\s+|import\()(['"])(\.{1,2}\/[^'"]+)\.ts\2/g, '$1$2$3.js$2'));
}
