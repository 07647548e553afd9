import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { FitsError, openFits, readImage, writeFits } from '../../../src/core/fits/index.js';

const DIR = join(__dirname, '../../fixtures/fits');
const fixture = (name: string) => new Uint8Array(readFileSync(join(DIR, name)));

/** Replace the card of `keyword` (first occurrence) in a copy of the bytes. */
function setCard(bytes: Uint8Array, keyword: string, text: string, from = 0): Uint8Array {
  const out = bytes.slice();
  const key = keyword.padEnd(8, ' ');
  for (let at = from; at + 80 <= out.length; at += 80) {
    let ok = true;
    for (let i = 0; i < 8; i++) if (out[at + i] !== key.charCodeAt(i)) ok = false;
    if (ok) {
      const card = text.padEnd(80, ' ');
      for (let i = 0; i < 80; i++) out[at + i] = card.charCodeAt(i);
      return out;
    }
  }
  throw new Error(`no ${keyword} card`);
}

function codeOf(fn: () => unknown): { code: string; hdu: number; offset: number } {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(FitsError);
    const e = err as FitsError;
    return { code: e.code, hdu: e.hdu, offset: e.offset };
  }
  throw new Error('no error thrown');
}

const small = writeFits([{ data: new Float32Array(100).fill(1), shape: [10, 10] }, { data: new Int16Array(6), shape: [3, 2] }]);

describe('FitsError codes, HDU and offset', () => {
  it('not_fits', () => {
    expect(codeOf(() => openFits(new Uint8Array(0))).code).toBe('not_fits');
    expect(codeOf(() => openFits(new TextEncoder().encode('hello world'.repeat(300)))).code).toBe('not_fits');
  });

  it('truncated data and headers', () => {
    const e = codeOf(() => openFits(small.subarray(0, 2880 * 2 + 100)));
    expect(e).toMatchObject({ code: 'truncated', hdu: 1 });
    expect(codeOf(() => openFits(small.subarray(0, 1000))).code).toBe('truncated');
    expect(codeOf(() => openFits(small.subarray(0, 2880 + 10))).code).toBe('truncated');
  });

  it('no_end', () => {
    const noEnd = setCard(small, 'END', 'COMMENT no end here');
    const e = codeOf(() => openFits(noEnd));
    expect(e.code).toBe('no_end');
    expect(e.hdu).toBe(0);
  });

  it('no_end for a header block of binary bytes: more than a tenth of its 2,880 bytes outside printable ASCII', () => {
    // the first HDU's header is one block: the bytes after its END card are padding
    const text = new TextDecoder('latin1').decode(small.subarray(0, 2880));
    const endAt = text.search(/END {77}/);
    expect(endAt % 80 === 0 && endAt > 0 && endAt + 80 + 289 <= 2880).toBe(true);
    const withBinary = (count: number): Uint8Array => {
      const out = small.slice();
      // bytes just outside 0x20–0x7E on both sides, and far outside, in one run (counted as bytes, not runs)
      const odd = [0x00, 0x0a, 0x1f, 0x7f, 0x80, 0xa0, 0xff];
      for (let i = 0; i < count; i++) out[endAt + 80 + i] = odd[i % odd.length];
      return out;
    };
    // 288 (a tenth) is a header with odd padding; 289 is binary data
    expect(openFits(withBinary(288)).hdus[0].header.get('NAXIS1')).toBe(10);
    expect(codeOf(() => openFits(withBinary(289)))).toMatchObject({ code: 'no_end', hdu: 0, offset: 0 });
  });

  it('too_large, checked before allocating', () => {
    let big = setCard(small, 'NAXIS1', 'NAXIS1  =               200000');
    big = setCard(big, 'NAXIS2', 'NAXIS2  =               200000');
    expect(codeOf(() => openFits(big))).toMatchObject({ code: 'too_large', hdu: 0, offset: 0 });
    const huge = setCard(small, 'NAXIS1', 'NAXIS1  =  9999999999999999999');
    expect(codeOf(() => openFits(huge)).code).toMatch(/too_large|bad_header/);
    expect(codeOf(() => openFits(small, { maxDataBytes: 100 })).code).toBe('too_large');
    const gz = gzipSync(small);
    expect(codeOf(() => openFits(gz, { maxDataBytes: 100 })).code).toBe('too_large');
  });

  it('too_large for a compressed image whose ZNAXISn claim too much', () => {
    const fz = fixture('i16-rice.fits.fz');
    let big = setCard(fz, 'ZNAXIS1', 'ZNAXIS1 =               200000', 2880);
    big = setCard(big, 'ZNAXIS2', 'ZNAXIS2 =               200000', 2880);
    expect(codeOf(() => openFits(big))).toMatchObject({ code: 'too_large', hdu: 1 });
  });

  it('bad_bitpix and bad_header', () => {
    expect(codeOf(() => openFits(setCard(small, 'BITPIX', 'BITPIX  =                   12')))).toMatchObject({ code: 'bad_bitpix', hdu: 0 });
    expect(codeOf(() => openFits(setCard(small, 'NAXIS1', "NAXIS1  = 'ten'"))).code).toBe('bad_header');
    expect(codeOf(() => openFits(setCard(small, 'NAXIS2', 'NAXIS2  =                   -4'))).code).toBe('bad_header');
  });

  it('bad_gzip', () => {
    const gz = gzipSync(small);
    gz[gz.length - 20] ^= 0xff;
    gz[20] ^= 0xff;
    expect(codeOf(() => openFits(gz)).code).toMatch(/bad_gzip|truncated|not_fits/);
  });

  it('bad_tile for a tile pointing outside the heap, with HDU and offset', () => {
    const fz = fixture('i16-rice.fits.fz');
    const f = openFits(fz);
    const h = f.hdus[1];
    const bad = fz.slice();
    // First descriptor of COMPRESSED_DATA: (count, offset) big-endian at the start of row 0.
    bad[h.dataOffset + 4] = 0x7f;
    const e = codeOf(() => readImage(openFits(bad), 1));
    expect(e.code).toBe('bad_tile');
    expect(e.hdu).toBe(1);
    expect(e.offset).toBeGreaterThanOrEqual(h.dataOffset);
  });

  it('bad_tile for a truncated Rice stream', () => {
    const fz = fixture('i32-rice.fits.fz');
    const f = openFits(fz);
    const h = f.hdus[1];
    const bad = fz.slice();
    // Row 0 descriptor count -> 3 bytes.
    bad[h.dataOffset] = 0;
    bad[h.dataOffset + 1] = 0;
    bad[h.dataOffset + 2] = 0;
    bad[h.dataOffset + 3] = 3;
    expect(codeOf(() => readImage(openFits(bad), 1)).code).toBe('bad_tile');
  });

  it('unsupported compression', () => {
    const fz = fixture('i16-rice.fits.fz');
    const bad = setCard(fz, 'ZCMPTYPE', "ZCMPTYPE= 'MAGIC_9 '", 2880);
    expect(codeOf(() => readImage(openFits(bad), 1))).toMatchObject({ code: 'unsupported', hdu: 1 });
  });
});
