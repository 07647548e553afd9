import { afterEach, describe, expect, it } from 'vitest';
import type { Source } from '../../src/core/extract/index.js';
import { mulberry32 } from '../../src/core/synth/index.js';
import { catalogCsv, catalogCsvByteChunks, catalogCsvChunks, setCatalogCsvWasm, type CatalogCsvSource } from '../../src/shared/catalog-csv.js';
import { csvCell } from '../../src/shared/csv-cell.js';
import { CSV_MODULE_BASE64 } from '../../src/shared/csv-wasm-bytes.js';
import { csvModuleBytes } from '../../src/shared/csv-wasm-module.js';
import { csvRowsWasm, fixKind, INT_KIND, numKind } from '../../src/shared/csv-wasm.js';

const wasm = (globalThis as unknown as { WebAssembly: { validate(b: Uint8Array): boolean } }).WebAssembly;

// ---- the TypeScript writer as it was before the WebAssembly one (188063c), the oracle ----

type Value = number | null;

function oldNum(v: Value | undefined, digits: number): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return '';
  const a = Math.abs(v);
  if (a >= 1e-4 && a < 1e15) {
    const d = Math.max(0, digits - 1 - Math.floor(Math.log10(a)));
    let t = v.toFixed(Math.min(d, 20));
    if (t.indexOf('.') >= 0) {
      let e = t.length;
      while (t.charCodeAt(e - 1) === 48) e--;
      e -= +(t.charCodeAt(e - 1) === 46);
      t = t.slice(0, e);
    }
    return t;
  }
  return Number(v.toPrecision(digits)).toString();
}
const oldFix = (v: Value | undefined, d: number): string => (v === null || v === undefined || !Number.isFinite(v) ? '' : v.toFixed(d));

function oldRlabel(r: number): string {
  return String(Number(r.toPrecision(6)));
}

function oldChunks(catalog: { apertures: readonly number[]; sources: readonly CatalogCsvSource[] }, write: (text: string) => void, rowsPerChunk = 256): void {
  const radii = catalog.apertures;
  const i5 = radii.indexOf(5);
  const extra = Int32Array.from(radii.keys()).filter((i) => i !== i5);
  const head = ['id', 'x', 'y', 'flux_iso', 'flux_aper_r5', 'flux_auto', 'a', 'b', 'theta', 'flags', 'npix', 'fwhm', 'background', 'ra', 'dec', 'peak', 'flux_iso_err'];
  if (i5 >= 0) head.push('flux_aper_r5_err');
  for (const i of extra) head.push(`flux_aper_r${oldRlabel(radii[i])}`, `flux_aper_r${oldRlabel(radii[i])}_err`);
  head.push('flux_auto_err', 'kron_radius');
  const sources = catalog.sources;
  let lines = [head.map(csvCell).join(',')];
  for (let k = 0; k < sources.length; k++) {
    lines.push(oldRow(sources[k], i5, extra));
    if (lines.length >= rowsPerChunk) {
      write(lines.join('\n') + '\n');
      lines = [];
    }
  }
  if (lines.length > 0) write(lines.join('\n') + '\n');
}

function oldRow(s: CatalogCsvSource, i5: number, extra: Int32Array): string {
  const row = [
    String(s.id), oldFix(s.x, 5), oldFix(s.y, 5), oldNum(s.fluxIso, 9), i5 >= 0 ? oldNum(s.fluxAper[i5], 9) : '', oldNum(s.fluxAuto, 9),
    oldFix(s.a, 5), oldFix(s.b, 5), oldFix(s.theta, 4), String(s.flags), oldFix(s.npix, 0), oldFix(s.fwhm, 4), oldNum(s.background, 9),
    oldFix(s.ra, 9), oldFix(s.dec, 9), oldNum(s.peak, 9), oldNum(s.fluxIsoErr, 7),
  ];
  if (i5 >= 0) row.push(oldNum(s.fluxAperErr[i5], 7));
  for (let k = 0; k < extra.length; k++) row.push(oldNum(s.fluxAper[extra[k]], 9), oldNum(s.fluxAperErr[extra[k]], 7));
  row.push(oldNum(s.fluxAutoErr, 7), oldFix(s.kronRadius, 5));
  return row.join(',');
}

