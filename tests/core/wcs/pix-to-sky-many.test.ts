import { describe, expect, it } from 'vitest';
import { headerFromRecord, parseWcs } from '../../../src/core/wcs/index.js';
import { loadCases } from './cases.js';

// CelestialWcs's and DssPlateWcs's pixToSkyMany (extraction's RA/Dec of every source in one call) must give what
// pixToSky gives, bit for bit, for every projection, distortion and frame of the reference cases.
/** Deterministic pseudo-random numbers in [0, 1) (mulberry32). */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('CelestialWcs.pixToSkyMany', () => {
  const cases = loadCases().filter((c) => c.expect === 'wcs');

  it('has reference cases to run on', () => {
    expect(cases.length).toBeGreaterThan(20);
  });

  it('equals pixToSky bit for bit on random pixels of every reference header', () => {
    let checked = 0;
    let plates = 0;
    for (const c of cases) {
      const wcs = parseWcs(headerFromRecord(c.header));
      if (!wcs?.pixToSkyMany) continue;
      const rand = rng(checked + 1);
      const [w, h] = c.size ?? [2048, 2048];
      const pts: number[] = [];
      // inside, around and far beyond the image (off the projection's domain too), and odd values
      for (let k = 0; k < 200; k++) pts.push(rand() * w, rand() * h);
      for (let k = 0; k < 50; k++) pts.push((rand() - 0.5) * 40 * w, (rand() - 0.5) * 40 * h);
      for (const p of c.pix ?? []) pts.push(p[0], p[1]);
      pts.push(0, 0, -0, 0, NaN, 1, 1, NaN, Infinity, 0, 0, -Infinity, 1e300, -1e300);
      const xy = Float64Array.from(pts);
      wcs.pixToSkyMany(xy);
      for (let i = 0; i < pts.length; i += 2) {
        const one = wcs.pixToSky(pts[i], pts[i + 1]);
        if (!Object.is(xy[i], one[0]) || !Object.is(xy[i + 1], one[1])) {
          throw new Error(`${c.name}: (${pts[i]}, ${pts[i + 1]}) → many (${xy[i]}, ${xy[i + 1]}), one (${one[0]}, ${one[1]})`);
        }
      }
      checked++;
      if (c.plate) plates++;
    }
    expect(checked).toBeGreaterThan(20);
    expect(plates).toBeGreaterThanOrEqual(2); // DssPlateWcs's own loop
  });

  it('leaves an odd last number and an empty array alone', () => {
    const wcs = parseWcs(headerFromRecord(loadCases().find((c) => c.expect === 'wcs')!.header))!;
    const xy = Float64Array.of(10, 20, 7);
    wcs.pixToSkyMany!(xy);
    expect(xy[2]).toBe(7);
    expect(Array.from(xy.subarray(0, 2))).toEqual(wcs.pixToSky(10, 20));
    wcs.pixToSkyMany!(new Float64Array(0));
  });
});
