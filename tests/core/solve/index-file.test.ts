import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { bytesSource, readIndexFile } from '../../../src/core/solve/index-file.js';
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
    expect(q4.nquads).toBe(q4.codes.ndata);
    const ids = new Uint32Array(4);
    q4.quadStars(q4.nquads - 1, ids);
    for (const id of ids) expect(id).toBeLessThan(4000);
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
  it('reads only the headers and the kd-trees: never the quads table, the magnitudes on first use', () => {
    const bytes = fixture('index-synth-q4.fits');
    const src = bytesSource(bytes);
    const touched = new Uint8Array(bytes.length);
    const ix = readIndexFile({ size: src.size, read: (o, n) => (touched.fill(1, o, o + n), src.read(o, n)) }, 'q4');
    const read = touched.reduce((a, b) => a + b, 0);
    // the quads' 16 bytes each and the 4-byte magnitudes are never among the bytes read
    expect(read).toBeLessThanOrEqual(bytes.length - 16 * ix.nquads - 4 * ix.stars.ndata);
    // the magnitudes are read when asked for, and then agree with a full read
    expect(ix.mags).toEqual(readIndexFile(bytes, 'q4').mags);
    expect(touched.reduce((a, b) => a + b, 0)).toBe(read + 4 * ix.stars.ndata);
  });
  it('from a byte source reads the kd-tree data only where searches reach, with the same answers', () => {
    for (const name of ['index-synth-q4.fits', 'index-synth-q4-be.fits']) {
      const bytes = fixture(name);
      const whole = readIndexFile(bytes, name);
      const src = bytesSource(bytes);
      let read = 0;
      const ix = readIndexFile({ size: src.size, read: (o, n) => ((read += n), src.read(o, n)) }, name);
      const structure = read;
      // opening reads neither the quads, nor the magnitudes, nor the codes' data (≥ 8 bytes each)
      expect(structure).toBeLessThan(bytes.length - 16 * ix.nquads - 4 * ix.stars.ndata - 8 * ix.codes.ndata);
      // a search near one star reads a chunk or two of the star data, and finds what the whole tree finds
      const p = new Float64Array(3);
      whole.stars.point(1234, p);
      const found: number[] = [];
      ix.stars.rangeSearch(p, 1e-5, (i) => found.push(i));
      const expected: number[] = [];
      whole.stars.rangeSearch(p, 1e-5, (i) => expected.push(i));
      expect(found.sort((a, b) => a - b)).toEqual(expected.sort((a, b) => a - b));
      expect(found.length).toBeGreaterThan(0);
      expect(read - structure).toBeLessThan(whole.stars.ndata * 12);
      // every point and every code reads as from the whole file
      const a = new Float64Array(4);
      const b = new Float64Array(4);
      for (let i = 0; i < whole.codes.ndata; i += 37) {
        whole.codes.point(i, a);
        ix.codes.point(i, b);
        expect(b).toEqual(a);
      }
      for (let i = 0; i < whole.stars.ndata; i += 41) expect(ix.stars.coord(i, 2)).toBe(whole.stars.coord(i, 2));
    }
  });
  it('says which chunk of kd-tree data it could not read when a byte source comes up short', () => {
    const bytes = fixture('index-synth-q4.fits');
    const src = bytesSource(bytes);
    let short = false;
    const ix = readIndexFile({ size: src.size, read: (o, n) => (short ? src.read(o, n).subarray(0, n - 1) : src.read(o, n)) }, 'x.fits');
    short = true;
    expect(() => ix.stars.point(0, new Float64Array(3))).toThrow(/x\.fits: kd-tree stars: \d+ of \d+ bytes read/);
  });
  it('reads triangles (DIMQUADS = 3) and a big-endian copy identically', () => {
    const q3 = readIndexFile(fixture('index-synth-q3.fits'), 'q3');
    expect(q3.dimquads).toBe(3);
    expect(q3.codes.ndim).toBe(2);
    const be = readIndexFile(fixture('index-synth-q4-be.fits'), 'be');
    expect(be.littleEndian).toBe(false);
    const qa = new Uint32Array(4);
    const qb = new Uint32Array(4);
    for (let q = 0; q < q4.nquads; q += 7) {
      q4.quadStars(q, qa);
      be.quadStars(q, qb);
      expect(qb).toEqual(qa);
    }
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
    // a quad read on demand that names a star beyond NSTARS, or a quad beyond NQUADS
    const src = bytesSource(bytes);
    const lying = readIndexFile({ size: src.size, read: (o, n) => (n === 16 ? new Uint8Array(16).fill(0xff) : src.read(o, n)) }, 'x.fits');
    expect(() => lying.quadStars(0, new Uint32Array(4))).toThrow(/x\.fits: quad 0 names star 4294967295 of 4000/);
    expect(() => q4.quadStars(q4.nquads, new Uint32Array(4))).toThrow(SolveError);
    // a catalogue, not an index
    expect(err(fixture('catalog.fits')).code).toBe('not_index');
  });
});
