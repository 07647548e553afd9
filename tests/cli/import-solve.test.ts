/**
 * Issue 18's "done when", from the command line: a night of synthetic images with no WCS (only
 * OBJCTRA/OBJCTDEC, FOCALLEN/XPIXSZ and the date in their headers) given to `nightshift import
 * FOLDER` with no flags is plate-solved, extracted with RA/Dec, matched to a target added
 * beforehand, and gives its light curve. The library's index folder is set to the fixture's
 * (tests never read index files outside the repository).
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServices } from '../../src/main/services/services.js';
import { parseCsv } from '../../src/main/services/targets/index.js';
import type { ProductView } from '../../src/shared/domain.js';
import { cli } from '../helpers/cli-main.js';
import { runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/tmp.js';
import { indexFolder, writeUnsolvedField } from '../helpers/unsolved-field.js';

const FACTORS = [1, 1.3, 0.8];
let tmp: ReturnType<typeof tempDir>;
let night: string;
let lib: string;
let star: { ra: number; dec: number };

beforeAll(async () => {
  tmp = tempDir('ns-import-solve-');
  night = join(tmp.dir, 'night');
  mkdirSync(night);
  lib = join(tmp.dir, 'lib');
  // three exposures of one field, an hour apart, the mount's pointing off by up to 0.3°, the star nearest the centre varying
  for (const [e, f] of FACTORS.entries()) {
    star = writeUnsolvedField(join(night, `e${e}.fits`), { seed: 30 + e, scaleStar: f, offsetDeg: 0.1 * e, dateObs: `2026-03-01T2${e}:00:00` }).star;
  }
  const services = createServices({ dataDir: lib });
  try {
    services.settings.set({ solve: { indexDirs: [indexFolder(join(tmp.dir, 'index'))] } });
    services.targets.create({ name: 'V1', ra: String(star.ra), dec: String(star.dec) });
  } finally {
    await services.close();
  }
});

afterAll(() => tmp.cleanup());

describe('nightshift import of images without a WCS', () => {
  it('solves, extracts with RA/Dec, matches the target and gives its light curve, with no flags', async () => {
    const imp = await runCli(['import', '--data', lib, '--threads', '1', night]);
    expect(imp.stderr).toContain('3 to extract (3 of them plate-solved first)');
    expect(imp.stdout).toContain('3 image(s): 3 extracted');
    expect(imp.stdout).toContain('plate solving: 3 solved, 0 not solved');
    // the target's photometry, every task of it ended well (no 'failed' in the line)
    expect(imp.stdout).toMatch(/^then (\d+) follow-up task\(s\): \1 of \1 measured$/m);
    expect(imp.code).toBe(0);

    const products = JSON.parse((await cli('products', '--data', lib, '--json')).stdout) as ProductView[];
    expect(products).toHaveLength(3);
    for (const p of products) {
      expect(p).toMatchObject({ status: 'extracted', hasWcs: true, solution: { solved: true, parity: 'normal' } });
      expect(p.solution?.solved && p.solution.scaleArcsec).toBeCloseTo(2.2, 2);
    }

    const lc = await cli('lightcurve', 'V1', '--data', lib);
    expect(lc.code).toBe(0);
    const rows = parseCsv(lc.stdout);
    expect(rows).toHaveLength(1 + FACTORS.length);
    const flux = rows.slice(1).map((x) => Number(x[rows[0]!.indexOf('flux')]));
    expect(flux[1]! / flux[0]!).toBeCloseTo(FACTORS[1]!, 1);
    expect(flux[2]! / flux[0]!).toBeCloseTo(FACTORS[2]!, 1);
  }, 240_000);
});
