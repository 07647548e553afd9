import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';
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
    plugins: [react(), cspMeta],
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
