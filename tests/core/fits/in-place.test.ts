/**
 * `readImage(..., { inPlace: true })`: decoding inside the caller's bytes gives exactly the
 * pixels of the copying path (bit for bit, NaN payloads and -0 included), consumes only the
 * decoded range, and falls back to copying (bytes untouched) whenever it cannot apply.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FitsError, openFits, readImage, writeFits, type PixelType } from '../../../src/core/fits/index.js';
import { canDecodeInPlace, decodePixels, decodePixelsInPlace, type Scaling } from '../../../src/core/fits/image.js';

const DIR = join(__dirname, '../../fixtures/fits');
const load = (name: string): Uint8Array => new Uint8Array(readFileSync(join(DIR, name)));

function bits(a: Float32Array | Float64Array): number[] {
  return Array.from(new Uint8Array(a.buffer, a.byteOffset, a.byteLength));
}

/** Same bytes of pixels (NaN payloads included). */
function expectSameBits(a: Float32Array | Float64Array, b: Float32Array | Float64Array): void {
  expect(b.constructor).toBe(a.constructor);
  expect(b.length).toBe(a.length);
  expect(bits(b)).toEqual(bits(a));
}

/** Deterministic pseudo-random bytes. */
function randomBytes(n: number, seed: number): Uint8Array {
  const out = new Uint8Array(n);
  let s = seed >>> 0;
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out[i] = s >>> 24;
  }
  return out;
}

/** Random big-endian data with NaNs (quiet, signalling, with payloads), ±0 and ±Inf sprinkled in. */
function sampleData(bitpix: number, count: number, seed: number): Uint8Array {
  const size = Math.abs(bitpix) / 8;
  const bytes = randomBytes(count * size, seed);
  const dv = new DataView(bytes.buffer);
  for (let k = 0; k < count; k += 7) {
    const at = k * size;
    const c = (k / 7) % 5;
    if (bitpix === -32) dv.setUint32(at, [0x80000000, 0x7f800001 + k, 0xffc00000 + k, 0x7f800000, 0][c]);
    if (bitpix === -64) {
      dv.setUint32(at, [0x80000000, 0x7ff00000, 0xfff80000 + k, 0xfff00000, 0][c]);
      dv.setUint32(at + 4, c === 1 ? k + 1 : 0);
    }
  }
  return bytes;
}

/** Obvious per-pixel reference: bytes assembled by arithmetic, astropy's scaling rules. */
function reference(bytes: Uint8Array, bitpix: number, count: number, sc: Scaling, type: PixelType): number[] {
  const out: number[] = [];
  const f = Math.fround;
  const dv = new DataView(bytes.buffer, bytes.byteOffset);
  for (let i = 0; i < count; i++) {
    let v: number;
    let raw: bigint | number;
    if (bitpix === 8) v = raw = bytes[i];
    else if (bitpix === 16) v = raw = ((bytes[2 * i] << 24) >> 16) | bytes[2 * i + 1];
    else if (bitpix === 32) v = raw = (bytes[4 * i] << 24) | (bytes[4 * i + 1] << 16) | (bytes[4 * i + 2] << 8) | bytes[4 * i + 3];
    else if (bitpix === 64) {
      raw = dv.getBigInt64(8 * i);
      v = Number(raw);
    } else v = raw = bitpix === -32 ? dv.getFloat32(4 * i) : dv.getFloat64(8 * i);
    if (bitpix > 0 && sc.blank !== undefined && BigInt(sc.blank) === BigInt(raw)) {
      out.push(NaN);
      continue;
    }
    const identity = sc.scale === 1 && sc.zero === 0;
    if (type === 'float64') out.push(identity && bitpix !== 64 ? v : v * sc.scale + sc.zero);
    else if (bitpix === 64) out.push(f(v * sc.scale + sc.zero));
    else if (identity) out.push(f(v));
    else out.push(f(f(f(v) * f(sc.scale)) + f(sc.zero)));
  }
  return out;
}

