import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { COLORMAPS, colormapLut, renderRgba, STRETCHES, stretchFunction, zscale } from '../../../src/core/display/index.js';

interface Case {
  name: string;
  width: number;
  height: number;
  data: string;
  low: number;
  high: number;
}

const fixture = JSON.parse(readFileSync(join(import.meta.dirname, '../../fixtures/display/zscale.json'), 'utf8')) as { cases: Case[] };

function decode(c: Case): Float32Array {
  const bytes = Buffer.from(c.data, 'base64');
  return new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
}

describe('zscale', () => {
  it.each(fixture.cases.map((c) => [c.name, c] as const))('matches astropy ZScaleInterval on %s', (_name, c) => {
    const [low, high] = zscale(decode(c));
    expect(low).toBeCloseTo(c.low, 3);
    expect(high).toBeCloseTo(c.high, 3);
  });

  it('gives equal limits for a flat image and [0,0] for an all-NaN one', () => {
    expect(zscale(new Float32Array(100).fill(7))).toEqual([7, 7]);
    expect(zscale(new Float32Array(100).fill(Number.NaN))).toEqual([0, 0]);
  });
});

describe('stretches and colour maps', () => {
  it.each(STRETCHES)('%s maps 0→0 and 1→1 monotonically', (name) => {
    const f = stretchFunction(name);
    expect(f(0)).toBeCloseTo(0, 12);
    expect(f(1)).toBeCloseTo(1, 12);
    for (let x = 0.01; x < 1; x += 0.01) expect(f(x + 0.01)).toBeGreaterThan(f(x));
  });

  it.each(COLORMAPS)('%s has 256 colours from its first to its last anchor', (name) => {
    const lut = colormapLut(name);
    expect(lut.length).toBe(768);
  });
});

describe('renderRgba', () => {
  it('puts the last FITS row on top, clips to the limits and makes NaN transparent', () => {
    // 2×2 image: FITS row 0 = [0, 10], row 1 = [NaN, 5]
    const data = Float32Array.from([0, 10, Number.NaN, 5]);
    const rgba = renderRgba(data, 2, 2, { low: 0, high: 10, stretch: 'linear', colormap: 'gray' });
    // top-left of the canvas = FITS (0, 1) = NaN
    expect(rgba[3]).toBe(0);
    // top-right = FITS (1, 1) = 5 → mid grey
    expect(Math.abs(rgba[4]! - 128)).toBeLessThanOrEqual(1);
    // bottom-left = FITS (0, 0) = 0 → black, opaque
    expect([rgba[8], rgba[9], rgba[10], rgba[11]]).toEqual([0, 0, 0, 255]);
    // bottom-right = FITS (1, 0) = 10 → white
    expect([rgba[12], rgba[13], rgba[14]]).toEqual([255, 255, 255]);
  });

  it('clips values outside the limits', () => {
    const rgba = renderRgba(Float32Array.from([-100, 1e9]), 2, 1, { low: 0, high: 1, stretch: 'log', colormap: 'gray' });
    expect(rgba[0]).toBe(0);
    expect(rgba[4]).toBe(255);
  });
});