// ---- values ----

const rand = mulberry32(19);
const f64 = new Float64Array(1);
const u32 = new Uint32Array(f64.buffer);

/** The next double up (towards +∞) of a finite v. */
function nextUp(v: number): number {
  if (v === 0) return 5e-324;
  f64[0] = v;
  const lo = u32[0];
  const hi = u32[1];
  // the bits as a magnitude: up for positives, down for negatives
  if (v > 0) {
    u32[0] = (lo + 1) >>> 0;
    if (u32[0] === 0) u32[1] = hi + 1;
  } else {
    u32[0] = (lo - 1) >>> 0;
    if (lo === 0) u32[1] = hi - 1;
  }
  return f64[0];
}
const nextDown = (v: number): number => -nextUp(-v);

/** Doubles of every magnitude, the edge cases of the brief, and their neighbours. */
function values(): number[] {
  const out: number[] = [0, -0, NaN, Infinity, -Infinity, 5e-324, -5e-324, 2.2250738585072014e-308, 1e-310, -1e-310, Number.MAX_VALUE, -Number.MAX_VALUE];
  out.push(0.5, 1.5, 2.5, -0.5, -2.5, 2.5e-5, 1.000005, -1.000005, 0.000005, 0.0000049999, -0.000001, -0.0000049, 1.00000499999, 0.125, 0.0625);
  for (const v of [2 ** 53, 2 ** 53 - 1, 2 ** 53 + 2, 2 ** 52 + 0.5, 2 ** 52 - 0.5, 2 ** 63, 2 ** 64, 1e15, 1e16, 1e21, 1e22, 1e300, 4503599627370495.5]) out.push(v, -v, nextUp(v), nextDown(v));
  // 10^k and the doubles beside it, and values that round up to 10^k at every precision used
  for (let k = -12; k <= 22; k++) {
    const p = Number(`1e${k}`);
    for (const v of [p, nextUp(p), nextDown(p), nextUp(nextUp(p)), nextDown(nextDown(p))]) out.push(v, -v);
    for (const digits of [4, 5, 7, 9, 10, 12]) {
      const t = Number(`${'9'.repeat(digits)}5e${k - digits}`);
      out.push(t, nextUp(t), nextDown(t), -t);
    }
  }
  // ties: I + j/2^(d+1) (j odd) is exactly halfway at d decimals; (n + ½)/10^d is near it
  for (let d = 0; d <= 13; d++) {
    for (let i = 0; i < 40; i++) {
      const I = [0, 1, 7, 123, 4095, 359, 99999][i % 7];
      const j = 2 * Math.floor(rand() * 2 ** Math.min(d + 1, 30)) + 1;
      const tie = I + j / 2 ** (d + 2);
      const near = (Math.floor(rand() * 1e6) + 0.5) / 10 ** d;
      for (const v of [tie, near, nextUp(tie), nextDown(tie), nextUp(near), nextDown(near)]) out.push(v, -v);
    }
  }
  // every magnitude: m·10^e, and random bit patterns
  for (let i = 0; i < 6000; i++) {
    const e = Math.floor(rand() * 660) - 330;
    const v = (rand() * 9 + 1) * 10 ** e;
    out.push(rand() < 0.5 ? -v : v);
  }
  for (let i = 0; i < 3000; i++) {
    const e = Math.floor(rand() * 40) - 12;
    out.push((rand() - 0.5) * 10 ** e);
  }
  for (let i = 0; i < 3000; i++) {
    u32[0] = Math.floor(rand() * 2 ** 32);
    u32[1] = Math.floor(rand() * 2 ** 32);
    out.push(f64[0]);
  }
  // integers, small and large, and short decimals
  for (let i = 0; i < 2000; i++) out.push(Math.floor((rand() - 0.3) * 10 ** Math.floor(rand() * 17)), Math.round(rand() * 1e6) / 1e3, Math.round(rand() * 1e9) / 1e4);
  return out;
}

const VALUES = values();

