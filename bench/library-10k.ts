/**
 * A season of data in the library: 10,000 images (600 for comparison) seeded straight into a
 * library, `nightshift host` on it, and headless chromium at 1400 × 900. Reports the
 * `products:list` and `library:list` calls alone (over `POST /call`, warm), the time from opening
 * the address to the first rows and the count on screen, the number of rows in the DOM, the
 * frame rate while scrolling the list, and the time a filter by night takes to show. In the page,
 * the times the whole list was asked for and its message arrived, and the count was shown (from
 * navigation start), split the opening into the host's part and the page's.
 *
 *   npm run build && npx tsx bench/library-10k.ts [count ...]
 */
import { launchChromium } from '../tests/helpers/chromium.js';
import { callHost } from '../tests/helpers/host-call.js';
import { startHostProcess } from '../tests/helpers/host-process.js';
import { seedLibrary } from '../tests/helpers/seed-library.js';
import { tempDir } from '../tests/helpers/tmp.js';
import { loadavg } from 'node:os';
import { frameRate } from './frame-rate.js';
import { season } from './season.js';

async function measure(n: number) {
  const data = tempDir();
  seedLibrary(data.dir, season(n));
  const host = await startHostProcess(data.dir);
  const { browser, close } = await launchChromium();
  try {
    // The list call alone, warm (the second of two), as the page makes it.
    await callHost(host.url, 'products:list', { limit: 100_000 });
    let t = performance.now();
    const list = (await callHost(host.url, 'products:list', { limit: 100_000 })) as unknown[];
    const listMs = performance.now() - t;
    // the library's own call (by columns; absent before 2026-12-07's lib-lean), warm too
    let leanMs: number | null = null;
    if ((await callHost(host.url, 'library:list', { limit: 100_000 }).catch(() => null)) !== null) {
      t = performance.now();
      await callHost(host.url, 'library:list', { limit: 100_000 });
      leanMs = performance.now() - t;
    }
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    // In the page: when the biggest WebSocket message (the list) arrived, and when the first row was in the page.
    await page.addInitScript(`(() => {
      window.__big = { at: 0, size: 0, id: null };
      window.__sent = [];
      window.__counted = 0;
      const Native = window.WebSocket;
      window.WebSocket = class extends Native {
        constructor(...args) {
          super(...args);
          this.addEventListener('message', (e) => {
            const size = typeof e.data === 'string' ? e.data.length : 0;
            if (size > window.__big.size) window.__big = { at: performance.now(), size, id: Number((/^\\{"id":(-?\\d+)/.exec(e.data) || [])[1]) };
          });
        }
        send(text) {
          const m = /^\\{"id":(-?\\d+),"channel":"([^"]+)"/.exec(String(text));
          if (m) window.__sent.push({ at: performance.now(), id: Number(m[1]), channel: m[2] });
          return super.send(text);
        }
      };
      // the count's text on the page's clock
      new MutationObserver(() => {
        const el = document.querySelector('[data-testid="library-count"]');
        if (!window.__counted && el && /^\\d+ images/.test(el.textContent || '')) window.__counted = performance.now();
      }).observe(document, { childList: true, subtree: true, characterData: true });
    })()`);
    t = performance.now();
    await page.goto(host.url);
    await page.getByTestId('product-row').first().waitFor({ timeout: 60_000 });
    const firstRowMs = performance.now() - t;
    await page.getByTestId('library-count').getByText(`${n} images`).waitFor({ timeout: 60_000 });
    const countMs = performance.now() - t;
    // read once the whole list is in (the first rows come with the page, before it)
    const inPage = (await page.evaluate(`({ list: window.__big, sent: window.__sent, counted: window.__counted })`)) as {
      list: { at: number; size: number; id: number | null };
      sent: Array<{ at: number; id: number; channel: string }>;
      counted: number;
    };
    const asked = inPage.sent.find((x) => x.id === inPage.list.id);
    const domRows = await page.getByTestId('product-row').count();
    const scroller = (await page.getByTestId('library-scroller').boundingBox())!;
    await page.mouse.move(scroller.x + scroller.width / 2, scroller.y + scroller.height / 2);
    const idle = await frameRate(page, 1000);
    const during = frameRate(page, 2000);
    for (let i = 0; i < 40; i++) {
      await page.mouse.wheel(0, 600);
      await page.waitForTimeout(40);
    }
    const scroll = await during;
    const night = await page.getByTestId('filter-night').locator('option').nth(5).getAttribute('value');
    t = performance.now();
    await page.getByTestId('filter-night').selectOption(night!);
    await page.waitForFunction(`window.location.hash.includes('night=${night}')`);
    await page.getByTestId('library-count').getByText(/ of /).waitFor();
    const filterMs = performance.now() - t;
    return {
      listMs,
      leanMs,
      rows: list.length,
      firstRowMs,
      countMs,
      domRows,
      idle,
      scroll,
      filterMs,
      listArrivedMs: inPage.list.at,
      listBytes: inPage.list.size,
      listAskedMs: asked?.at ?? null,
      listChannel: asked?.channel ?? '?',
      countedMs: inPage.counted,
    };
  } finally {
    await close();
    await host.stop();
    data.cleanup();
  }
}

const counts = process.argv.slice(2).map(Number).filter((x) => x > 0);
for (const n of counts.length > 0 ? counts : [600, 10_000]) {
  const r = await measure(n);
  console.log(
    `${n} images (load average ${loadavg()[0]!.toFixed(2)}): products:list ${r.listMs.toFixed(0)} ms for ${r.rows} rows` +
      `${r.leanMs === null ? '' : `, library:list ${r.leanMs.toFixed(0)} ms`}; ` +
      `page open to first row ${r.firstRowMs.toFixed(0)} ms, to the count ${r.countMs.toFixed(0)} ms ` +
      `(in the page: the list (${r.listChannel}, ${(r.listBytes / 1e6).toFixed(1)} MB) asked ${r.listAskedMs === null ? '?' : r.listAskedMs.toFixed(0)} ms, ` +
      `arrived ${r.listArrivedMs.toFixed(0)} ms after navigation started, the count shown at ${r.countedMs.toFixed(0)} ms); ${r.domRows} rows in the DOM; ` +
      `scrolling ${r.scroll.fps.toFixed(1)} fps (idle ${r.idle.fps.toFixed(1)}, worst frame ${r.scroll.worstMs.toFixed(0)} ms); ` +
      `night filter shown in ${r.filterMs.toFixed(0)} ms`,
  );
}
