import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { openFits, readImage } from '../../../src/core/fits/index.js';
import { overscanLevels, parseSection, polyFit } from '../../../src/core/calib/index.js';

const dir = new URL('../../fixtures/calib/', import.meta.url);
const meta = JSON.parse(readFileSync(new URL('calib.json', dir), 'utf8')) as { biassec: string; biasOneOverscan: Record<'mean' | 'median' | 'median_poly1', number[]> };

describe('overscan levels against ccdproc subtract_overscan (overscan_axis=None)', () => {
  const img = readImage(openFits(readFileSync(new URL('bias-1.fits', dir))), 0);
  const s = parseSection(meta.biassec, img.width, img.height);
  it.each([
    ['mean', { statistic: 'mean' as const }],
    ['median', { statistic: 'median' as const }],
    ['median_poly1', { statistic: 'median' as const, order: 1 }],
  ] as const)('%s', (name, opts) => {
    const l = overscanLevels(img.data, img.width, img.height, s, opts);
    expect(l.perRow).toBe(true);
    const ref = meta.biasOneOverscan[name];
    expect(l.levels.length).toBe(ref.length);
    for (let i = 0; i < ref.length; i++) expect(Math.abs(l.levels[i] - ref[i])).toBeLessThan(1e-9 * Math.abs(ref[i]));
  });
  it('is per column for a strip of rows', () => {
    const w = 6;
    const h = 5;
    const data = new Float64Array(w * h);
    for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) data[y * w + x] = y >= 3 ? 100 + x : 0;
    const l = overscanLevels(data, w, h, parseSection('[1:6,4:5]', w, h), { statistic: 'median' });
    expect(l.perRow).toBe(false);
    expect([...l.levels]).toEqual([100, 101, 102, 103, 104, 105]);
  });
  it('fits polynomials exactly when the data are one', () => {
    const y = Float64Array.from({ length: 9 }, (_, i) => 3 - 0.5 * i + 0.25 * i * i);
    const fit = polyFit(y, 2);
    for (let i = 0; i < 9; i++) expect(fit[i]).toBeCloseTo(y[i], 10);
    const line = polyFit(y, 1);
    expect(line[0]).not.toBeCloseTo(y[0], 3);
  });
});