/** Each value formatted by the module as one column of `kind`: the lines, and the indices it handed back to the TypeScript. */
function formatted(kind: number, vals: readonly number[], oracle: (v: number) => string): { lines: string[]; back: number[] } {
  const back: number[] = [];
  let text = '';
  const decoder = new TextDecoder();
  const ok = csvRowsWasm(
    'h',
    [kind],
    vals.length,
    (k, n, out, at) => out.set(vals.slice(k, k + n), at),
    (k) => {
      back.push(k);
      return oracle(vals[k]);
    },
    (bytes) => (text += decoder.decode(bytes)),
    97,
  );
  expect(ok).toBe(true);
  const lines = text.split('\n');
  expect(lines[0]).toBe('h');
  expect(lines.pop()).toBe('');
  return { lines: lines.slice(1), back };
}

describe('the CSV writer in WebAssembly', () => {
  afterEach(() => setCatalogCsvWasm(true));

  it('is a valid module, compiled from a current copy of its bytes (csv-wasm-bytes.ts; on failure, paste the text shown)', () => {
    expect(wasm.validate(csvModuleBytes())).toBe(true);
    expect(CSV_MODULE_BASE64).toBe(Buffer.from(csvModuleBytes()).toString('base64'));
  });

  for (const d of [0, 4, 5, 9, 1, 2, 12]) {
    it(`writes toFixed(${d}) of every value, handing back only |v| ≥ 2^53`, () => {
      const oracle = (v: number) => oldFix(v, d);
      const { lines, back } = formatted(fixKind(d), VALUES, oracle);
      expect(lines.length).toBe(VALUES.length);
      const wrong = VALUES.map((v, k) => [v, lines[k], oracle(v)] as const).filter(([, got, want]) => got !== want);
      expect(wrong.slice(0, 10)).toEqual([]);
      for (const k of back) expect(Math.abs(VALUES[k])).toBeGreaterThanOrEqual(2 ** 53);
      expect(back.length).toBe(VALUES.filter((v) => Math.abs(v) >= 2 ** 53 && Number.isFinite(v)).length);
    });
  }

  for (const digits of [7, 9]) {
    it(`writes num(v, ${digits}) of every value, handing back only toPrecision's range but ±0`, () => {
      const oracle = (v: number) => oldNum(v, digits);
      const { lines, back } = formatted(numKind(digits), VALUES, oracle);
      const wrong = VALUES.map((v, k) => [v, lines[k], oracle(v)] as const).filter(([, got, want]) => got !== want);
      expect(wrong.slice(0, 10)).toEqual([]);
      const outside = (v: number) => Number.isFinite(v) && v !== 0 && (Math.abs(v) < 1e-4 || Math.abs(v) >= 1e15);
      for (const k of back) expect(outside(VALUES[k])).toBe(true);
      expect(back.length).toBe(VALUES.filter(outside).length);
    });
  }

  it('writes String of an integer column, handing back NaN, ±∞, fractions and |v| ≥ 2^53', () => {
    const { lines, back } = formatted(INT_KIND, VALUES, String);
    const wrong = VALUES.map((v, k) => [v, lines[k], String(v)] as const).filter(([, got, want]) => got !== want);
    expect(wrong).toEqual([]);
    const plain = (v: number) => Number.isInteger(v) && Math.abs(v) < 2 ** 53;
    for (const k of back) expect(plain(VALUES[k])).toBe(false);
    expect(back.length).toBe(VALUES.filter((v) => !plain(v)).length);
  });

  it('writes -0 as toFixed does, and a tiny negative as -0.00000', () => {
    const { lines } = formatted(fixKind(5), [-0, -0.000001, -0.000005, 0.000005, -1e-300], (v) => oldFix(v, 5));
    expect(lines).toEqual(['0.00000', '-0.00000', '-0.00001', '0.00001', '-0.00000']);
  });
});

