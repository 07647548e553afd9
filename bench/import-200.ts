/**
 * Dropping 200 images on the window (browser host, headless chromium): the page's frame rate and
 * longest frame while they upload, import and extract, against its idle frame rate in the same
 * run, and how long until every image has its catalog.
 *
 *   npm run build && npx tsx bench/import-200.ts [--files 200]
 */
import { dropFiles, openUi } from '../tests/helpers/ui.js';
import { starField } from '../tests/helpers/seed.js';
import { callHost } from '../tests/helpers/host-call.js';
import { frameRate } from './frame-rate.js';

const n = Number(process.argv[process.argv.indexOf('--files') + 1] || 200) || 200;
const files = Array.from({ length: n }, (_, i) => ({
  name: `frame-${String(i).padStart(3, '0')}.fits`,
  bytes: starField(256, 256, [{ x: 40 + (i % 150), y: 60, flux: 30_000 }, { x: 128, y: 128 + (i % 90), flux: 50_000 }], 1000, 5, i + 1),
}));

const ui = await openUi();
try {
  const { page } = ui;
  await page.getByTestId('nav-library').click();
  const idle = await frameRate(page, 1000);
  const t0 = performance.now();
  await dropFiles(page, files);
  const samples: Array<{ fps: number; worstMs: number }> = [];
  for (;;) {
    samples.push(await frameRate(page, 1000));
    const products = (await callHost(ui.host.url, 'products:list')) as Array<{ status: string }>;
    if (products.length === n && products.every((p) => p.status === 'extracted' || p.status === 'failed')) break;
    if (performance.now() - t0 > 600_000) throw new Error('import did not finish in 10 minutes');
  }
  const seconds = (performance.now() - t0) / 1000;
  const fps = samples.map((s) => s.fps).sort((a, b) => a - b);
  const worst = Math.max(...samples.map((s) => s.worstMs));
  console.log(`${n} images dropped: all imported and extracted in ${seconds.toFixed(1)} s`);
  console.log(`idle ${idle.fps.toFixed(1)} fps; during the import: median ${fps[Math.floor(fps.length / 2)]!.toFixed(1)} fps, lowest 1-s window ${fps[0]!.toFixed(1)} fps, longest frame ${worst.toFixed(0)} ms`);
  console.log(`ratio of median fps to idle: ${(fps[Math.floor(fps.length / 2)]! / idle.fps).toFixed(2)}`);
} finally {
  await ui.close();
}
