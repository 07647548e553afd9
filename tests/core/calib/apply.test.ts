import { describe, expect, it } from 'vitest';
import { CalibError, calibrateRows, checkCalibration, masterProvenance, calibratedProvenance, overscanLevels, type Calibration } from '../../../src/core/calib/index.js';

describe('calibrateRows', () => {
  // raw 4×3: columns 0–2 data, column 3 overscan; trimmed to columns 0–2, rows 1–2
  const raw = Float64Array.from([
    110, 111, 112, 10,
    120, 121, 122, 20,
    130, 131, 132, 30,
  ]);
  const c: Calibration = {
    rawWidth: 4, rawHeight: 3,
    overscan: { perRow: true, levels: Float64Array.from([10, 20, 30]) },
    trim: { x0: 0, x1: 3, y0: 1, y1: 3 },
    bias: Float64Array.from([1, 1, 1, 1, 1, 1]),
    dark: Float64Array.from([0, 1, 2, 0, 1, 2]),
    darkScale: 2,
    flat: Float64Array.from([2, 2, 2, 1, 1, 1]),
    flatNorm: 2,
  };
  it('subtracts overscan, trims, subtracts bias and scaled dark, divides by flat / norm', () => {
    checkCalibration(c);
    const rows = raw.subarray(4); // raw rows from the trim's first row
    // row 1: 120-20-1-0 = 99 / (2/2) ; 121-20-1-2 = 98 ; 122-20-1-4 = 97
    // row 2: (130-30-1-0)/(1/2) = 198 ; (131-30-1-2)*2 = 196 ; (132-30-1-4)*2 = 194
    expect([...calibrateRows(c, rows, 0, 2)]).toEqual([99, 98, 97, 198, 196, 194]);
    // a band starting at output row 1 reads the masters from row 1
    expect([...calibrateRows(c, raw.subarray(8), 1, 1)]).toEqual([198, 196, 194]);
  });
  it('refuses masters of the wrong size and a flat without a positive norm', () => {
    expect(() => checkCalibration({ ...c, bias: new Float64Array(12) })).toThrow(CalibError);
    expect(() => checkCalibration({ ...c, flatNorm: 0 })).toThrow(/normalisation/);
  });
});

describe('provenance', () => {
  it('names every input by SHA-256, the count and the method', () => {
    const inputs = [{ name: '/a/b1.fits', sha256: 'a'.repeat(64) }, { name: 'b2.fits', sha256: 'b'.repeat(64) }];
    const cards = masterProvenance('dark', 'sigclip', inputs, { bias: { name: 'mb.fits', sha256: 'c'.repeat(64) } }, { rejected: 3 });
    const get = (k: string) => cards.find((c) => c.keyword === k)?.value;
    expect([get('IMAGETYP'), get('NCOMBINE'), get('CALMETH'), get('CALIN001'), get('CALIN002'), get('CALBIAS')]).toEqual(['Master Dark', 2, 'sigclip', 'a'.repeat(64), 'b'.repeat(64), 'c'.repeat(64)]);
    const history = cards.filter((c) => c.keyword === 'HISTORY').map((c) => c.value);
    expect(history).toContain('input 1: b1.fits');
    expect(history).toContain('master dark: sigclip of 2 frames, 3 values clipped');
    const cal = calibratedProvenance({ name: 'l.fits', sha256: 'd'.repeat(64) }, { flat: { name: 'f', sha256: 'e'.repeat(64) }, flatNorm: 0.5 });
    expect(cal.find((c) => c.keyword === 'CALFNORM')?.value).toBe(0.5);
    expect(cal.find((c) => c.keyword === 'CALRAW')?.value).toBe('d'.repeat(64));
  });
});

