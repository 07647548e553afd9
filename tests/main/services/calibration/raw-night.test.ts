/**
 * The "Done when" (17) through the service: a synthetic raw night — bias frames, darks
 * at two exposure times, flats in two filters (each with its own vignetting), lights in two
 * filters of a field with a variable star, all with camera-style headers (IMAGETYP, EXPTIME,
 * CCD-TEMP, SET-TEMP, XBINNING, GAIN, INSTRUME) and no pre-calibration — imported as one
 * folder ends with masters, calibrated lights, catalogs and the variable's light curve within
 * 1 % of the truth, with nothing chosen by hand.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { headerFromRecord, parseWcs } from '../../../../src/core/wcs/index.js';
import { importPaths } from '../../../../src/main/services/library/import-paths.js';
import { listProductRows, toProductView } from '../../../../src/main/services/library/product-rows.js';
import { silentLogger } from '../../../../src/main/services/logger.js';
import { createServices, type Services } from '../../../../src/main/services/services.js';
import { tempDir } from '../../../helpers/tmp.js';
import { until } from '../../../helpers/until.js';
import { FACTORS, writeRawNight } from '../../../helpers/raw-night.js';
import { header, VAR } from '../../../helpers/variable-field.js';

let services: Services;
let tmp: ReturnType<typeof tempDir>;
beforeAll(async () => {
  tmp = tempDir();
  services = createServices({ dataDir: join(tmp.dir, 'lib'), logger: silentLogger, tasks: { threads: 2 } });
  await services.tasks.start();
});
afterAll(async () => {
  await services.close();
  tmp.cleanup();
});

describe('a raw night dropped on the library', () => {
  it('ends with masters, calibrated lights, catalogs and the light curve within 1 % of the truth', async () => {
    const night = join(tmp.dir, 'night');
    writeRawNight(night);
    const wcs = parseWcs(headerFromRecord(header(0)))!;
    const [ra, dec] = wcs.pixToSky(VAR.x, VAR.y);
    const target = services.targets.create({ name: 'V1', ra, dec });
    const summary = await importPaths(services, [night], { batchId: 'night' });
    expect(summary.errors).toEqual([]);
    expect(summary.imported).toHaveLength(7 + 10 + 14 + 8);
    const products = () => listProductRows(services.db).map(toProductView);
    await until('eight calibrated lights extracted', () => products().filter((p) => p.kind === 'calibrated' && p.status === 'extracted').length === 8, 180_000);
    await until('idle', () => services.tasks.queries.openIds().length === 0, 120_000);
    const all = products();
    expect(all.filter((p) => p.kind === 'master').map((p) => `${p.frameType} ${p.filter ?? ''}`.trim()).sort()).toEqual(['bias', 'dark', 'dark', 'flat R', 'flat V']);
    expect(all.every((p) => p.kind !== 'raw' || (p.status === 'imported' && p.calibWait === null))).toBe(true);
    expect(services.tasks.list({}).filter((t) => t.status !== 'succeeded')).toEqual([]);

    const lc = services.targets.lightCurve(target.id);
    expect(lc).toHaveLength(8);
    // measured on the calibrated frames only
    const calibrated = new Set(all.filter((p) => p.kind === 'calibrated').map((p) => p.id));
    expect(lc.every((p) => calibrated.has(p.productId))).toBe(true);
    for (const f of ['R', 'V']) {
      const pts = lc.filter((p) => p.filter === f).sort((a, b) => a.mjd - b.mjd);
      expect(pts).toHaveLength(4);
      const rel = pts.map((p) => p.relFlux!);
      const mean = rel.reduce((a, b) => a + b, 0) / rel.length;
      const meanF = FACTORS.reduce((a, b) => a + b, 0) / FACTORS.length;
      rel.forEach((r, e) => expect(Math.abs(r / mean / (FACTORS[e]! / meanF) - 1), `${f} epoch ${e}`).toBeLessThan(0.01));
    }
  }, 300_000);
});
