/**
 * Our catalog of a committed synthetic image vs SExtractor's (MASK_TYPE NONE), made by
 * scripts/fixtures/extract-make.py. The test itself needs no SExtractor.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { extract } from '../../../src/core/extract/extract.js';
import { ExtractFlags } from '../../../src/core/extract/flags.js';
import { openFits, readImage } from '../../../src/core/fits/index.js';

const dir = new URL('../../fixtures/extract/', import.meta.url);

function readCsv(text: string): Record<string, number>[] {
  const [head, ...rows] = text.trim().split('\n');
  const names = head.split(',');
  return rows.map((r) => Object.fromEntries(r.split(',').map((v, i) => [names[i], Number(v)])));
}

const median = (v: number[]): number => {
  const s = [...v].sort((a, b) => a - b);
  return s.length % 2 ? s[s.length >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

describe('agreement with SExtractor on the committed fixture', () => {
  const file = openFits(readFileSync(new URL('synth-256.fits', dir)));
  const img = readImage(file, 0, { type: 'float32' });
  const hdr = file.hdus[0].header;
  const cat = extract(img.data as Float32Array, img.width, img.height, { saturate: hdr.get('SATURATE') as number, gain: hdr.get('GAIN') as number });
  const ref = readCsv(readFileSync(new URL('synth-256.sex.csv', dir), 'utf8'));
  const pairs: [number, number][] = [];
  const used = new Set<number>();
  cat.sources.forEach((s, i) => {
    let best = -1;
    let bd = 1;
    ref.forEach((r, j) => {
      const d = Math.hypot(s.x - r.x, s.y - r.y);
      if (d < bd && !used.has(j)) {
        bd = d;
        best = j;
      }
    });
    if (best >= 0) {
      used.add(best);
      pairs.push([i, best]);
    }
  });

  it('finds the same objects', () => {
    expect(ref.length).toBeGreaterThan(60);
    expect(pairs.length / ref.length).toBeGreaterThanOrEqual(0.995);
    expect(pairs.length / cat.sources.length).toBeGreaterThanOrEqual(0.99);
  });
  it('at the same positions', () => {
    const rms = Math.sqrt(pairs.reduce((a, [i, j]) => a + (cat.sources[i].x - ref[j].x) ** 2 + (cat.sources[i].y - ref[j].y) ** 2, 0) / pairs.length);
    expect(rms).toBeLessThan(0.01);
  });
  it('with the same fluxes and shapes', () => {
    const ratio = (f: (i: number, j: number) => number): number => median(pairs.map(([i, j]) => f(i, j)));
    expect(Math.abs(ratio((i, j) => cat.sources[i].fluxAper[0] / ref[j].flux_aper_r5) - 1)).toBeLessThan(1e-3);
    expect(Math.abs(ratio((i, j) => cat.sources[i].fluxIso / ref[j].flux_iso) - 1)).toBeLessThan(5e-3);
    expect(Math.abs(ratio((i, j) => cat.sources[i].fluxAuto / ref[j].flux_auto) - 1)).toBeLessThan(5e-3);
    expect(Math.abs(ratio((i, j) => cat.sources[i].a / ref[j].a) - 1)).toBeLessThan(1e-3);
    expect(Math.abs(ratio((i, j) => cat.sources[i].npix / ref[j].npix) - 1)).toBeLessThan(1e-3);
    const blendBorder = ExtractFlags.BLENDED | ExtractFlags.TRUNCATED;
    const sameBlend = pairs.filter(([i, j]) => (cat.sources[i].flags & blendBorder) === (ref[j].flags & blendBorder)).length;
    expect(sameBlend / pairs.length).toBeGreaterThan(0.97);
  });
});