const SCALINGS: Scaling[] = [
  { scale: 1, zero: 0 },
  { scale: 1, zero: 32768 },
  { scale: 1, zero: 2147483648 },
  { scale: 0.1, zero: -3.7 },
  { scale: 2, zero: 0 },
  { scale: 1 + 1e-12, zero: 0 },
];

describe('decodePixels and decodePixelsInPlace', () => {
  const count = 997;
  for (const bitpix of [8, 16, 32, 64, -32, -64]) {
    for (const type of ['float32', 'float64'] as const) {
      it(`BITPIX ${bitpix} → ${type}: every scaling, with and without BLANK`, () => {
        const size = Math.abs(bitpix) / 8;
        const data = sampleData(bitpix, count, bitpix * 31 + (type === 'float32' ? 1 : 2));
        const dv = new DataView(data.buffer);
        const blankRaw = bitpix === 8 ? data[5] : bitpix === 16 ? dv.getInt16(10) : bitpix === 32 ? dv.getInt32(20) : 123456789;
        if (bitpix === 64) dv.setBigInt64(8 * 5, 123456789n);
        for (const base of SCALINGS) {
          for (const blank of bitpix > 0 ? [undefined, blankRaw] : [undefined]) {
            const sc = { ...base, blank };
            const copied = decodePixels(data, 0, count, bitpix, sc, type);
            const ref = reference(data, bitpix, count, sc, type);
            expect(Array.from(copied).map((x) => (Number.isNaN(x) ? 'NaN' : x))).toEqual(ref.map((x) => (Number.isNaN(x) ? 'NaN' : x)));
            if (blank !== undefined) expect(Number.isNaN(copied[5])).toBe(true);
            const wide = size >= (type === 'float32' ? 4 : 8);
            // In place, at an offset inside a larger buffer (a header before, padding after).
            const file = new Uint8Array(2880 + count * size + 100);
            file.set(data, 2880);
            expect(canDecodeInPlace(file, 2880, bitpix, type)).toBe(wide);
            if (!wide) {
              expect(() => decodePixelsInPlace(file, 2880, count, bitpix, sc, type)).toThrow(FitsError);
              continue;
            }
            const inPlace = decodePixelsInPlace(file, 2880, count, bitpix, sc, type);
            expect(inPlace.buffer).toBe(file.buffer);
            expect(inPlace.byteOffset).toBe(2880);
            expectSameBits(copied, inPlace);
            // Nothing outside the decoded range was touched.
            expect(file.subarray(0, 2880).every((b) => b === 0)).toBe(true);
            expect(file.subarray(2880 + count * size).every((b) => b === 0)).toBe(true);
          }
        }
      });
    }
  }

  it('keeps NaN payloads and -0 of raw floats bit for bit', () => {
    const f32 = new Uint8Array([0x7f, 0x80, 0x00, 0x01, 0xff, 0xc1, 0x23, 0x45, 0x80, 0, 0, 0, 0x3f, 0x80, 0, 0]);
    const a = decodePixels(f32, 0, 4, -32, { scale: 1, zero: 0 }, 'float32');
    expect(Array.from(new Uint32Array(a.buffer))).toEqual([0x7f800001, 0xffc12345, 0x80000000, 0x3f800000]);
    const b = decodePixelsInPlace(f32.slice(), 0, 4, -32, { scale: 1, zero: 0 }, 'float32');
    expect(Array.from(new Uint32Array(b.buffer))).toEqual([0x7f800001, 0xffc12345, 0x80000000, 0x3f800000]);
    const f64 = new Uint8Array([0x7f, 0xf0, 0, 0, 0, 0, 0, 0x2a, 0x80, 0, 0, 0, 0, 0, 0, 0]);
    const c = decodePixelsInPlace(f64, 0, 2, -64, { scale: 1, zero: 0 }, 'float64');
    expect(Array.from(new Uint32Array(c.buffer))).toEqual([0x2a, 0x7ff00000, 0, 0x80000000]);
  });

  it('int16: BLANK outside the int16 range or not an integer marks nothing; odd counts keep the last pixel', () => {
    const data = new Uint8Array([0x80, 0x00, 0x7f, 0xff, 0x00, 0x01, 0xff, 0xff, 0x12, 0x34]);
    const want = [-32768, 32767, 1, -1, 0x1234];
    for (const blank of [undefined, 40000, 1.5, -32769]) {
      expect(Array.from(decodePixels(data, 0, 5, 16, { scale: 1, zero: 0, blank }, 'float32'))).toEqual(want);
      expect(Array.from(decodePixels(data, 0, 5, 16, { scale: 2, zero: 1, blank }, 'float32'))).toEqual(want.map((v) => 2 * v + 1));
    }
    expect(Array.from(decodePixels(data, 0, 5, 16, { scale: 1, zero: 32768, blank: 0x1234 }, 'float32'))).toEqual([0, 65535, 32769, 32767, NaN]);
    expect(Array.from(decodePixels(data, 0, 5, 16, { scale: 1, zero: 32768, blank: -32768 }, 'float32'))).toEqual([NaN, 65535, 32769, 32767, 0x1234 + 32768]);
    expect(Array.from(decodePixels(data, 2, 3, 16, { scale: 1, zero: 0 }, 'float64'))).toEqual([32767, 1, -1]);
  });

  it('8/32/64-bit: a BLANK no stored value can equal marks nothing', () => {
    const u8 = new Uint8Array([0, 255, 7]);
    for (const blank of [300, -1, 7.5]) expect(Array.from(decodePixels(u8, 0, 3, 8, { scale: 1, zero: 0, blank }, 'float32'))).toEqual([0, 255, 7]);
    expect(Array.from(decodePixels(u8, 0, 3, 8, { scale: 1, zero: 0, blank: 7 }, 'float64'))).toEqual([0, 255, NaN]);
    const i32 = new Uint8Array([0x80, 0, 0, 0, 0x7f, 0xff, 0xff, 0xff, 0, 0, 0, 3]);
    for (const blank of [2 ** 31, 3.25]) expect(Array.from(decodePixels(i32, 0, 3, 32, { scale: 1, zero: 0, blank }, 'float64'))).toEqual([-(2 ** 31), 2 ** 31 - 1, 3]);
    expect(Array.from(decodePixels(i32, 0, 3, 32, { scale: 1, zero: 0, blank: 3 }, 'float32'))).toEqual([-(2 ** 31), 2 ** 31, NaN]);
    const i64 = new Uint8Array([0, 0, 0, 1, 0, 0, 0, 0, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xfe]);
    expect(Array.from(decodePixels(i64, 0, 2, 64, { scale: 1, zero: 0, blank: 1.5 }, 'float64'))).toEqual([2 ** 32, -2]);
    expect(Array.from(decodePixels(i64, 0, 2, 64, { scale: 1, zero: 0, blank: -2 }, 'float64'))).toEqual([2 ** 32, NaN]);
    expect(Array.from(decodePixelsInPlace(i64.slice(), 0, 2, 64, { scale: 1, zero: 0, blank: 2 ** 32 }, 'float32'))).toEqual([NaN, -2]);
  });

  it('refuses a range past the end of the bytes', () => {
    const bytes = new Uint8Array(100);
    expect(() => decodePixels(bytes, 8, 24, -32, { scale: 1, zero: 0 }, 'float32')).toThrow(expect.objectContaining({ code: 'truncated' }));
    expect(() => decodePixelsInPlace(bytes, 8, 24, -32, { scale: 1, zero: 0 }, 'float32')).toThrow(expect.objectContaining({ code: 'truncated' }));
  });
});

