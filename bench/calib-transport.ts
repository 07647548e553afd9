/**
 * What the app's `calibrate` task adds per light to `nightshift calib apply` (`applyMasters`,
 * what bench/calib.ts times), by the way the calibrated frame comes back from the worker. The
 * real worker half (kinds/calibrate/run.ts) and the library's storing (storeDerivedProduct) on
 * one synthetic 2048² light and its masters (float32 files written here):
 *
 * - `staged` (now): the worker writes the frame as `calib apply` does, hashing on the way, in the
 *   library's staging folder; the main thread renames it into the store and reads its header.
 * - `base64` (before, and still from a broker worker without the library's disk): the worker
 *   serialises the frame with `writeFits` and base64; the main thread decodes, hashes and writes it.
 *
 *   npx tsx bench/calib-transport.ts [--size 2048] [--repeat 10]
 *
 * Prints CPU milliseconds per light (user + system, this process; both halves run on this
 * thread here) and the message's length.
 */
import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeFits } from '../src/core/fits/index.js';
import { applyMasters } from '../src/main/services/calib/calib-files.js';
import { systemClock } from '../src/main/services/clock.js';
import { openDb } from '../src/main/services/db/open.js';
import { EventBus } from '../src/main/services/events.js';
import { derivedFile, stagingArea, storeDerivedProduct } from '../src/main/services/library/calib-products.js';
import { dataPaths } from '../src/main/services/paths.js';
import type { CalibImageOutput } from '../src/main/services/tasks/kinds/calib-master/schema.js';
import { calibrateWorker } from '../src/main/services/tasks/kinds/calibrate/run.js';

function arg(name: string, def: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && i + 1 < process.argv.length ? process.argv[i + 1] : def;
}
const size = Number(arg('size', '2048'));
const repeat = Number(arg('repeat', '10'));
const cpu = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
const root = mkdtempSync(join(tmpdir(), 'ns-bench-transport-'));
try {
  const file = (name: string, header: Record<string, string | number>, f: (i: number) => number): string => {
    const path = join(root, name);
    writeFileSync(path, writeFits([{ data: Float32Array.from({ length: size * size }, (_, i) => f(i)), shape: [size, size], header }]));
    return path;
  };
  const bias = file('bias.fits', { IMAGETYP: 'Master Bias', EXPTIME: 0 }, (i) => 1000 + (i % 7));
  const dark = file('dark.fits', { IMAGETYP: 'Master Dark', EXPTIME: 60 }, (i) => 3 + (i % 5) / 10);
  const flat = file('flat.fits', { IMAGETYP: 'Master Flat', EXPTIME: 1, FILTER: 'R' }, (i) => 0.9 + (i % 11) / 100);
  const lights = Array.from({ length: repeat }, (_, k) => file(`light-${k}.fits`, { IMAGETYP: 'Light Frame', EXPTIME: 60, FILTER: 'R' }, (i) => 1400 + ((i + k) % 1000) / 7));
  const ref = (path: string) => ({ path, size: statSync(path).size, sha256: '0'.repeat(64) });
  const paths = dataPaths(join(root, 'lib'));
  mkdirSync(paths.root, { recursive: true });
  const db = openDb(paths.db);
  const deps = { db, paths, clock: systemClock, events: new EventBus() };
  const stage = stagingArea(paths);
  const elsewhere = { ...stage, token: 'f'.repeat(32) };
  const ctx = { progress: () => {}, file: (r: { path: string }) => r.path };
  const totals = { 'calib apply': { worker: 0, main: 0, message: 0 }, staged: { worker: 0, main: 0, message: 0 }, base64: { worker: 0, main: 0, message: 0 } };
  applyMasters(lights[0]!, { bias, dark, flat, darkScale: true, out: join(root, 'warm.fits') }); // masters into the cache, code warm
  for (const [k, light] of lights.entries()) {
    let t = cpu();
    applyMasters(light, { bias, dark, flat, darkScale: true, out: join(root, 'out.fits') });
    totals['calib apply'].worker += cpu() - t;
    for (const mode of ['staged', 'base64'] as const) {
      // the store keeps one product per content: drop the first mode's before the second
      db.prepare('DELETE FROM data_products').run();
      t = cpu();
      const input = { light: ref(light), bias: ref(bias), dark: ref(dark), flat: ref(flat), stage: mode === 'staged' ? stage : elsewhere };
      const message = JSON.stringify(calibrateWorker.run(input, ctx));
      totals[mode].worker += cpu() - t;
      totals[mode].message += message.length;
      t = cpu();
      storeDerivedProduct(deps, { name: `l${k}`, ...derivedFile(JSON.parse(message) as CalibImageOutput), kind: 'calibrated', frameType: 'light', rawId: null, calib: {} });
      totals[mode].main += cpu() - t;
    }
  }
  db.close();
  const ms = (x: number): string => (x / repeat).toFixed(1);
  for (const [mode, t] of Object.entries(totals)) {
    console.log(`${size}² light, ${mode}: worker ${ms(t.worker)} ms CPU, main thread ${ms(t.main)} ms CPU per light; message ${Math.round(t.message / repeat)} characters`);
  }
} finally {
  rmSync(root, { recursive: true, force: true });
}
