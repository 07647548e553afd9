import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';
import type { IndexHtmlTransformContext, Plugin } from 'vite';
import { contentSecurityPolicy } from './src/shared/csp.js';

/**
 * The renderer page's CSP <meta> from the app's one policy (src/shared/csp.ts): the desktop's
 * `nightshift:` protocol, the browser host's WebSocket and the dev server's hot reload.
 */
const cspMeta = {
  name: 'nightshift-csp-meta',
  transformIndexHtml: (html: string): string =>
    html.replace('__NIGHTSHIFT_CSP__', contentSecurityPolicy({ img: ['nightshift:'], connect: ['nightshift:', 'ws://127.0.0.1:*', 'ws://localhost:*'], meta: true })),
};

/**
 * The app's script (`src/main.tsx`, which the boot script `src/boot.ts` imports) fetched with
 * the page rather than after the boot script has run: `<link rel="modulepreload">` for its
 * chunk and the chunks it imports, and its style sheet, in the page's head.
 */
const preloadApp: Plugin = {
  name: 'nightshift-preload-app',
  transformIndexHtml: {
    order: 'post',
    handler(html: string, ctx: IndexHtmlTransformContext) {
      const bundle = ctx.bundle;
      if (!bundle) return html;
      const chunks = Object.values(bundle).flatMap((c) => (c.type === 'chunk' ? [c] : []));
      const app = chunks.find((c) => c.facadeModuleId?.replaceAll('\\', '/').endsWith('/src/renderer/src/main.tsx'));
      if (!app) throw new Error('nightshift-preload-app: no chunk for src/main.tsx');
      const scripts = new Set<string>();
      const styles = new Set<string>();
      const walk = (fileName: string) => {
        const c = chunks.find((x) => x.fileName === fileName);
        if (!c || scripts.has(fileName) || c.isEntry) return;
        scripts.add(fileName);
        for (const css of c.viteMetadata?.importedCss ?? []) styles.add(css);
        for (const i of c.imports) walk(i);
      };
      walk(app.fileName);
      return [
        ...[...scripts].map((f) => ({ tag: 'link', attrs: { rel: 'modulepreload', crossorigin: true, href: `./${f}` }, injectTo: 'head' as const })),
        ...[...styles].map((f) => ({ tag: 'link', attrs: { rel: 'stylesheet', crossorigin: true, href: `./${f}` }, injectTo: 'head' as const })),
      ];
    },
  },
};

export default defineConfig({
  main: {
    build: {
      externalizeDeps: true,
      rolldownOptions: {
        input: { index: resolve(__dirname, 'src/main/index.ts') },
      },
    },
  },
  preload: {
    build: {
      // A sandboxed preload must be one CommonJS file with everything bundled in.
      externalizeDeps: false,
      isolatedEntries: true,
      rolldownOptions: {
        input: { index: resolve(__dirname, 'src/preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve(__dirname, 'src/renderer'),
    plugins: [react(), cspMeta, preloadApp],
    build: {
      outDir: resolve(__dirname, 'out/renderer'),
      // The page's script is parsed at every opening of the library: minified it is a third the size.
      minify: true,
      rolldownOptions: {
        input: { index: resolve(__dirname, 'src/renderer/index.html') },
      },
    },
  },
});
