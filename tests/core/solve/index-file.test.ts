import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readIndexFile } from '../../../src/core/solve/index-file.js';
import { SolveError } from '../../../src/core/solve/errors.js';

const fixture = (name: string): Uint8Array => new Uint8Array(readFileSync(new URL(`../../fixtures/solve/${name}`, import.meta.url)));

function brute(tree: ReturnType<typeof readIndexFile>['stars'], q: number[], r2: number): number[] {
  const out: number[] = [];
  const p = new Float64Array(tree.ndim);
  for (let i = 0; i < tree.ndata; i++) {
    tree.point(i, p);
    let d = 0;
    for (let k = 0; k < tree.ndim; k++) d += (p[k] - q[k]) ** 2;
    if (d <= r2) out.push(i);
  }
  return out;
}

describe('astrometry.net index files', () => {
  const q4 = readIndexFile(fixture('index-synth-q4.fits'), 'q4');
  it('reads the header, the quads and both kd-trees of a little-endian index', () => {
    expect(q4).toMatchObject({ id: 9902, dimquads: 4, littleEndian: true });
    expect(q4.stars.ndata).toBe(4000);
    expect(q4.codes.ndim).toBe(4);
    expect(q4.quads.length).toBe(4 * q4.codes.ndata);
    // scale -P 2: quads 4' to 5.6'
    expect((q4.scaleLow * 180 * 60) / Math.PI).toBeCloseTo(4, 2);
    expect((q4.scaleHigh * 180 * 60) / Math.PI).toBeCloseTo(5.6, 2);
    const p = new Float64Array(3);
    for (let i = 0; i < 4000; i += 97) {
      q4.stars.point(i, p);
      expect(Math.hypot(p[0], p[1], p[2])).toBeCloseTo(1, 6);
      // the synthetic catalogue: RA 150 ± 1.8, Dec 30 ± 1.5
      const ra = (Math.atan2(p[1], p[0]) * 180) / Math.PI;
      const dec = (Math.asin(p[2]) * 180) / Math.PI;
      expect(Math.abs(ra - 150)).toBeLessThan(1.8);
      expect(Math.abs(dec - 30)).toBeLessThan(1.51);
    }
    expect(q4.mags?.every((m) => m >= 8 && m <= 16)).toBe(true);
    // codes obey the invariants the header states (CXDX, CXDXLT1)
    for (let i = 0; i < q4.codes.ndata; i += 13) {
      const cx = q4.codes.coord(i, 0);
      const dx = q4.codes.coord(i, 2);
      expect(cx).toBeLessThanOrEqual(dx + 1e-4);
      expect(cx + dx).toBeLessThanOrEqual(1 + 1e-4);
    }
  });
  it('finds by range search exactly the points a scan finds', () => {
    const p = new Float64Array(3);
    q4.stars.point(1234, p);
    const found: number[] = [];
    q4.stars.rangeSearch(p, 1e-4, (i) => found.push(i));
    expect(found.sort((a, b) => a - b)).toEqual(brute(q4.stars, [...p], 1e-4));
    expect(found.length).toBeGreaterThan(10);
    const c = [0.3, 0.2, 0.5, 0.4];
    const codes: number[] = [];
    q4.codes.rangeSearch(c, 0.01, (i) => codes.push(i));
    expect(codes.sort((a, b) => a - b)).toEqual(brute(q4.codes, c, 0.01));
    expect(codes.length).toBeGreaterThan(0);
  });
  it('reads triangles (DIMQUADS = 3) and a big-endian copy identically', () => {
    const q3 = readIndexFile(fixture('index-synth-q3.fits'), 'q3');
    expect(q3.dimquads).toBe(3);
    expect(q3.codes.ndim).toBe(2);
    const be = readIndexFile(fixture('index-synth-q4-be.fits'), 'be');
    expect(be.littleEndian).toBe(false);
    expect(be.quads).toEqual(q4.quads);
    const a = new Float64Array(4);
    const b = new Float64Array(4);
    for (let i = 0; i < q4.codes.ndata; i += 101) {
      q4.codes.point(i, a);
      be.codes.point(i, b);
      expect(b).toEqual(a);
    }
  });
  it('rejects truncated, tampered and foreign files with a coded one-line error', () => {
    const bytes = fixture('index-synth-q4.fits');
    const err = (b: Uint8Array): SolveError => {
      try {
        readIndexFile(b, 'x.fits');
      } catch (e) {
        expect(e).toBeInstanceOf(SolveError);
        expect((e as Error).message).not.toContain('\n');
        return e as SolveError;
      }
      throw new Error('no error');
    };
    expect(err(bytes.subarray(0, 200000)).code).toBe('bad_index');
    expect(err(bytes.subarray(0, 100)).code).toBe('bad_index');
    // a quad naming a star beyond NSTARS
    const t = bytes.slice();
    const text = new TextDecoder().decode(t.subarray(0, 2880 * 2));
    const at = text.indexOf('NSTARS  =');
    t.set(new TextEncoder().encode('NSTARS  =                   10'), at);
    expect(err(t).message).toMatch(/quad 0 names star \d+ of 10|holds 4000 stars/);
    // a catalogue, not an index
    expect(err(fixture('catalog.fits')).code).toBe('not_index');
  });
});