describe('readImage with inPlace', () => {
  const plain = ['bitpix-32.fits', 'bitpix-64.fits', 'bitpix32.fits', 'bitpix64.fits', 'bitpix16.fits', 'bitpix8.fits', 'bitpix8-scaled.fits', 'uint16.fits', 'uint32.fits', 'int32-blank.fits', 'scaled16-blank.fits', 'cube.fits', 'cube16.fits'];

  for (const name of plain) {
    for (const type of [undefined, 'float32', 'float64'] as const) {
      it(`${name} as ${type ?? 'default'}: same pixels as the copying read`, () => {
        const copy = readImage(openFits(load(name)), 0, { type });
        expect(copy.inPlace).toBe(false);
        const bytes = load(name);
        const before = bytes.slice();
        const file = openFits(bytes);
        const info = file.hdus[0];
        const out = readImage(file, 0, { type, inPlace: true });
        expectSameBits(copy.data, out.data);
        expect(out.shape).toEqual(copy.shape);
        const outSize = out.data.BYTES_PER_ELEMENT;
        const expected = Math.abs(info.bitpix) / 8 >= outSize;
        expect(out.inPlace).toBe(expected);
        if (expected) {
          expect(out.data.buffer).toBe(bytes.buffer);
          expect(out.data.byteOffset).toBe(bytes.byteOffset + info.dataOffset);
          // The header is untouched and still parses; the data are gone.
          expect(bytes.subarray(0, info.dataOffset)).toEqual(before.subarray(0, info.dataOffset));
          expect(file.hdus[0].header.get('BITPIX')).toBe(info.bitpix);
          expect(() => readImage(file, 0)).toThrow(expect.objectContaining({ code: 'consumed', hdu: 0 }));
          expect(() => readImage(openFits(bytes), 0, { inPlace: true })).toThrow(expect.objectContaining({ code: 'consumed' }));
        } else {
          expect(out.data.buffer).not.toBe(bytes.buffer);
          expect(bytes).toEqual(before);
          expectSameBits(copy.data, readImage(file, 0, { type, inPlace: true }).data);
        }
      });
    }
  }

  it('gives astropy’s pixels for every plain fixture it decodes in place', () => {
    const expected = JSON.parse(readFileSync(join(DIR, 'expected.json'), 'utf8')) as Record<string, Array<{ index: number; kind: string; compressed: boolean; sha256?: string }>>;
    let decodedInPlace = 0;
    for (const [name, hdus] of Object.entries(expected)) {
      const file = openFits(load(name));
      for (const exp of hdus) {
        if (exp.kind !== 'image') continue;
        const img = readImage(file, exp.index, { inPlace: true });
        if (img.inPlace) decodedInPlace++;
        const canon = img.data.slice();
        for (let k = 0; k < canon.length; k++) if (Number.isNaN(canon[k])) canon[k] = NaN;
        const sha = createHash('sha256').update(new Uint8Array(canon.buffer)).digest('hex');
        expect(sha, `${name}[${exp.index}]`).toBe(exp.sha256);
      }
    }
    expect(decodedInPlace).toBe(8); // -32, -64, 64 (default types), the cube and the MEF images
  });

  it('consumes only the plane it decoded', () => {
    const copy = readImage(openFits(load('cube.fits')), 0);
    const file = openFits(load('cube.fits'));
    const p1 = readImage(file, 0, { plane: 1, inPlace: true });
    expect(p1.inPlace).toBe(true);
    expectSameBits(copy.data.subarray(320, 640), p1.data);
    expectSameBits(copy.data.subarray(0, 320), readImage(file, 0, { plane: 0 }).data);
    expectSameBits(copy.data.subarray(640, 960), readImage(file, 0, { plane: 2, inPlace: true }).data);
    expect(() => readImage(file, 0, { plane: 1 })).toThrow(expect.objectContaining({ code: 'consumed' }));
    expect(() => readImage(file, 0)).toThrow(FitsError);
  });

  it('consumes one HDU of a MEF and leaves the others readable', () => {
    const copy = openFits(load('mef.fits'));
    const file = openFits(load('mef.fits'));
    const sci = readImage(file, 1, { inPlace: true });
    expect(sci.inPlace).toBe(true);
    expectSameBits(readImage(copy, 1).data, sci.data);
    expectSameBits(readImage(copy, 3).data, readImage(file, 3).data);
    expect(file.hdus[3].header.get('EXTNAME')).toBe('ERR');
    expect(() => readImage(file, 1)).toThrow(expect.objectContaining({ code: 'consumed', hdu: 1 }));
  });

  it('decodes a gzipped file in its inflated bytes', () => {
    const file = openFits(load('mef.fits.gz'));
    const out = readImage(file, 1, { inPlace: true });
    expect(out.inPlace).toBe(true);
    expect(out.data.buffer).toBe(file.bytes.buffer);
    expectSameBits(readImage(openFits(load('mef.fits')), 1).data, out.data);
  });

  it('copies (and leaves the bytes alone) when the data are not aligned', () => {
    for (const name of ['bitpix-32.fits', 'bitpix-64.fits', 'bitpix32.fits', 'bitpix64.fits']) {
      const raw = load(name);
      const copy = readImage(openFits(raw), 0);
      for (const shift of [1, 2, 3, 4]) {
        const shifted = new Uint8Array(raw.length + shift);
        shifted.set(raw, shift);
        const bytes = shifted.subarray(shift);
        const aligned = (shift + 2880) % copy.data.BYTES_PER_ELEMENT === 0;
        const out = readImage(openFits(bytes), 0, { inPlace: true });
        expect(out.inPlace, `${name} shifted by ${shift}`).toBe(aligned);
        expectSameBits(copy.data, out.data);
        if (!aligned) expect(bytes).toEqual(raw);
      }
    }
  });

  it('copies compressed images and leaves the compressed bytes alone', () => {
    for (const name of ['f32-rice-dither1.fits.fz', 'i32-rice.fits.fz', 'f32-gzip2-lossless.fits.fz']) {
      const bytes = load(name);
      const before = bytes.slice();
      const file = openFits(bytes);
      const out = readImage(file, 1, { inPlace: true });
      expect(out.inPlace).toBe(false);
      expect(bytes).toEqual(before);
      expectSameBits(readImage(file, 1).data, out.data);
    }
  });

  it('works on what writeFits writes, NaN payloads included', () => {
    const w = 64;
    const h = 48;
    const f32 = new Float32Array(randomBytes(w * h * 4, 99).buffer);
    const f64 = new Float64Array(randomBytes(w * h * 8, 98).buffer);
    const bytes = writeFits([{ data: f32, shape: [w, h] }, { data: f64, shape: [w, h], header: { EXTNAME: 'F64' } }]);
    const file = openFits(bytes);
    const a = readImage(file, 0, { inPlace: true });
    const b = readImage(file, 1, { inPlace: true });
    expect([a.inPlace, b.inPlace]).toEqual([true, true]);
    expectSameBits(f32, a.data);
    expectSameBits(f64, b.data);
  });

  it('decodes in a SharedArrayBuffer and returns a view of it (for worker threads)', () => {
    const raw = load('bitpix-32.fits');
    const bytes = new Uint8Array(new SharedArrayBuffer(raw.length));
    bytes.set(raw);
    const out = readImage(openFits(bytes), 0, { inPlace: true });
    expect(out.inPlace).toBe(true);
    expect(out.data.buffer).toBe(bytes.buffer);
    expectSameBits(readImage(openFits(raw), 0).data, out.data);
    expect(() => readImage(openFits(bytes), 0)).toThrow(expect.objectContaining({ code: 'consumed' }));
  });

  it('empty HDUs give an empty array and are not marked consumed', () => {
    const file = openFits(load('mef.fits'));
    const out = readImage(file, 0, { inPlace: true });
    expect(out).toMatchObject({ width: 0, height: 0, inPlace: false });
    expect(readImage(file, 0).data.length).toBe(0);
  });
});
