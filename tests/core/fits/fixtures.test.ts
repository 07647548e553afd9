/**
 * Every fixture made by scripts/fixtures/fits-make.py (astropy + fpack) decodes to exactly
 * the pixels astropy decodes: SHA-256 of the whole array in the default output type, so a
 * single differing pixel (or NaN) fails.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openFits, readImage } from '../../../src/core/fits/index.js';

const DIR = join(__dirname, '../../fixtures/fits');

interface Expected {
  index: number;
  kind: 'image' | 'table' | 'empty';
  compressed: boolean;
  bitpix?: number;
  shape?: number[];
  dtype?: 'float32' | 'float64';
  sha256?: string;
  stats?: { min: number | null; max: number | null; mean: number | null; nan: number };
  pixels?: Array<[number, number | null]>;
}

const expected = JSON.parse(readFileSync(join(DIR, 'expected.json'), 'utf8')) as Record<string, Expected[]>;

function stats(data: Float32Array | Float64Array) {
  let min = Infinity;
  let max = -Infinity;
  let sum = 0;
  let n = 0;
  let nan = 0;
  for (const v of data) {
    if (Number.isNaN(v)) nan++;
    else {
      if (v < min) min = v;
      if (v > max) max = v;
      sum += v;
      n++;
    }
  }
  return { min, max, mean: n ? sum / n : null, nan };
}

describe('fixtures decode exactly as astropy decodes them', () => {
  for (const [name, hdus] of Object.entries(expected)) {
    it(name, () => {
      const file = openFits(new Uint8Array(readFileSync(join(DIR, name))));
      // astropy hides the empty primary of a compressed file the same way we list it: compare by index.
      expect(file.hdus.length).toBe(hdus.length);
      for (const exp of hdus) {
        const info = file.hdus[exp.index];
        expect(info.kind, `${name}[${exp.index}] kind`).toBe(exp.kind);
        if (exp.kind === 'table') continue;
        expect(info.compressed).toBe(exp.compressed);
        expect(info.bitpix).toBe(exp.bitpix);
        expect(info.shape).toEqual(exp.shape);
        if (exp.kind !== 'image') continue;
        const img = readImage(file, exp.index);
        expect(img.data instanceof Float32Array ? 'float32' : 'float64').toBe(exp.dtype);
        // One canonical NaN bit pattern (V8's and numpy's default quiet NaN).
        const canon = img.data.slice();
        for (let k = 0; k < canon.length; k++) if (Number.isNaN(canon[k])) canon[k] = NaN;
        const bytes = new Uint8Array(canon.buffer, canon.byteOffset, canon.byteLength);
        const sha = createHash('sha256').update(bytes).digest('hex');
        if (sha !== exp.sha256) {
          // Diagnose before failing.
          const got = stats(img.data);
          const pix = exp.pixels!.map(([k]) => [k, Number.isNaN(img.data[k]) ? null : img.data[k]]);
          expect({ stats: got, pixels: pix }).toEqual({ stats: exp.stats, pixels: exp.pixels });
        }
        expect(sha, `${name}[${exp.index}] pixels`).toBe(exp.sha256);
      }
    });
  }
});
