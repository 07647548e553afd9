import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { calibrateRows, overscanLevels, parseSection, type Calibration } from '../../../../src/core/calib/index.js';
import { openFits, readImage, writeFits } from '../../../../src/core/fits/index.js';
import { applyMasters, buildMaster } from '../../../../src/main/services/calib/calib-files.js';

/**
 * Overscan levels taken from the rows as they are read (no pass over the file for the strip)
 * give what the strip read first gives: a raw frame calibrated through the files' code equals
 * the core's calibration with overscanLevels of its strip, whichever path the geometry allows.
 */
describe('calibration files: the overscan from the rows read', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ns-row-overscan-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const W = 40;
  const H = 23;

  function rawFrame(name: string, k: number, biassec: string, trimsec: string): string {
    const data = new Int16Array(W * H);
    for (let i = 0; i < data.length; i++) data[i] = 900 + ((i * 7919 + k * 104729) % 211) - (i % W >= 33 ? 100 : 0);
    const path = join(dir, name);
    writeFileSync(path, writeFits([{ data, shape: [W, H], header: { IMAGETYP: 'Bias Frame', EXPTIME: 0, BIASSEC: biassec, TRIMSEC: trimsec } }]));
    return path;
  }

  function pixels(path: string): Float32Array | Float64Array {
    return readImage(openFits(readFileSync(path)), 0).data;
  }

  /** The core's calibration of a raw file: levels of the whole strip, then trim. */
  function expected(path: string, biassec: string, trimsec: string, statistic: 'mean' | 'median'): Float64Array {
    const raw = pixels(path);
    const s = parseSection(biassec, W, H, 'BIASSEC');
    const t = parseSection(trimsec, W, H, 'TRIMSEC');
    const c: Calibration = { rawWidth: W, rawHeight: H, trim: t, overscan: overscanLevels(raw, W, H, s, { statistic }) };
    return calibrateRows(c, raw.subarray(t.y0 * W), 0, t.y1 - t.y0);
  }

  const cases = [
    // the strip spans every row kept: levels from the rows
    { biassec: '[35:40,1:23]', trimsec: '[1:32,1:23]' },
    { biassec: '[35:40,1:23]', trimsec: '[3:30,4:20]' },
    // the strip misses rows kept (nearest strip row's level there): the strip is read first
    { biassec: '[35:40,5:23]', trimsec: '[1:32,1:23]' },
  ];

  it('calibrates a frame as the core does with the strip\'s levels (mean and median)', () => {
    for (const [i, { biassec, trimsec }] of cases.entries()) {
      for (const statistic of ['mean', 'median'] as const) {
        const raw = rawFrame(`light-${i}.fits`, i, biassec, trimsec);
        const out = join(dir, `out-${i}-${statistic}.fits`);
        applyMasters(raw, { overscan: statistic, out });
        const want = Float32Array.from(expected(raw, biassec, trimsec, statistic));
        const got = pixels(out);
        expect(got.length).toBe(want.length);
        expect(Array.from(got).every((v, j) => Object.is(v, want[j]))).toBe(true);
      }
    }
  });

  it('makes a median master of frames as the core does with each frame\'s strip levels', () => {
    const { biassec, trimsec } = cases[1];
    const frames = [0, 1, 2, 3, 4].map((k) => rawFrame(`bias-${k}.fits`, 10 + k, biassec, trimsec));
    const m = buildMaster(frames, { type: 'bias', method: 'median', overscan: 'mean' });
    const each = frames.map((p) => expected(p, biassec, trimsec, 'mean'));
    const want = Float32Array.from({ length: each[0].length }, (_, p) => each.map((e) => e[p]).sort((a, b) => a - b)[2]);
    expect(Array.from(m.data).every((v, j) => Object.is(v, want[j]))).toBe(true);
  });
});
