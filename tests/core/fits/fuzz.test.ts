/**
 * Fuzz: thousands of truncations, byte flips and header-value mutations of the fixtures and of
 * generated files. Opening and reading every HDU must either succeed or throw a FitsError —
 * never another exception, a hang or an unbounded allocation (the data limit is 64 MiB here).
 * Deterministic (fixed PRNG seed) and bounded in time (~15 s).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FitsError, openFits, readImage, writeFits } from '../../../src/core/fits/index.js';
import { rng as mulberry32 } from '../../helpers/rng.js';

const DIR = join(__dirname, '../../fixtures/fits');
const TIME_BUDGET_MS = Number(process.env.FITS_FUZZ_MS ?? 15_000);
const MAX_CASES = Number(process.env.FITS_FUZZ_CASES ?? 30000);


function sources(): Array<[string, Uint8Array]> {
  const out: Array<[string, Uint8Array]> = [];
  for (const name of readdirSync(DIR).sort()) {
    if (name.endsWith('.json')) continue;
    out.push([name, new Uint8Array(readFileSync(join(DIR, name)))]);
  }
  out.push([
    'generated-mef',
    writeFits([
      { data: new Int16Array(64).map((_, i) => i), shape: [8, 8], header: { OBJECT: 'x'.repeat(120) } },
      { data: new Float64Array(24).map((_, i) => i / 3), shape: [2, 3, 4] },
    ]),
  ]);
  return out;
}

const NUMBERS = ['0', '-1', '1', '2', '3', '7', '64', '999', '2147483647', '-2147483648', '99999999999', '1E300', 'NaN', "'x'", 'T', '8', '-32', '-64', '16'];
const KEYS = ['BITPIX', 'NAXIS', 'NAXIS1', 'NAXIS2', 'NAXIS3', 'PCOUNT', 'GCOUNT', 'ZBITPIX', 'ZNAXIS', 'ZNAXIS1', 'ZNAXIS2', 'ZTILE1', 'ZTILE2', 'ZVAL1', 'ZVAL2', 'THEAP', 'TFIELDS', 'BLANK', 'ZBLANK', 'ZDITHER0', 'BSCALE'];

function mutate(src: Uint8Array, rnd: () => number): { bytes: Uint8Array; what: string } {
  const kind = Math.floor(rnd() * 5);
  if (kind === 0) {
    const n = Math.floor(rnd() * src.length);
    return { bytes: src.slice(0, n), what: `truncate@${n}` };
  }
  const b = src.slice();
  if (kind === 1 || kind === 2) {
    // Random flips anywhere (1) or concentrated in data/heap regions (2: after the first header block).
    const flips = 1 + Math.floor(rnd() * 8);
    const from = kind === 2 ? Math.min(2880, b.length - 1) : 0;
    const where: number[] = [];
    for (let i = 0; i < flips; i++) {
      const at = from + Math.floor(rnd() * (b.length - from));
      b[at] ^= 1 << Math.floor(rnd() * 8);
      where.push(at);
    }
    return { bytes: b, what: `flip@${where.join(',')}` };
  }
  if (kind === 3) {
    // Set a structural keyword to a hostile value.
    const key = KEYS[Math.floor(rnd() * KEYS.length)].padEnd(8, ' ');
    const value = NUMBERS[Math.floor(rnd() * NUMBERS.length)];
    const hits: number[] = [];
    for (let at = 0; at + 80 <= b.length; at += 80) {
      let ok = true;
      for (let i = 0; i < 8 && ok; i++) if (b[at + i] !== key.charCodeAt(i)) ok = false;
      if (ok) hits.push(at);
      if (hits.length > 8) break;
    }
    if (hits.length === 0) return { bytes: b, what: 'noop' };
    const at = hits[Math.floor(rnd() * hits.length)];
    const card = `${key}= ${value.padStart(20, ' ')}`.padEnd(80, ' ');
    for (let i = 0; i < 80; i++) b[at + i] = card.charCodeAt(i);
    return { bytes: b, what: `${key.trim()}=${value}` };
  }
  // Overwrite a run of bytes with random values (corrupts a tile or a header).
  const at = Math.floor(rnd() * b.length);
  const len = 1 + Math.floor(rnd() * 64);
  for (let i = at; i < Math.min(b.length, at + len); i++) b[i] = Math.floor(rnd() * 256);
  return { bytes: b, what: `garble@${at}+${len}` };
}

describe('fuzz', () => {
  it('only FitsError (or success) comes out of thousands of damaged files', () => {
    const rnd = mulberry32(Number(process.env.FITS_FUZZ_SEED ?? 20261127));
    const srcs = sources();
    const start = Date.now();
    const failures: string[] = [];
    const codes = new Map<string, number>();
    let cases = 0;
    let ok = 0;
    while (cases < MAX_CASES && Date.now() - start < TIME_BUDGET_MS) {
      const [name, src] = srcs[cases % srcs.length];
      const { bytes, what } = mutate(src, rnd);
      cases++;
      try {
        const file = openFits(bytes, { maxDataBytes: 64 * 1024 * 1024 });
        for (const h of file.hdus) {
          if (h.kind !== 'image') continue;
          readImage(file, h.index);
        }
        ok++;
      } catch (err) {
        if (err instanceof FitsError) {
          codes.set(err.code, (codes.get(err.code) ?? 0) + 1);
          if (!Number.isInteger(err.hdu) || !Number.isInteger(err.offset)) failures.push(`${name} ${what}: FitsError without hdu/offset`);
        } else {
          failures.push(`${name} ${what}: ${err instanceof Error ? `${err.name}: ${err.message}` : String(err)}`);
        }
      }
    }
    console.log(`fuzz: ${cases} cases in ${Date.now() - start} ms, ${ok} opened and read, errors by code:`, Object.fromEntries(codes));
    expect(failures.slice(0, 20)).toEqual([]);
    expect(cases).toBeGreaterThan(1000);
  }, 60_000);
});
