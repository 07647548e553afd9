import { describe, expect, it } from 'vitest';
import { formatWcsProblem, headerFromRecord, readWcs } from '../../../src/core/wcs/index.js';
import { tanHeader } from '../../helpers/tan-header.js';

describe('readWcs: a WCS, none, or why not', () => {
  const tan = tanHeader(150, 2, 100, 80);

  it('a usable WCS', () => {
    const r = readWcs(headerFromRecord(tan));
    expect(r.error).toBeNull();
    expect(r.wcs!.summary().frame).toBe('ICRS');
  });

  it('no celestial WCS is not an error', () => {
    expect(readWcs(headerFromRecord({ NAXIS: 2 }))).toEqual({ wcs: null, error: null });
  });

  it('says why a declared WCS cannot be used, with code and keyword', () => {
    const cases: Array<[Record<string, string | number>, string, string]> = [
      [{ ...tan, CTYPE1: 'RA---XYZ', CTYPE2: 'DEC--XYZ' }, 'wcs_unsupported_projection', 'CTYPE1'],
      [{ ...tan, CD1_1: 0, CD2_1: 0 }, 'wcs_singular_matrix', ''],
      [{ ...tan, RADESYS: 'GAPPT' }, 'wcs_unsupported_frame', 'RADESYS'],
      [{ ...tan, CRVAL1: 'abc' }, 'wcs_bad_keyword', 'CRVAL1'],
      [{ ...tan, CTYPE1: 'SLON-TAN', CTYPE2: 'SLAT-TAN' }, 'wcs_unsupported_frame', 'CTYPE1'],
    ];
    for (const [h, code, keyword] of cases) {
      const r = readWcs(headerFromRecord(h));
      expect(r.wcs).toBeNull();
      expect(r.error).toMatchObject({ code });
      if (keyword) expect(r.error!.keyword).toBe(keyword);
      expect(formatWcsProblem(r.error!)).toMatch(new RegExp(`^.+ \\[${code}\\]$`));
    }
  });
});
