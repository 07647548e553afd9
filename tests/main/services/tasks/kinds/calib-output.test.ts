/**
 * How the calibration kinds hand back their FITS files: a worker that reaches the library's
 * staging folder writes the file there and returns only its reference (a small message: the
 * main thread receives no pixels), and the library adopts the file by rename with the same bytes
 * `nightshift calib master`/`calib apply` write. A worker that does not reach it (another
 * library's token: a machine without this disk) returns the bytes. A staged file is adopted only
 * from this library's staging folder, and staged files of dead processes go at start.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { applyMasters, makeMaster } from '../../../../../src/main/services/calib/calib-files.js';
import { derivedFile, storeDerivedProduct, stagingArea } from '../../../../../src/main/services/library/calib-products.js';
import { removeStaleImports } from '../../../../../src/main/services/library/library-service.js';
import { calibMasterWorker } from '../../../../../src/main/services/tasks/kinds/calib-master/run.js';
import type { CalibImageOutput } from '../../../../../src/main/services/tasks/kinds/calib-master/schema.js';
import { calibrateWorker } from '../../../../../src/main/services/tasks/kinds/calibrate/run.js';
import { type FileRef, sha256File } from '../../../../../src/main/services/tasks/file-ref.js';
import { smallRawNight } from '../../../../helpers/small-raw-night.js';
import { testServices } from '../../../../helpers/services.js';

let cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.reverse()) await c();
  cleanups = [];
});

const ctx = { progress: () => {}, file: (r: FileRef) => r.path };
const ref = async (path: string): Promise<FileRef> => ({ path, size: statSync(path).size, sha256: await sha256File(path) });

async function setUp() {
  const t = testServices();
  cleanups.push(t.done);
  const night = smallRawNight(join(t.dir, 'night'));
  const files = (prefix: string): string[] => readdirSync(night).filter((n) => n.startsWith(prefix)).sort().map((n) => join(night, n));
  // the reference: the command line's masters and calibrated frame
  const out = (n: string): string => join(t.dir, n);
  makeMaster(files('bias-'), { type: 'bias', out: out('bias.fits') });
  makeMaster(files('dark-'), { type: 'dark', out: out('dark.fits'), bias: out('bias.fits'), darkScale: true });
  makeMaster(files('flat-'), { type: 'flat', out: out('flat.fits'), bias: out('bias.fits'), dark: out('dark.fits'), darkScale: true });
  applyMasters(files('light-')[0]!, { bias: out('bias.fits'), dark: out('dark.fits'), flat: out('flat.fits'), darkScale: true, out: out('light.cal.fits') });
  return { ...t, files, out };
}

describe('calibration kinds: the output file', () => {
  it('a calibrated frame is staged, its reference alone comes back, and the product has the bytes calib apply writes', async () => {
    const { services, files, out } = await setUp();
    const stage = stagingArea(services.paths);
    const input = { light: await ref(files('light-')[0]!), bias: await ref(out('bias.fits')), dark: await ref(out('dark.fits')), flat: await ref(out('flat.fits')), stage };
    const output = calibrateWorker.run(input, ctx) as CalibImageOutput;
    expect(output.fits).toBeUndefined();
    // no pixels in the message (the frame is 128² float32: 64 KiB and more)
    expect(JSON.stringify(output).length).toBeLessThan(1000);
    const expected = readFileSync(out('light.cal.fits'));
    expect(output.file!.size).toBe(expected.length);
    const id = storeDerivedProduct(services, { name: 'light-0.cal.fits', ...derivedFile(output), kind: 'calibrated', frameType: 'light', rawId: null, calib: {} });
    expect(existsSync(output.file!.path)).toBe(false);
    const row = services.db.prepare('SELECT store_path, size, sha256, width, height, exptime FROM data_products WHERE id = ?').get(id) as Record<string, unknown>;
    const stored = readFileSync(join(services.paths.root, String(row.store_path)));
    expect(stored.equals(expected)).toBe(true);
    expect(row).toMatchObject({ size: expected.length, sha256: await sha256File(out('light.cal.fits')), width: output.width, height: output.height, exptime: 60 });
  });

  it('a master is staged too, with the bytes calib master writes; the same master again is the same product and its staged copy goes', async () => {
    const { services, files, out } = await setUp();
    const stage = stagingArea(services.paths);
    const input = { type: 'bias' as const, frames: await Promise.all(files('bias-').map(ref)), method: 'median' as const, stage };
    const first = calibMasterWorker.run(input, ctx) as CalibImageOutput;
    expect(JSON.stringify(first).length).toBeLessThan(1000);
    const store = (o: CalibImageOutput): number => storeDerivedProduct(services, { name: 'bias.fits', ...derivedFile(o), kind: 'master', frameType: 'bias', rawId: null, calib: {} });
    const id = store(first);
    const row = services.db.prepare('SELECT store_path FROM data_products WHERE id = ?').get(id) as { store_path: string };
    expect(readFileSync(join(services.paths.root, row.store_path)).equals(readFileSync(out('bias.fits')))).toBe(true);
    const again = calibMasterWorker.run(input, ctx) as CalibImageOutput;
    expect(store(again)).toBe(id);
    expect(existsSync(again.file!.path)).toBe(false);
  });

  it("a worker that does not read back the library's token returns the bytes, and they are stored alike", async () => {
    const { services, files, out } = await setUp();
    const stage = { ...stagingArea(services.paths), token: '0'.repeat(32) };
    const input = { light: await ref(files('light-')[0]!), bias: await ref(out('bias.fits')), dark: await ref(out('dark.fits')), flat: await ref(out('flat.fits')), stage };
    const output = calibrateWorker.run(input, ctx) as CalibImageOutput;
    expect(output.file).toBeUndefined();
    expect(Buffer.from(output.fits!, 'base64').equals(readFileSync(out('light.cal.fits')))).toBe(true);
    const id = storeDerivedProduct(services, { name: 'x.cal.fits', ...derivedFile(output), kind: 'calibrated', frameType: 'light', rawId: null, calib: {} });
    const row = services.db.prepare('SELECT store_path FROM data_products WHERE id = ?').get(id) as { store_path: string };
    expect(readFileSync(join(services.paths.root, row.store_path)).equals(readFileSync(out('light.cal.fits')))).toBe(true);
  });

  it('adopts only a file staged in this library, with the size it claims; the database then names no file', async () => {
    const { services, out } = await setUp();
    stagingArea(services.paths);
    const count = (): number => (services.db.prepare('SELECT count(*) AS n FROM data_products').get() as { n: number }).n;
    const before = count();
    const outside = await ref(out('bias.fits'));
    const store = (staged: FileRef): number => storeDerivedProduct(services, { name: 'b.fits', staged, kind: 'master', frameType: 'bias', rawId: null, calib: {} });
    expect(() => store(outside)).toThrow(/not a file staged in this library/);
    const inTmp = join(services.paths.tmp, `derived-${process.pid}-abc123`);
    writeFileSync(inTmp, readFileSync(out('bias.fits')));
    expect(() => store({ ...outside, path: inTmp, size: outside.size + 1 })).toThrow(/bytes, not/);
    // gone (cleaned up meanwhile): the task may run again
    expect(() => store({ ...outside, path: join(services.paths.tmp, `derived-${process.pid}-def456`) })).toThrow(expect.objectContaining({ code: 'not_found', retryable: true }));
    expect(count()).toBe(before);
    expect(existsSync(out('bias.fits'))).toBe(true);
  });

  it('staged files of a dead process are removed at start; the live process keeps its own, and the staging token stays', async () => {
    const { services } = await setUp();
    stagingArea(services.paths);
    const dead = spawnSync(process.execPath, ['-e', '0']).pid;
    const tmp = services.paths.tmp;
    for (const n of [`derived-${dead}-0a1b`, `derived-${dead}-0a1c.part`, `derived-${process.pid}-0a1d`]) writeFileSync(join(tmp, n), 'x');
    expect(removeStaleImports(tmp).sort()).toEqual([`derived-${dead}-0a1b`, `derived-${dead}-0a1c.part`]);
    expect(readdirSync(tmp).sort()).toEqual([`derived-${process.pid}-0a1d`, 'staging-token']);
  });
});