/** A random catalog: values of every kind, missing ones (null, NaN, ±∞, undefined), ties and huge values now and then. */
function randomSources(n: number, naper: number, nullable: boolean): CatalogCsvSource[] {
  const pick = (): number | null => {
    const u = rand();
    if (u < 0.04) return nullable ? null : NaN;
    if (u < 0.06) return [Infinity, -Infinity, NaN, -0, 0][Math.floor(rand() * 5)];
    if (u < 0.1) return VALUES[Math.floor(rand() * VALUES.length)];
    if (u < 0.14) return (Math.floor(rand() * 2000) + 0.5) / 10 ** Math.floor(rand() * 10);
    return (rand() - 0.2) * 10 ** (Math.floor(rand() * 14) - 5);
  };
  const out: CatalogCsvSource[] = [];
  for (let i = 0; i < n; i++) {
    const s: Source = {
      id: i + 1, x: rand() * 4096, y: rand() < 0.01 ? -0.000001 : rand() * 4096, a: pick(), b: pick(), theta: (rand() - 0.5) * 180, npix: Math.floor(rand() * 5000),
      peak: pick(), fluxIso: pick(), fluxIsoErr: pick(), fluxAper: Array.from({ length: naper }, pick), fluxAperErr: Array.from({ length: naper }, pick),
      fluxAuto: pick(), fluxAutoErr: pick(), kronRadius: pick(), fwhm: pick(), background: pick(), flags: Math.floor(rand() * 64),
      ra: rand() < 0.1 ? NaN : rand() * 360, dec: rand() < 0.1 ? NaN : (rand() - 0.5) * 180,
    } as Source;
    if (rand() < 0.01) s.id = rand() < 0.5 ? 2 ** 60 : 1.5;
    if (rand() < 0.02) s.fluxAper = s.fluxAper.slice(0, Math.max(0, naper - 1));
    out.push(s);
  }
  return out;
}

describe('the catalog CSV, WebAssembly against the old TypeScript writer', () => {
  afterEach(() => setCatalogCsvWasm(true));

  const cases: Array<[string, readonly number[]]> = [
    ['the default aperture', [5]],
    ['three apertures with r = 5', [3, 5, 2.5]],
    ['no r = 5', [0.5, 20]],
    ['many apertures', [1, 2, 3, 4, 5, 6, 7, 8, 9, 10.25, 11, 12]],
    ['none', []],
  ];
  for (const [name, apertures] of cases) {
    it(`is byte-identical, in the same chunks: ${name}`, () => {
      for (const [n, perChunk] of [
        [0, 256],
        [1, 256],
        [600, 256],
        [255, 256],
        [256, 256],
        [10, 1],
        [10, 0],
        [37, 5],
      ]) {
        const catalog = { apertures, sources: randomSources(n, apertures.length, n % 2 === 1) };
        const want: string[] = [];
        oldChunks(catalog, (t) => want.push(t), perChunk);
        const got: string[] = [];
        catalogCsvChunks(catalog, (t) => got.push(t), perChunk);
        expect(got).toEqual(want);
        const bytes: string[] = [];
        catalogCsvByteChunks(catalog, (b) => bytes.push(Buffer.from(b).toString('latin1')), perChunk);
        expect(bytes).toEqual(want);
        expect(catalogCsv(catalog)).toBe(want.join(''));
        setCatalogCsvWasm(false);
        const ts: string[] = [];
        catalogCsvChunks(catalog, (t) => ts.push(t), perChunk);
        expect(ts).toEqual(want);
        const tsBytes: string[] = [];
        catalogCsvByteChunks(catalog, (b) => tsBytes.push(Buffer.from(b).toString('latin1')), perChunk);
        expect(tsBytes).toEqual(want);
        setCatalogCsvWasm(true);
      }
    });
  }

  it('leaves chunks too large for its memory to the TypeScript, in the same chunks', () => {
    const catalog = { apertures: [5], sources: randomSources(50, 1, true) };
    for (const perChunk of [Infinity, 1e7]) {
      const want: string[] = [];
      oldChunks(catalog, (t) => want.push(t), perChunk);
      const got: string[] = [];
      catalogCsvChunks(catalog, (t) => got.push(t), perChunk);
      expect(got).toEqual(want);
    }
  });

  it('writes a second catalog from inside the first one\'s write', () => {
    const outer = { apertures: [5], sources: randomSources(300, 1, false) };
    const inner = { apertures: [3, 5], sources: randomSources(20, 2, true) };
    const want: string[] = [];
    oldChunks(outer, (t) => {
      want.push(t);
      oldChunks(inner, (u) => want.push(u));
    });
    const got: string[] = [];
    catalogCsvChunks(outer, (t) => {
      got.push(t);
      catalogCsvChunks(inner, (u) => got.push(u));
    });
    expect(got).toEqual(want);
  });
});
