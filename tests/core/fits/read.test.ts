import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FitsError, firstImageHdu, openFits, readImage, writeFits } from '../../../src/core/fits/index.js';

const DIR = join(__dirname, '../../fixtures/fits');
const open = (name: string) => openFits(new Uint8Array(readFileSync(join(DIR, name))));

describe('HDU walk', () => {
  it('lists every HDU of a MEF without reading data', () => {
    const f = open('mef.fits');
    expect(f.hdus.map((h) => [h.kind, h.xtension, h.header.get('EXTNAME') ?? null])).toEqual([
      ['empty', null, null],
      ['image', 'IMAGE', 'SCI'],
      ['table', 'BINTABLE', 'CAT'],
      ['image', 'IMAGE', 'ERR'],
      ['empty', 'IMAGE', 'EMPTY'],
    ]);
    expect(firstImageHdu(f)).toBe(1);
    expect(f.hdus[1].dataOffset % 2880).toBe(0);
  });

  it('reports compressed images with the image header', () => {
    const f = open('i16-rice.fits.fz');
    const h = f.hdus[1];
    expect(h).toMatchObject({ kind: 'image', compressed: true, bitpix: 16, shape: [40, 30] });
    expect(h.header.get('BITPIX')).toBe(16);
    expect(h.header.get('NAXIS1')).toBe(40);
    expect(h.header.has('ZCMPTYPE')).toBe(false);
    expect(h.tableHeader?.get('ZCMPTYPE')).toBe('RICE_1');
    expect(firstImageHdu(f)).toBe(1);
  });

  it('opens gzipped files', () => {
    const a = readImage(open('bitpix16.fits.gz'), 0).data;
    const b = readImage(open('bitpix16.fits'), 0).data;
    expect(a).toEqual(b);
  });
});

describe('readImage', () => {
  it('reads one plane of a cube, plain and compressed', () => {
    for (const [name, hdu] of [['cube.fits', 0], ['cube16.fits', 0], ['cube16-rice.fits.fz', 1]] as const) {
      const f = open(name);
      const all = readImage(f, hdu);
      expect(all.shape).toEqual([20, 16, 3]);
      for (let p = 0; p < 3; p++) {
        const plane = readImage(f, hdu, { plane: p });
        expect(plane.shape).toEqual([20, 16]);
        expect(plane.width).toBe(20);
        expect(plane.height).toBe(16);
        expect(Array.from(plane.data)).toEqual(Array.from(all.data.subarray(p * 320, (p + 1) * 320)));
      }
      expect(() => readImage(f, hdu, { plane: 3 })).toThrow(FitsError);
    }
  });

  it('compressed cube equals the plain one', () => {
    expect(readImage(open('cube16-rice.fits.fz'), 1).data).toEqual(readImage(open('cube16.fits'), 0).data);
  });

  it('returns float64 on request and indexes data[y*width+x]', () => {
    const f = open('bitpix16.fits');
    const a = readImage(f, 0, { type: 'float64' });
    expect(a.data).toBeInstanceOf(Float64Array);
    const b = readImage(f, 0);
    expect(b.data).toBeInstanceOf(Float32Array);
    expect(Array.from(a.data)).toEqual(Array.from(b.data));
    // Row 1, column 2 of the raw big-endian int16 data.
    const raw = f.bytes;
    const at = f.hdus[0].dataOffset + (1 * 40 + 2) * 2;
    expect(b.data[1 * b.width + 2]).toBe(((raw[at] << 24) >> 16) | raw[at + 1]);
  });

  it('float64 reads of quantised float32 data keep cfitsio float rounding', () => {
    for (const name of ['f32-rice-dither1.fits.fz', 'f32-gzip1-dither1.fits.fz', 'f32-hcomp-dither1.fits.fz', 'f32-rice-dither2.fits.fz']) {
      const f = open(name);
      const a = readImage(f, 1);
      const b = readImage(f, 1, { type: 'float64' });
      expect(b.data).toBeInstanceOf(Float64Array);
      expect(Array.from(b.data)).toEqual(Array.from(a.data));
    }
  });

  it('float32 and float64 reads of integer data agree where float32 is exact', () => {
    for (const [name, hdu] of [['i32-rice.fits.fz', 1], ['u16-rice.fits.fz', 1], ['bitpix32.fits', 0], ['uint16.fits', 0]] as const) {
      const f = open(name);
      const a = readImage(f, hdu, { type: 'float32' }).data;
      const b = readImage(f, hdu, { type: 'float64' }).data;
      for (let i = 0; i < a.length; i++) expect(a[i]).toBe(Math.fround(b[i]));
    }
  });

  it('reads bytes that are not aligned in their ArrayBuffer', () => {
    for (const name of ['bitpix-32.fits', 'bitpix-64.fits', 'bitpix16.fits', 'bitpix32.fits', 'bitpix64.fits']) {
      const bytes = new Uint8Array(readFileSync(join(DIR, name)));
      const shifted = new Uint8Array(bytes.length + 3);
      shifted.set(bytes, 3);
      const a = readImage(openFits(bytes), 0).data;
      const b = readImage(openFits(shifted.subarray(3)), 0).data;
      expect(b).toEqual(a);
    }
  });

  it('gives empty data for empty HDUs and refuses tables', () => {
    const f = open('mef.fits');
    expect(readImage(f, 0).data.length).toBe(0);
    expect(() => readImage(f, 2)).toThrow(expect.objectContaining({ code: 'bad_hdu', hdu: 2 }));
    expect(() => readImage(f, 9)).toThrow(expect.objectContaining({ code: 'bad_hdu' }));
  });

  it('reads a compressed MEF extension by extension', () => {
    const plain = open('mef.fits');
    const packed = open('mef-rice.fits.fz');
    expect(packed.hdus.map((h) => h.kind)).toEqual(plain.hdus.map((h) => h.kind));
    const err = readImage(packed, 3);
    expect(err.shape).toEqual([20, 16]);
  });
});

