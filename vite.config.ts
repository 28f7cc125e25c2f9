/**
 * Five builds:
 * - `vite build`: dist/maemanee-pay.js, one self-contained minified ES module with Lit inside, for the CDN.
 * - `vite build --mode page`: dist/pay-page.js, the script of the proxy's pay pages (the shop link's form, the receipt),
 *   one minified ES module, which the proxy serves from its own origin.
 * - `vite build --mode npm`: dist/npm/, the `maemanee-pay` package: the element (importing Lit, which a bundler
 *   shares) and the merchant helpers (with the parts of jose they use inside, so that the element's package keeps Lit
 *   as its one dependency).
 * - `vite build --mode proxy`: packages/proxy/dist/, the `@maemanee-pay/proxy` package: the proxy, its Node and
 *   Workers entries, the sandbox and the command, importing Hono, libsql and the rest; and the element's CDN build,
 *   which the proxy serves.
 * - `vite build --mode console`: dist/console/, the seller's console (a page, hashed scripts, the manifest and
 *   icons), and dist/console.json, the same files in one JSON document, which the proxy serves them from.
 * - `vite build --mode worker`: dist/worker/, the Cloudflare Workers script.
 */
import { copyFileSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { defineConfig, parseAst, type Plugin } from 'vite';

/**
 * Minifiers leave template literals alone; in the element's html`` and css`` templates, runs of white space (and
 * CSS comments) are never meaningful, so they are folded here, in every static part of those templates, nested ones included (the CDN
 * bundle has an 11 KiB gzip budget).
 */
function foldTemplateWhitespace(): Plugin {
  const foldHtml = (raw: string) =>
    raw.replace(/\s*\n\s*/g, '\n').replace(/\n(?=<)|(?<=>)\n/g, '').replace(/\n/g, ' ');
  // A CSS comment says why in the source; the browser has no use for it.
  const foldCss = (raw: string) =>
    foldHtml(raw.replace(/\/\*[\s\S]*?\*\//g, ''))
      .replace(/\s*([{};:,>])\s*/g, '$1')
      .replace(/;}/g, '}')
      .replace(/([:\s,(])0\./g, '$1.')
      .replace(/\[([\w-]+)='([\w-]+)'\]/g, '[$1=$2]');

  type Node = { type?: string; start: number; end: number; [key: string]: unknown };
  return {
    name: 'fold-template-whitespace',
    enforce: 'post',
    transform(code, id) {
      if (!/\/(widget|console)\/.+\.ts$/.test(id)) return;
      const edits: { start: number; end: number; text: string }[] = [];
      const visit = (node: unknown): void => {
        if (Array.isArray(node)) return node.forEach(visit);
        if (!node || typeof node !== 'object') return;
        const n = node as Node;
        const tag = n.type === 'TaggedTemplateExpression' ? (n.tag as Node & { name?: string }).name : undefined;
        if (tag === 'html' || tag === 'css') {
          const quasis = (n.quasi as { quasis: (Node & { value: { raw: string } })[] }).quasis;
          quasis.forEach((quasi, i) => {
            if (code.slice(quasi.start, quasi.end) !== quasi.value.raw) return;
            // A line break alone between two expressions is the source's layout, not text.
            const between = i > 0 && i < quasis.length - 1 && /^\s*\n\s*$/.test(quasi.value.raw);
            edits.push({ start: quasi.start, end: quasi.end, text: between ? '' : (tag === 'css' ? foldCss : foldHtml)(quasi.value.raw) });
          });
        }
        for (const [key, value] of Object.entries(n)) if (key !== 'parent') visit(value);
      };
      visit(parseAst(code));
      let out = code;
      for (const edit of edits.sort((a, b) => b.start - a.start)) out = out.slice(0, edit.start) + edit.text + out.slice(edit.end);
      return out;
    },
  };
}

const proxyExternal = [/^hono/, /^@hono\//, /^jose/, /^uqr/, /^promptparse/, /^@libsql\//, /^@simplewebauthn\//, /^postgres$/, /^cloudflare:/, /^node:/];

/**
 * The element's CDN build, the pay pages' script and the console's files beside the proxy's modules, where `proxy/runtime/build-files.ts`
 * finds them.
 */
function copyBrowserBuilds(outDir: string): Plugin {
  return {
    name: 'copy-browser-builds',
    writeBundle: () => {
      copyFileSync('dist/maemanee-pay.js', `${outDir}/maemanee-pay.js`);
      copyFileSync('dist/pay-page.js', `${outDir}/pay-page.js`);
      copyFileSync('dist/console.json', `${outDir}/console.json`);
    },
  };
}

const TYPES: Record<string, string> = {
  html: 'text/html; charset=utf-8',
  js: 'text/javascript; charset=utf-8',
  css: 'text/css; charset=utf-8',
  webmanifest: 'application/manifest+json',
  png: 'image/png',
};

/**
 * Once the console's files are written: every one of them, with its type, in dist/console.json (text as it is,
 * images in base64), one document the Node entry reads and the Worker bundles (a Worker has no files).
 */
function consoleFilesDocument(outDir: string): Plugin {
  const walk = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((entry) => (entry.isDirectory() ? walk(join(dir, entry.name)) : [join(dir, entry.name)]));
  return {
    name: 'console-files-document',
    closeBundle() {
      const files: Record<string, { type: string; text?: string; base64?: string }> = {};
      for (const path of walk(outDir).sort()) {
        const type = TYPES[path.slice(path.lastIndexOf('.') + 1)];
        if (!type) throw new Error(`The console's build made ${path}, of no type the proxy serves`);
        const body = readFileSync(path);
        files[relative(outDir, path)] = type.startsWith('image/') ? { type, base64: body.toString('base64') } : { type, text: body.toString('utf8') };
      }
      writeFileSync('dist/console.json', JSON.stringify(files));
    },
  };
}

/**
 * `vite build --mode console`: the page's URLs are relative (`./assets/…`), so the console works wherever the proxy
 * is mounted; scripts have hashed names, served as immutable. Passkeys and the QR encoder are loaded on demand.
 */
const consoleBuild = {
  root: 'console',
  base: './',
  plugins: [foldTemplateWhitespace(), consoleFilesDocument('dist/console')],
  build: {
    outDir: '../dist/console',
    emptyOutDir: true,
    target: 'es2022',
    // Every browser the console supports preloads modules itself.
    modulePreload: { polyfill: false },
  },
};

/** `vite build --mode page`: the pay pages' script, beside the element's build, which the build does not empty. */
const pageBuild = {
  build: {
    outDir: 'dist',
    emptyOutDir: false,
    target: 'es2022',
    copyPublicDir: false,
    rollupOptions: { input: 'pay-page/main.ts', output: { format: 'es' as const, entryFileNames: 'pay-page.js' } },
  },
};

const library = (outDir: string, entry: Record<string, string>, external: RegExp[]) => ({
  build: {
    outDir,
    emptyOutDir: true,
    minify: false,
    target: 'es2022',
    lib: { entry, formats: ['es' as const] },
    rollupOptions: { external },
  },
});

/**
 * `vite build --mode worker`: the Workers script for wrangler (which uploads it as it is), with the simulator in a
 * chunk of its own that only sandbox mode imports: a live Worker never loads it.
 */
const workerBuild = {
  // Built as Vite builds for a server, every dependency bundled, so that no browser helper (the <link
  // rel=modulepreload> preloader) wraps the dynamic import: a Worker has no document. Not Vite's 'webworker' target,
  // which inlines dynamic imports, and so the simulator; packages resolve as workerd does, not as Node does.
  ssr: { target: 'node' as const, noExternal: true as const, resolve: { conditions: ['workerd', 'worker', 'import'] } },
  build: {
    ssr: true,
    outDir: 'dist/worker',
    emptyOutDir: true,
    minify: false,
    target: 'es2022',
    copyPublicDir: false,
    rollupOptions: {
      input: 'proxy/runtime/worker.ts',
      preserveEntrySignatures: 'exports-only' as const,
      external: [/^cloudflare:/],
      output: { format: 'es' as const, entryFileNames: 'worker.js', chunkFileNames: '[name]-[hash].js' },
    },
  },
};

export default defineConfig(({ mode }) =>
  mode === 'worker'
    ? workerBuild
    : mode === 'page'
    ? pageBuild
    : mode === 'console'
    ? consoleBuild
    : mode === 'npm'
    ? library('dist/npm', { 'maemanee-pay': 'widget/define.ts', server: 'server-kit/index.ts' }, [/^lit/, /^@lit\//])
    : mode === 'proxy'
    ? {
        ...library(
          'packages/proxy/dist',
          {
            proxy: 'proxy/index.ts',
            node: 'proxy/runtime/node.ts',
            worker: 'proxy/runtime/worker.ts',
            sandbox: 'sandbox/index.ts',
            cli: 'cli/bin.ts',
          },
          proxyExternal,
        ),
        plugins: [copyBrowserBuilds('packages/proxy/dist')],
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
