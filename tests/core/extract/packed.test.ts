import { describe, expect, it } from 'vitest';
import { deblendDetections, detectImage, type RawObject, resolveOptions } from '../../../src/core/extract/extract.js';
import { packObjects, unpackObjects } from '../../../src/core/extract/packed.js';
import { addGaussian, skyImage } from './helpers.js';

/** The deblended objects of a small field with blends, edge sources and a saturated star. */
function objects(maskType: 'none' | 'correct'): RawObject[] {
  const W = 160;
  const H = 120;
  const img = skyImage(W, H, 200, 5, 3);
  addGaussian(img, W, H, 40, 40, 20000, 1.5);
  addGaussian(img, W, H, 44, 41, 9000, 1.5);
  addGaussian(img, W, H, 1, 60, 5000, 1.3);
  addGaussian(img, W, H, 100, 80, 400000, 1.2);
  for (let k = 0; k < 25; k++) addGaussian(img, W, H, 5 + ((k * 37) % 150), 5 + ((k * 53) % 110), 800 + 300 * k, 1.4);
  const o = resolveOptions({ maskType, saturate: 30000 });
  const d = detectImage(img, W, H, o);
  return deblendDetections(d, W, H, o);
}

describe('packObjects / unpackObjects', () => {
  for (const maskType of ['none', 'correct'] as const) {
    it(`give back the same objects, value for value (mask ${maskType})`, () => {
      const raw = objects(maskType);
      expect(raw.length).toBeGreaterThan(20);
      expect(raw.some((r) => r.merged)).toBe(true);
      const back = unpackObjects(packObjects(raw));
      expect(back.length).toBe(raw.length);
      for (let i = 0; i < raw.length; i++) {
        const a = raw[i];
        const b = back[i];
        for (const k of Object.keys(a.shape) as (keyof typeof a.shape)[]) expect(Object.is(b.shape[k], a.shape[k]), `${i}.${k}`).toBe(true);
        expect([b.merged, b.overflow, b.mthresh, b.fwhm]).toEqual([a.merged, a.overflow, a.mthresh, a.fwhm]);
        expect(b.pixels === null ? null : Array.from(b.pixels)).toEqual(a.pixels === null ? null : Array.from(a.pixels));
      }
      if (maskType === 'correct') expect(back.every((r) => r.pixels !== null)).toBe(true);
    });
  }
});
