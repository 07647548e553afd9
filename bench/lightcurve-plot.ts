/**
 * The light-curve plot with 10,000 points in two filters in headless chromium: time from
 * opening the target to the plot, and frame rate while hovering (cursor + readout) and while
 * wheel-zooming, against the browser's idle frame rate measured in the same run.
 *
 *   npm run build && npx tsx bench/lightcurve-plot.ts
 */
import { createServices } from '../src/main/services/services.js';
import { launchChromium } from '../tests/helpers/chromium.js';
import { startHostProcess } from '../tests/helpers/host-process.js';
import { seedProduct, starField } from '../tests/helpers/seed.js';
import { tempDir } from '../tests/helpers/tmp.js';
import { frameRate } from './frame-rate.js';

const N = 10_000;

function seed(dir: string): void {
  const productId = seedProduct(dir, starField(64, 64, [{ x: 32, y: 32, flux: 10_000 }]), [{ x: 32, y: 32, flux: 10_000 }], 'one.fits');
  const services = createServices({ dataDir: dir });
  try {
    const t = services.targets.create({ name: 'Busy', ra: 150.1, dec: 2.2 });
    const now = new Date().toISOString();
    // One product row per point (the photometry key is target × product).
    const db = services.db;
    const copy = db.prepare(
      `INSERT INTO data_products (sha256, name, store_path, size, status, has_wcs, created_at, updated_at)
       SELECT printf('%064d', ?), ?, store_path, size, 'extracted', 1, created_at, updated_at FROM data_products WHERE id = ?`,
    );
    const ins = db.prepare(
      `INSERT INTO photometry (target_id, product_id, mjd, filter, x, y, flux, flux_err, rel_flux, rel_flux_err, mag, mag_err, aperture, n_comparisons, created_at, updated_at)
       VALUES (?, ?, ?, ?, 32, 32, ?, ?, ?, ?, ?, ?, 4, 8, ?, ?)`,
    );
    db.transaction(() => {
      for (let i = 0; i < N; i++) {
        const pid = Number(copy.run(i + 1, `p${i}.fits`, productId).lastInsertRowid);
        const mjd = 61000 + i * 0.01;
        const rel = 1 + 0.2 * Math.sin(i / 40) + 0.01 * Math.sin(i * 12.9898);
        ins.run(t.id, pid, mjd, i % 2 ? 'V' : 'R', rel * 1e5, 300, rel, 0.003, -2.5 * Math.log10(rel), 0.003, now, now);
      }
    })();
  } finally {
    void services.close();
  }
}

const data = tempDir();
seed(data.dir);
const host = await startHostProcess(data.dir);
const { browser, close } = await launchChromium();
try {
  const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  await page.goto(host.url);
  await page.getByTestId('nav-targets').click();
  const t0 = performance.now();
  await page.getByTestId('target-row').first().click();
  await page.locator(`[data-testid="lightcurve-plot"][data-points="${N}"] .u-over`).waitFor({ timeout: 60_000 });
  const readyMs = performance.now() - t0;
  const box = (await page.locator('[data-testid="lightcurve-plot"] .u-over').boundingBox())!;
  const frames = (ms: number) => frameRate(page, ms);
  const idle = await frames(1000);
  const hovering = frames(2000);
  for (let i = 0; i < 120; i++) await page.mouse.move(box.x + 5 + (i * (box.width - 10)) / 120, box.y + box.height / 2);
  const hover = await hovering;
  const zooming = frames(2000);
  for (let i = 0; i < 30; i++) await page.mouse.wheel(0, i < 15 ? -120 : 120);
  const zoom = await zooming;
  console.log(`light curve with ${N} points: plot shown ${readyMs.toFixed(0)} ms after the click; idle ${idle.fps.toFixed(1)} fps`);
  console.log(`hovering ${hover.fps.toFixed(1)} fps (worst frame ${hover.worstMs.toFixed(0)} ms), ratio to idle ${(hover.fps / idle.fps).toFixed(2)}`);
  console.log(`wheel zoom ${zoom.fps.toFixed(1)} fps (worst frame ${zoom.worstMs.toFixed(0)} ms), ratio to idle ${(zoom.fps / idle.fps).toFixed(2)}`);
} finally {
  await close();
  await host.stop();
  data.cleanup();
}
