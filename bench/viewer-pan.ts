/**
 * The image viewer on a 4096² image in headless chromium: time from click to first frame, and
 * frame rate while panning with no sources and with 10,000 sources drawn. The reference is the
 * browser's own idle frame rate measured in the same run (60 fps where the display clock is).
 *
 *   npm run build && npx tsx bench/viewer-pan.ts
 */
import { launchChromium } from '../tests/helpers/chromium.js';
import { startHostProcess } from '../tests/helpers/host-process.js';
import { seedProduct, starField } from '../tests/helpers/seed.js';
import { tempDir } from '../tests/helpers/tmp.js';
import { frameRate } from './frame-rate.js';

const SIZE = 4096;
const bytes = starField(SIZE, SIZE, Array.from({ length: 2000 }, (_, i) => ({ x: (i * 397) % SIZE, y: (i * 911) % SIZE, flux: 5000 + i * 10 })), 1000, 20, 7);
const sources = Array.from({ length: 10_000 }, (_, i) => ({ x: (i * 397) % SIZE, y: (i * 911) % SIZE, flux: 1000 }));

async function measure(n: number, zoomIn: boolean) {
  const data = tempDir();
  seedProduct(data.dir, bytes, sources.slice(0, n), 'big.fits');
  const host = await startHostProcess(data.dir);
  const { browser, close } = await launchChromium();
  try {
    const page = await browser.newPage({ viewport: { width: 1400, height: 850 } });
    await page.goto(host.url);
    const t0 = performance.now();
    await page.getByTestId('product-row').first().click();
    await page.locator('[data-testid="viewer-canvas"][data-ready="yes"]').waitFor({ timeout: 120_000 });
    const readyMs = performance.now() - t0;
    const box = (await page.getByTestId('viewer').boundingBox())!;
    await page.mouse.move(box.x + 300, box.y + 300);
    if (zoomIn) for (let i = 0; i < 10; i++) await page.mouse.wheel(0, -100);
    await page.waitForTimeout(300);
    const frames = (ms: number) => frameRate(page, ms);
    const idle = await frames(1000);
    const during = frames(2000);
    await page.mouse.down();
    for (let i = 0; i < 80; i++) await page.mouse.move(box.x + 300 + i * 4, box.y + 300 + i * 2);
    await page.mouse.up();
    const pan = await during;
    return { readyMs, idle, pan };
  } finally {
    await close();
    await host.stop();
    data.cleanup();
  }
}

for (const [n, zoom] of [
  [0, false],
  [10_000, false],
  [10_000, true],
] as const) {
  const r = await measure(n, zoom);
  console.log(
    `${SIZE}² with ${n} sources${zoom ? ', zoomed in' : ', whole image'}: first frame ${r.readyMs.toFixed(0)} ms; ` +
      `idle ${r.idle.fps.toFixed(1)} fps; panning ${r.pan.fps.toFixed(1)} fps (worst frame ${r.pan.worstMs.toFixed(0)} ms), ` +
      `ratio to idle ${(r.pan.fps / r.idle.fps).toFixed(2)}`,
  );
}
