/**
 * A raw night (the committed ccdproc fixtures, tests/fixtures/calib: 6 bias, 5 darks of 60 s,
 * flats in V and R, 3 lights in V of 120 s) imported into a library: frame types are stored,
 * calibration frames are not extracted, masters are made as tasks (bias, then dark, then
 * flats), each light is calibrated with the masters chosen by the README's rule and its
 * calibrated frame extracted; lights without their masters wait with the reason.
 */
import { copyFileSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openFits, readImage } from '../../../../src/core/fits/index.js';
import { buildMaster, calibrateFrame } from '../../../../src/main/services/calib/calib-files.js';
import { getProductDetail } from '../../../../src/main/services/library/catalog-query.js';
import { endImportBatch, importPaths } from '../../../../src/main/services/library/import-paths.js';
import { listProductRows, toProductView } from '../../../../src/main/services/library/product-rows.js';
import { productFilePath } from '../../../../src/main/services/library/product-file.js';
import { silentLogger } from '../../../../src/main/services/logger.js';
import { createServices, type Services } from '../../../../src/main/services/services.js';
import type { ProductView } from '../../../../src/shared/domain.js';
import { tempDir } from '../../../helpers/tmp.js';
import { until } from '../../../helpers/until.js';

const fx = (name: string): string => new URL(`../../../fixtures/calib/${name}`, import.meta.url).pathname;
const meta = JSON.parse(readFileSync(fx('calib.json'), 'utf8')) as { files: Record<'bias' | 'dark' | 'flatV' | 'flatR' | 'light', string[]> };

let cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.reverse()) await c();
  cleanups = [];
});

async function library(settings: Parameters<Services['settings']['set']>[0] = {}): Promise<{ services: Services; dir: string }> {
  const tmp = tempDir();
  const services = createServices({ dataDir: join(tmp.dir, 'lib'), logger: silentLogger, tasks: { threads: 2 } });
  cleanups.push(tmp.cleanup, () => services.close());
  services.settings.set(settings);
  await services.tasks.start();
  return { services, dir: tmp.dir };
}

function night(dir: string, kinds: ReadonlyArray<keyof typeof meta.files>): string {
  const folder = join(dir, 'night');
  mkdirSync(folder, { recursive: true });
  for (const k of kinds) for (const f of meta.files[k]) copyFileSync(fx(f), join(folder, f));
  return folder;
}

const products = (s: Services): ProductView[] => listProductRows(s.db).map(toProductView);

function pixels(s: Services, id: number): Float32Array | Float64Array {
  const f = openFits(readFileSync(productFilePath(s.db, s.paths, id).path));
  return readImage(f, 0).data;
}

