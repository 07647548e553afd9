/**
 * Where the time goes when the library opens: `nightshift host` on a seeded library (10,000
 * images by default), headless chromium at 1400 × 900, and the page's own clock (ms since
 * navigation started) at each step: the document's response, each script and style sheet
 * loaded, the script run, the WebSocket open, the list asked for and arrived (and its size),
 * and the first row in the page. Prints one line per run; run it several times on a shared
 * machine and compare the medians.
 *
 *   npm run build && npx tsx bench/library-open-profile.ts [count] [runs]
 */
import { loadavg } from 'node:os';
import { eachOpening } from './library-open-runs.js';

await eachOpening(async ({ page, url, run, count: n }) => {
  await page.addInitScript(`(() => {
    const marks = (window.__marks = {});
    const Native = window.WebSocket;
    window.WebSocket = class extends Native {
      constructor(...args) {
        super(...args);
        this.addEventListener('open', () => { marks.wsOpen ??= performance.now(); });
        this.addEventListener('message', (e) => {
          const size = typeof e.data === 'string' ? e.data.length : 0;
          if (size > (marks.listBytes ?? 0)) { marks.listBytes = size; marks.listArrived = performance.now(); }
        });
      }
      send(text) {
        if (typeof text === 'string' && text.includes('products:list')) marks.listAsked ??= performance.now();
        super.send(text);
      }
    };
    new MutationObserver((_, obs) => {
      if (document.querySelector('[data-testid="product-row"]')) { marks.firstRow = performance.now(); obs.disconnect(); }
    }).observe(document, { childList: true, subtree: true });
  })()`);
  await page.goto(url);
  await page.getByTestId('product-row').first().waitFor({ timeout: 60_000 });
  const r = (await page.evaluate(`(() => {
    const nav = performance.getEntriesByType('navigation')[0];
    const res = performance.getEntriesByType('resource').filter((e) => /\\.(js|css)$/.test(e.name.split('?')[0]));
    return {
      doc: nav.responseEnd,
      assets: res.map((e) => ({ name: e.name.split('/').pop(), end: e.responseEnd, kb: e.encodedBodySize / 1024 })),
      domInteractive: nav.domInteractive,
      ...window.__marks,
    };
  })()`)) as {
    doc: number;
    assets: Array<{ name: string; end: number; kb: number }>;
    domInteractive: number;
    wsOpen?: number;
    listAsked?: number;
    listArrived?: number;
    listBytes?: number;
    firstRow?: number;
  };
  const f = (x: number | undefined) => (x === undefined ? '?' : x.toFixed(0));
  console.log(
    `${n} images, run ${run + 1} (load ${loadavg()[0]!.toFixed(1)}): document ${f(r.doc)} ms; ` +
      r.assets.map((a) => `${a.name} (${a.kb.toFixed(0)} kB) ${f(a.end)}`).join(', ') +
      `; DOM interactive ${f(r.domInteractive)}; socket open ${f(r.wsOpen)}; list asked ${f(r.listAsked)}, ` +
      `arrived ${f(r.listArrived)} (${((r.listBytes ?? 0) / 1e6).toFixed(2)} MB); first row ${f(r.firstRow)} ms`,
  );
});
