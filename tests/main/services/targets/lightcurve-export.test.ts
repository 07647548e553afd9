/**
 * The light-curve exports on hand-made points: upper limits in the TOM `limit` column, points
 * with neither a magnitude nor a limit left out of the TOM file only, the reason a point has no
 * magnitude in the table, and numeric filters kept as text.
 */
import { describe, expect, it } from 'vitest';
import { PointFlags } from '../../../../src/core/photometry/index.js';
import { lightCurveCsv, parseCsv, tomPhotometryCsv, tomPoints } from '../../../../src/main/services/targets/index.js';
import type { LightCurvePointView } from '../../../../src/shared/targets.js';

function point(over: Partial<LightCurvePointView>): LightCurvePointView {
  return {
    productId: 1, product: 'a.fits', mjd: 61000.5, bjdTdb: null, exptime: 60, filter: 'V', airmass: null, x: 10, y: 10,
    flux: 1000, fluxErr: 10, instMag: 20, instMagErr: 0.01, relFlux: 0.5, relFluxErr: 0.005, mag: 0.75, magErr: 0.011,
    magLimit: null, sky: 100, fwhm: 3, aperture: 6, nComparisons: 5, flags: 0, ...over,
  };
}

const measured = point({});
const limit = point({ productId: 2, mjd: 61001.5, flux: 5, relFlux: 0.0025, mag: null, magErr: null, magLimit: 5.1, flags: PointFlags.UPPER_LIMIT });
const lonely = point({ productId: 3, mjd: 61002.5, relFlux: null, relFluxErr: null, mag: null, magErr: null, nComparisons: 0, flags: PointFlags.NO_COMPARISON });

describe('TOM photometry CSV', () => {
  it('writes magnitudes, and upper limits with an empty magnitude', () => {
    const rows = parseCsv(tomPhotometryCsv([measured, limit]));
    expect(rows).toEqual([
      ['time', 'filter', 'magnitude', 'error', 'limit'],
      ['61000.50000000', 'V', '0.75000', '0.01100', ''],
      ['61001.50000000', 'V', '', '', '5.10000'],
    ]);
  });
  it('leaves out only a point with neither (no comparison star on its image)', () => {
    expect(tomPoints([measured, limit, lonely])).toEqual([measured, limit]);
    expect(parseCsv(tomPhotometryCsv([measured, limit, lonely]))).toHaveLength(3);
  });
  it('keeps an all-numeric filter column text with an ECSV type header, and only then', () => {
    const numeric = tomPhotometryCsv([point({ filter: '2' }), point({ filter: '3', mjd: 61003 })]);
    expect(numeric.split('\r\n').slice(0, 3)).toEqual(['# %ECSV 1.0', '# ---', "# delimiter: ','"]);
    expect(numeric).toContain('# - {name: filter, datatype: string}');
    const data = parseCsv(numeric).filter((r) => !r[0]!.startsWith('#'));
    expect(data.map((r) => r[1])).toEqual(['filter', '2', '3']);
    expect(tomPhotometryCsv([point({ filter: '2' }), point({ filter: 'R' })]).startsWith('time,')).toBe(true);
    expect(tomPhotometryCsv([point({ filter: null })]).startsWith('time,')).toBe(true);
  });
});

describe('the full table', () => {
  it('has every point, with its limit and the reason it has no magnitude', () => {
    const rows = parseCsv(lightCurveCsv([measured, limit, lonely]));
    const head = rows[0]!;
    expect(rows).toHaveLength(4);
    const col = (n: string): string[] => rows.slice(1).map((r) => r[head.indexOf(n)]!);
    expect(col('mag_limit')).toEqual(['', '5.1', '']);
    expect(col('reason')[0]).toBe('');
    expect(col('reason')[1]).toMatch(/detection limit/);
    expect(col('reason')[2]).toMatch(/no comparison star/);
  });
});