describe('calibration in the library', () => {
  it('stores frame types, makes the masters, calibrates and extracts the lights with no choice asked', async () => {
    const { services, dir } = await library({ calibration: { darkScaling: true } });
    const summary = await importPaths(services, [night(dir, ['bias', 'dark', 'flatV', 'flatR', 'light'])], { batchId: 'night' });
    expect(summary.errors).toEqual([]);
    // nothing but the lights' calibrated frames is extracted: the raw frames get no extract task
    expect(summary.imported.every((f) => f.taskId === null)).toBe(true);
    const byName = new Map(products(services).map((p) => [p.name, p]));
    expect(byName.get('bias-1.fits')).toMatchObject({ kind: 'raw', frameType: 'bias' });
    expect(byName.get('dark-1.fits')).toMatchObject({ kind: 'raw', frameType: 'dark' });
    expect(byName.get('flatR-1.fits')).toMatchObject({ kind: 'raw', frameType: 'flat' });
    expect(byName.get('light-1.fits')).toMatchObject({ kind: 'raw', frameType: 'light' });
    expect(summary.calibrationTasks.length).toBeGreaterThan(0);

    const done = await until('three calibrated lights extracted', () => {
      const cal = products(services).filter((p) => p.kind === 'calibrated');
      return cal.length === 3 && cal.every((p) => p.status === 'extracted') ? cal : null;
    }, 120_000);
    const all = products(services);
    const masters = all.filter((p) => p.kind === 'master');
    expect(masters.map((m) => m.frameType).sort()).toEqual(['bias', 'dark', 'flat', 'flat']);
    // raw frames were never extracted
    expect(all.filter((p) => p.kind === 'raw').every((p) => p.status === 'imported' && p.sources === null)).toBe(true);
    const bias = masters.find((m) => m.frameType === 'bias')!;
    const dark = masters.find((m) => m.frameType === 'dark')!;
    const flatV = masters.find((m) => m.frameType === 'flat' && m.filter === 'V')!;
    for (const c of done) {
      expect(c.masters).toEqual({ bias: bias.id, dark: dark.id, flat: flatV.id });
      expect(all.find((p) => p.id === c.rawId)).toMatchObject({ frameType: 'light', kind: 'raw', calibWait: null });
      expect(c.sources).toBeGreaterThan(0);
    }
    // the same pixels as the file functions with the same choices (bias → dark → flat, median)
    const path = (id: number): string => productFilePath(services.db, services.paths, id).path;
    const mb = buildMaster(meta.files.bias.map(fx), { type: 'bias' });
    expect(Array.from(pixels(services, bias.id))).toEqual(Array.from(mb.data));
    const md = buildMaster(meta.files.dark.map(fx), { type: 'dark', bias: path(bias.id) });
    expect(Array.from(pixels(services, dark.id))).toEqual(Array.from(md.data));
    const mf = buildMaster(meta.files.flatV.map(fx), { type: 'flat', bias: path(bias.id), dark: path(dark.id), darkScale: true });
    expect(Array.from(pixels(services, flatV.id))).toEqual(Array.from(mf.data));
    const light = done.find((c) => all.find((p) => p.id === c.rawId)?.name === 'light-1.fits')!;
    const ml = calibrateFrame(fx('light-1.fits'), { bias: path(bias.id), dark: path(dark.id), flat: path(flatV.id), darkScale: true });
    expect(Array.from(pixels(services, light.id))).toEqual(Array.from(ml.data));
    // the product says why these masters
    expect(getProductDetail(services.db, light.id).calibWhy).toMatch(/^bias .*; dark .* \(60 s\); flat .* \(filter V\); same camera \(1×1 binning, 40×32 px, gain 100, offset 30\), closest in time$/);
    // the master records its inputs by SHA-256
    const header = openFits(readFileSync(path(bias.id))).hdus[0]!.header;
    expect(header.get('NCOMBINE')).toBe(6);
    expect(header.get('CALIN001')).toBe(all.find((p) => p.name === 'bias-1.fits')!.sha256);
  });

  it('lights imported without their calibration frames wait with the reason, and go on when the masters arrive', async () => {
    const { services, dir } = await library();
    const summary = await importPaths(services, [night(dir, ['light'])], { batchId: 'lights' });
    expect(summary.imported.every((f) => f.taskId === null)).toBe(true);
    const lights = products(services);
    expect(lights).toHaveLength(3);
    for (const p of lights) {
      expect(p.status).toBe('imported');
      expect(p.calibWait).toMatch(/^no master bias for 1×1 binning, 40×32 px, gain 100, offset 30; no dark of 120 s at -10\.1 °C for .*; no flat for filter V, 1×1 binning/);
    }
    // the calibration frames arrive (darks of 60 s only, without dark scaling: still no dark)
    await importPaths(services, [night(dir, ['bias', 'dark', 'flatV'])], { batchId: 'calib' });
    await until('masters made', () => products(services).filter((p) => p.kind === 'master').length === 3, 120_000);
    await until('lights waiting for a 120 s dark only', () => products(services).filter((p) => p.kind === 'raw' && p.frameType === 'light').every((p) => p.calibWait === 'no dark of 120 s at -10.1 °C for 1×1 binning, 40×32 px, gain 100, offset 30'));
    // a calibration that fails (a flat given as the bias) says so on the light
    const masters = products(services).filter((p) => p.kind === 'master');
    const lightId = products(services).find((p) => p.name === 'light-1.fits')!.id;
    const flat = masters.find((m) => m.frameType === 'flat')!.id;
    const bad = services.tasks.enqueue('calibrate', { productId: lightId, biasId: flat, darkId: masters.find((m) => m.frameType === 'dark')!.id, flatId: flat });
    const [ended] = await services.tasks.waitFor([bad.id]);
    expect(ended).toMatchObject({ status: 'failed', error: { code: 'calib_error' } });
    expect(services.library.get(lightId).calibWait).toMatch(/^calibration failed: .*is a flat frame, not a bias master \[wrong_type\]$/);
    // with dark scaling on, the next look calibrates them
    services.settings.set({ calibration: { darkScaling: true } });
    services.calibration.plan();
    await until('three calibrated lights', () => products(services).filter((p) => p.kind === 'calibrated' && p.status === 'extracted').length === 3, 120_000);
    expect(products(services).filter((p) => p.frameType === 'light' && p.kind === 'raw').every((p) => p.calibWait === null)).toBe(true);
  });

  it('a drop uploaded a file at a time makes each master once, from all its frames, when the batch ends', async () => {
    const { services, dir } = await library({ calibration: { darkScaling: true } });
    const folder = night(dir, ['bias', 'dark', 'flatV', 'light']);
    const files = [...meta.files.bias, ...meta.files.dark, ...meta.files.flatV, ...meta.files.light];
    for (const f of files) {
      const summary = await importPaths(services, [join(folder, f)], { batchId: 'upload-drop', more: true });
      expect(summary.calibrationTasks).toEqual([]);
    }
    expect(services.tasks.list({}).filter((t) => t.kind === 'calib-master')).toEqual([]);
    const queued = endImportBatch(services, 'upload-drop');
    expect(queued.length).toBeGreaterThan(0);
    await until('three calibrated lights extracted', () => products(services).filter((p) => p.kind === 'calibrated' && p.status === 'extracted').length === 3, 120_000);
    await until('idle', () => services.tasks.queries.openIds().length === 0, 60_000);
    const masters = products(services).filter((p) => p.kind === 'master');
    expect(masters.map((m) => `${m.frameType} ${m.filter ?? ''}`.trim()).sort()).toEqual(['bias', 'dark', 'flat V']);
    const bias = masters.find((m) => m.frameType === 'bias')!;
    expect(openFits(readFileSync(productFilePath(services.db, services.paths, bias.id).path)).hdus[0]!.header.get('NCOMBINE')).toBe(meta.files.bias.length);
  });

  it('calibration off: lights are extracted as they are', async () => {
    const { services, dir } = await library({ calibration: { enabled: false } });
    const summary = await importPaths(services, [night(dir, ['light', 'bias'])], { batchId: 'off' });
    const light = summary.imported.filter((f) => f.path.includes('light'));
    const bias = summary.imported.filter((f) => f.path.includes('bias'));
    expect(light.every((f) => f.taskId !== null)).toBe(true);
    expect(bias.every((f) => f.taskId === null)).toBe(true);
    expect(summary.calibrationTasks).toEqual([]);
  });
});
