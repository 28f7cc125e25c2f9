/**
 * Two builds of the element:
 * - `vite build`: dist/maemanee-pay.js, one self-contained minified ES module with Lit inside, for the CDN.
 * - `vite build --mode npm`: dist/npm/, the element, the server helpers and the proxy as modules that import their
 *   dependencies (Lit, Hono), for bundlers and Node.
 */
import { defineConfig, type Plugin } from 'vite';

/**
 * Minifiers leave template literals alone; in the element's html`` and css`` templates, runs of white space are
 * never meaningful, so they are folded here (the CDN bundle has a 10 KB gzip budget).
 */
function foldTemplateWhitespace(): Plugin {
  return {
    name: 'fold-template-whitespace',
    transform(code, id) {
      if (!/\/widget\/.*\.ts$/.test(id)) return;
      return code.replace(/\b(html|css)`([^`]*)`/g, (_, tag: string, body: string) => {
        let folded = body.replace(/\s*\n\s*/g, '\n').replace(/\n(?=[<}{;:,>])|(?<=[>{};:,(])\n/g, '').replace(/\n/g, ' ');
        if (tag === 'css') {
          folded = folded
            .replace(/\s*([{};:,>])\s*/g, '$1')
            .replace(/;}/g, '}')
            .replace(/([:\s,(])0\./g, '$1.')
            .replace(/\[([\w-]+)='([\w-]+)'\]/g, '[$1=$2]');
        }
        return `${tag}\`${folded}\``;
      });
    },
  };
}

const npmExternal = [/^lit/, /^@lit\//, /^hono/, /^@hono\//, /^uqr/, /^node:/];

export default defineConfig(({ mode }) =>
  mode === 'npm'
    ? {
        build: {
          outDir: 'dist/npm',
          emptyOutDir: true,
          minify: false,
          target: 'es2022',
          lib: {
            entry: {
              'maemanee-pay': 'widget/define.ts',
              server: 'proxy/merchant.ts',
              proxy: 'proxy/index.ts',
              node: 'proxy/node-proxy.ts',
              worker: 'proxy/worker.ts',
            },
            formats: ['es'],
          },
          rollupOptions: { external: npmExternal },
        },
      }
    : {
        plugins: [foldTemplateWhitespace()],
        // Not lib mode: Vite's lib mode leaves an ES build's white space and names unminified, for tree-shaking by a
        // later bundler; a CDN file has no later bundler.
        build: {
          outDir: 'dist',
          emptyOutDir: false,
          target: 'es2022',
          copyPublicDir: false,
          rollupOptions: {
            input: 'widget/define.ts',
            preserveEntrySignatures: 'exports-only',
            output: {
              format: 'es',
              entryFileNames: 'maemanee-pay.js',
              // The element's private members (`_name`) are renamed; nothing outside the bundle can reach them.
              minify: { mangleProps: { include: /^_[a-z]/ } },
            },
          },
        },
      },
);