describe('calibrateRows into float32', () => {
  it('equals the float64 result rounded once, for every set of steps and both overscan layouts', () => {
    const w = 5;
    const h = 3;
    const raw = Float64Array.from({ length: (w + 2) * h }, (_, i) => 1000 + ((i * 7919) % 97) / 3);
    const m = (k: number) => Float64Array.from({ length: w * h }, (_, i) => k + ((i * 31) % 7) / 9);
    for (const perRow of [true, false]) {
      for (let mask = 0; mask < 16; mask++) {
        const c: Calibration = { rawWidth: w + 2, rawHeight: h, trim: { x0: 1, x1: w + 1, y0: 0, y1: h } };
        if (mask & 1) c.overscan = { perRow, levels: Float64Array.from({ length: perRow ? h : w + 2 }, (_, i) => 990.3 + i / 7) };
        if (mask & 2) c.bias = m(2);
        if (mask & 4) { c.dark = m(0.5); c.darkScale = 1.7; }
        if (mask & 8) { c.flat = m(0.9); c.flatNorm = 1.05; }
        const f64 = calibrateRows(c, raw, 0, h);
        const f32 = calibrateRows(c, raw, 0, h, new Float32Array(w * h));
        expect(Array.from(f32)).toEqual(Array.from(Float32Array.from(f64)));
        const steps = Array.from({ length: w * h }, (_, i) => {
          const x = i % w;
          const y = Math.floor(i / w);
          let v = raw[y * (w + 2) + 1 + x];
          if (c.overscan) v = v - (perRow ? c.overscan.levels[y] : c.overscan.levels[1 + x]);
          if (c.bias) v = v - c.bias[i];
          if (c.dark) v = v - c.dark[i] * 1.7;
          if (c.flat) v = v / (c.flat[i] / 1.05);
          return v;
        });
        expect(Array.from(f64)).toEqual(steps);
      }
    }
  });
});

describe('calibrateRows with the overscan taken from each row (rowOverscan)', () => {
  it('equals the levels of overscanLevels on the strip, bit for bit, for the mean and the median, band by band', () => {
    const w = 9; // 6 data columns, then 3 overscan columns (7–8 used: BIASSEC x 8:9)
    const h = 11;
    const raw = Float32Array.from({ length: w * h }, (_, i) => Math.fround(1000 + ((i * 7919) % 101) / 3 + (i % w >= 6 ? -0.3 * (i % 5) : 0)));
    const m = (k: number, n: number) => Float64Array.from({ length: n }, (_, i) => k + ((i * 31) % 7) / 9);
    const strip = { x0: 7, x1: 9, y0: 0, y1: h };
    for (const statistic of ['mean', 'median'] as const) {
      for (const trim of [{ x0: 0, x1: 6, y0: 0, y1: h }, { x0: 1, x1: 5, y0: 2, y1: 9 }]) {
        const tw = trim.x1 - trim.x0;
        const th = trim.y1 - trim.y0;
        for (let mask = 0; mask < 16; mask++) {
          const base: Calibration = { rawWidth: w, rawHeight: h, trim };
          if (mask & 2) base.bias = m(2, tw * th);
          if (mask & 4) { base.dark = m(0.5, tw * th); base.darkScale = 1.7; }
          if (mask & 8) { base.flat = m(0.9, tw * th); base.flatNorm = 1.05; }
          const byLevels: Calibration = { ...base, overscan: overscanLevels(raw, w, h, strip, { statistic }) };
          const byRows: Calibration = { ...base, rowOverscan: { x0: strip.x0, x1: strip.x1, statistic } };
          checkCalibration(byRows);
          for (const Out of [Float64Array, Float32Array]) {
            const want = new Out(tw * th);
            const got = new Out(tw * th);
            // bands of 3 rows, as a frame is read
            for (let y = 0; y < th; y += 3) {
              const rows = Math.min(3, th - y);
              const band = raw.subarray((trim.y0 + y) * w, (trim.y0 + y + rows) * w);
              calibrateRows(byLevels, band, y, rows, want.subarray(y * tw, (y + rows) * tw) as Float64Array);
              calibrateRows(byRows, band, y, rows, got.subarray(y * tw, (y + rows) * tw) as Float64Array);
            }
            expect(Array.from(got).every((v, i) => Object.is(v, want[i]))).toBe(true);
          }
        }
      }
    }
  });
  it('refuses columns outside the frame and both kinds of overscan at once', () => {
    const c: Calibration = { rawWidth: 4, rawHeight: 2, rowOverscan: { x0: 3, x1: 5, statistic: 'mean' } };
    expect(() => checkCalibration(c)).toThrow(CalibError);
    expect(() => checkCalibration({ ...c, rowOverscan: { x0: 2, x1: 2, statistic: 'mean' } })).toThrow(/overscan columns/);
    expect(() => checkCalibration({ ...c, rowOverscan: { x0: 3, x1: 4, statistic: 'mean' }, overscan: { perRow: true, levels: new Float64Array(2) } })).toThrow(/both/);
    expect(() => checkCalibration({ ...c, rowOverscan: { x0: 3, x1: 4, statistic: 'median' } })).not.toThrow();
  });
});
