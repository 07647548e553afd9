import { describe, expect, it } from 'vitest';
import { extract } from '../../../../src/core/extract/extract.js';
import { renderCatalog, writeCatalog } from '../../../../src/main/services/extract/render.js';
import { addGaussian, skyImage } from '../../../core/extract/helpers.js';

/** A catalog of a few dozen sources, with RA/Dec (one of them off the sky: null) and two apertures. */
function catalog(): ReturnType<typeof extract> {
  const W = 200;
  const H = 160;
  const img = skyImage(W, H, 300, 6, 11);
  let s = 4242;
  const rnd = (): number => ((s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 4294967296);
  for (let k = 0; k < 40; k++) addGaussian(img, W, H, 4 + rnd() * (W - 8), 4 + rnd() * (H - 8), 300 + 20000 * rnd() ** 3, 1.2 + rnd());
  return extract(img, W, H, { apertures: [5, 2.5] }, { pixToSky: (x, y) => (x < 20 ? [NaN, NaN] : [150 + x / 3600, 2 + y / 3600]) });
}

/** The JSON document as one JSON.stringify (what renderCatalog wrote before it wrote in pieces). */
function jsonWhole(cat: ReturnType<typeof extract>, file: string): string {
  const keys = [
    'file', 'width', 'height', 'globalBackground', 'globalRms', 'sources',
    'id', 'x', 'y', 'a', 'b', 'theta', 'npix', 'peak', 'fluxIso', 'fluxIsoErr', 'fluxAper', 'fluxAperErr',
    'fluxAuto', 'fluxAutoErr', 'kronRadius', 'fwhm', 'background', 'flags', 'ra', 'dec',
  ];
  const doc = { file, width: cat.width, height: cat.height, globalBackground: cat.globalBackground, globalRms: cat.globalRms, sources: cat.sources };
  return JSON.stringify(doc, keys) + '\n';
}

describe('writeCatalog', () => {
  const cat = catalog();

  it('writes, in pieces of any size, the bytes of the whole text (CSV and JSON)', () => {
    expect(cat.sources.length).toBeGreaterThan(20);
    for (const format of ['csv', 'json'] as const) {
      const whole = renderCatalog(cat, format, 'f.fits');
      for (const rows of [1, 2, 7, cat.sources.length, 100_000]) {
        const pieces: string[] = [];
        writeCatalog(cat, format, 'f.fits', (t) => pieces.push(t), rows);
        expect(pieces.join('')).toBe(whole);
        if (rows === 1) expect(pieces.length).toBeGreaterThan(cat.sources.length / 2);
      }
    }
  });

  it('writes the JSON document JSON.stringify writes of it whole, with no sources too', () => {
    expect(renderCatalog(cat, 'json', 'dir/f "1".fits')).toBe(jsonWhole(cat, 'dir/f "1".fits'));
    const empty = { ...cat, sources: [] };
    expect(renderCatalog(empty, 'json', 'e.fits')).toBe(jsonWhole(empty, 'e.fits'));
    expect(renderCatalog(empty, 'csv', 'e.fits').split('\n')).toHaveLength(2);
  });
});