describe('writeFits', () => {
  it('round-trips every data type with header values', () => {
    const shape = [5, 4, 2];
    const n = 40;
    const arrays = [
      new Int16Array(n).map((_, i) => i * 100 - 2000),
      new Int32Array(n).map((_, i) => i * 1e7 - 2e8),
      new Float32Array(n).map((_, i) => Math.fround(i / 7)),
      new Float64Array(n).map((_, i) => i / 7),
    ];
    arrays[2][3] = NaN;
    const bytes = writeFits(arrays.map((data, i) => ({ data, shape, header: { EXTNAME: `E${i}`, EXPTIME: 12.5, OBJECT: 'M 51' } })));
    expect(bytes.length % 2880).toBe(0);
    const f = openFits(bytes);
    expect(f.hdus.length).toBe(4);
    arrays.forEach((arr, i) => {
      const h = f.hdus[i];
      expect(h.shape).toEqual(shape);
      expect(h.header.get('EXTNAME')).toBe(`E${i}`);
      expect(h.header.get('EXPTIME')).toBe(12.5);
      const img = readImage(f, i, { type: 'float64' });
      expect(Array.from(img.data)).toEqual(Array.from(arr));
    });
  });

  it('copies a read header but not its structure or scaling', () => {
    const src = open('scaled16-blank.fits');
    const img = readImage(src, 0);
    const out = openFits(writeFits([{ data: img.data as Float32Array, shape: img.shape, header: src.hdus[0].header }]));
    expect(out.hdus[0].bitpix).toBe(-32);
    expect(out.hdus[0].header.has('BSCALE')).toBe(false);
    expect(readImage(out, 0).data).toEqual(img.data);
  });

  it('rejects a shape that does not match the data', () => {
    expect(() => writeFits([{ data: new Float32Array(5), shape: [2, 2] }])).toThrow(FitsError);
  });
});
