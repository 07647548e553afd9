/**
 * An image whose header has a WCS in a frame that is not RA/Dec and cannot be converted to it
 * (the Sun's helioprojective HPLN/HPLT, as SDO/AIA writes) is not plate-solved on import: a blind
 * solve against star index files cannot succeed on it and only spends the time limit. An image
 * with no WCS at all is still solved.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeFits } from '../../../../src/core/fits/index.js';
import { importPaths } from '../../../../src/main/services/library/import-paths.js';
import { needsSolve } from '../../../../src/main/services/library/solutions.js';
import { silentLogger } from '../../../../src/main/services/logger.js';
import { createServices, type Services } from '../../../../src/main/services/services.js';
import { tempDir } from '../../../helpers/tmp.js';

let services: Services;
let tmp: ReturnType<typeof tempDir>;

beforeAll(() => {
  tmp = tempDir('ns-solve-non-sky-');
  services = createServices({ dataDir: join(tmp.dir, 'lib'), logger: silentLogger, tasks: { threads: 1 } });
});

afterAll(async () => {
  await services.close();
  tmp.cleanup();
});

function writeImage(name: string, header: Record<string, string | number>): string {
  const path = join(tmp.dir, name);
  const data = new Float32Array(32 * 32).map((_, i) => 100 + (i % 7));
  writeFileSync(path, writeFits([{ data, shape: [32, 32], header }]));
  return path;
}

describe('plate solving an image whose WCS is not RA/Dec', () => {
  it('does not solve a helioprojective (HPLN/HPLT) image', async () => {
    const path = writeImage('sun.fits', {
      CTYPE1: 'HPLN-TAN', CTYPE2: 'HPLT-TAN', CRPIX1: 16.5, CRPIX2: 16.5, CRVAL1: 0, CRVAL2: 0,
      CDELT1: 0.0005, CDELT2: 0.0005, CUNIT1: 'deg', CUNIT2: 'deg',
    });
    const summary = await importPaths(services, [path], { batchId: 'sun' });
    const productId = summary.imported[0]!.productId;
    expect(needsSolve(services.db, productId)).toBe(false);
    expect(services.tasks.list({ productId, kind: 'solve' })).toEqual([]);
  });

  it('still solves an image with no WCS', async () => {
    const path = writeImage('plain.fits', { OBJECT: 'field' });
    const summary = await importPaths(services, [path], { batchId: 'plain' });
    expect(needsSolve(services.db, summary.imported[0]!.productId)).toBe(true);
  });
});
