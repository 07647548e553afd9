import { describe, expect, it } from 'vitest';
import { extract, SKY_MANY_MIN } from '../../../src/core/extract/index.js';
import { headerFromRecord, parseWcs, skyManyOf } from '../../../src/core/wcs/index.js';
import { addGaussian, skyImage } from './helpers.js';

// extract's RA/Dec through ExtractHooks.pixToSkyMany (core/wcs's WebAssembly kernel, from
// SKY_MANY_MIN sources on) must be the RA/Dec of pixToSky, source for source.
describe('extract with pixToSkyMany', () => {
  const W = 600;
  const H = 400;
  const wcs = parseWcs(
    headerFromRecord({
      NAXIS: 2, NAXIS1: W, NAXIS2: H, CTYPE1: 'RA---TAN', CTYPE2: 'DEC--TAN', CRPIX1: 300.5, CRPIX2: 200.5,
      CRVAL1: 150.1166, CRVAL2: 2.2058, CD1_1: -1.1e-4, CD1_2: 7e-6, CD2_1: 7e-6, CD2_2: 1.1e-4, RADESYS: 'FK5', EQUINOX: 2000,
    }),
  )!;
  const many = skyManyOf(wcs)!;

  function field(stars: number): Float32Array {
    const img = skyImage(W, H, 100, 5, stars);
    let s = stars;
    const rand = (): number => ((s = (s * 1103515245 + 12345) % 2147483648) / 2147483648);
    for (let k = 0; k < stars; k++) addGaussian(img, W, H, 5 + rand() * (W - 10), 5 + rand() * (H - 10), 500 + rand() * 5000, 1.3);
    return img;
  }

  for (const stars of [40, 600]) {
    it(`gives pixToSky's RA/Dec with ${stars} stars`, () => {
      const img = field(stars);
      const one = extract(Float32Array.from(img), W, H, {}, { pixToSky: (x, y) => wcs.pixToSky(x, y) });
      const calls: number[] = [];
      const both = extract(Float32Array.from(img), W, H, {}, {
        pixToSky: (x, y) => wcs.pixToSky(x, y),
        pixToSkyMany: (xy) => {
          calls.push(xy.length / 2);
          many(xy);
        },
      });
      expect(both.sources.length).toBe(one.sources.length);
      expect(calls.length).toBe(one.sources.length >= SKY_MANY_MIN ? 1 : 0);
      if (stars > 100) expect(one.sources.length).toBeGreaterThanOrEqual(SKY_MANY_MIN);
      let filled = 0;
      one.sources.forEach((s, i) => {
        expect(Object.is(both.sources[i].ra, s.ra) && Object.is(both.sources[i].dec, s.dec)).toBe(true);
        if (s.ra !== undefined && s.ra !== null) filled++;
      });
      expect(filled).toBe(one.sources.length);
    });
  }
});
