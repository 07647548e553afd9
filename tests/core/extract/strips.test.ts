/**
 * The per-strip stages + merge (what the worker threads run) give the same catalog as the
 * single-strip pipeline, including objects that cross strip boundaries and in-place mode.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { meshCount } from '../../../src/core/extract/background.js';
import { mergeStrips, StripGroups } from '../../../src/core/extract/detect.js';
import {
  analyseComponents,
  backgroundMeshRows,
  backgroundModel,
  cleanStage,
  detectRows,
  extract,
  measureObjects,
  resolveOptions,
} from '../../../src/core/extract/extract.js';
import { openFits, readImage } from '../../../src/core/fits/index.js';

const file = openFits(readFileSync(new URL('../../fixtures/extract/synth-256.fits', import.meta.url)));
const { data, width: W, height: H } = readImage(file, 0, { type: 'float32' });

function stripped(nstrips: number, inPlace: boolean): ReturnType<typeof extract>['sources'] {
  const o = resolveOptions({ inPlace });
  const image = Float32Array.from(data);
  const ny = meshCount(H, o.backSize);
  const rows = [...backgroundMeshRows(image, W, H, 0, 2, o), ...backgroundMeshRows(image, W, H, 2, ny, o)];
  const model = backgroundModel(rows, W, H, o);
  const sub = inPlace ? image : new Float32Array(W * H);
  const cuts = Array.from({ length: nstrips + 1 }, (_, k) => Math.round((k * H) / nstrips));
  // halo rows copied before any strip overwrites its rows
  const halos = cuts.slice(0, -1).map((y0, k) => {
    const y1 = cuts[k + 1];
    const m = new Map<number, Float32Array>();
    for (const y of [y0 - 1, y1]) if (y >= 0 && y < H) m.set(y, image.slice(y * W, (y + 1) * W));
    return m;
  });
  const strips = cuts.slice(0, -1).map((y0, k) => detectRows(image, W, H, y0, cuts[k + 1], model, o, sub, halos[k]));
  const det = mergeStrips(strips, W, o.minarea);
  const t = o.thresh * model.globalRms;
  const { kept, fluxIso } = cleanStage(analyseComponents(det, 0, det.ncomp, W, H, t, o, false), t, o);
  return measureObjects(kept, fluxIso, 0, kept.length, sub, W, H, model, o, null);
}

describe('strips and merge', () => {
  const ref = extract(Float32Array.from(data), W, H).sources;
  for (const [n, inPlace] of [
    [1, false],
    [3, false],
    [5, true],
    [5, false],
    [1, true],
  ] as const) {
    it(`${n} strip(s), inPlace=${inPlace}`, () => {
      const got = stripped(n, inPlace);
      expect(got.length).toBe(ref.length);
      const key = (s: { x: number; y: number }): string => `${s.x.toFixed(4)},${s.y.toFixed(4)}`;
      const a = new Map(ref.map((s) => [key(s), s]));
      for (const s of got) {
        const r = a.get(key(s));
        expect(r).toBeDefined();
        expect(s.fluxAper[0]).toBeCloseTo(r!.fluxAper[0], 3);
        expect(s.fluxAuto).toBeCloseTo(r!.fluxAuto, 3);
      }
    });
  }
});

describe('StripGroups', () => {
  // components copied one at a time: the records, in the order, of mergeStrips's merged copy
  for (const n of [1, 3, 5]) {
    it(`component k lists mergeStrips's records of component k (${n} strip(s))`, () => {
      const o = resolveOptions({});
      const image = Float32Array.from(data);
      const model = backgroundModel(backgroundMeshRows(image, W, H, 0, meshCount(H, o.backSize), o), W, H, o);
      const sub = new Float32Array(W * H);
      const cuts = Array.from({ length: n + 1 }, (_, k) => Math.round((k * H) / n));
      const strips = cuts.slice(0, -1).map((y0, k) => detectRows(image, W, H, y0, cuts[k + 1], model, o, sub));
      const merged = mergeStrips(strips, W, o.minarea);
      const groups = new StripGroups(strips, W, o.minarea);
      expect(groups.ncomp).toBe(merged.ncomp);
      let crossing = 0;
      for (let k = 0; k < merged.ncomp; k++) {
        const [s0, s1] = [merged.start[k], merged.start[k + 1]];
        const one = groups.component(k);
        expect(Array.from(one.start.subarray(0, 2))).toEqual([0, s1 - s0]);
        expect(one.pixels.count).toBe(s1 - s0);
        expect(Array.from(one.pixels.idx.subarray(0, s1 - s0))).toEqual(Array.from(merged.pixels.idx.subarray(s0, s1)));
        expect(Array.from(one.pixels.value.subarray(0, s1 - s0))).toEqual(Array.from(merged.pixels.value.subarray(s0, s1)));
        expect(Array.from(one.pixels.cd.subarray(0, s1 - s0))).toEqual(Array.from(merged.pixels.cd.subarray(s0, s1)));
        const rows = new Set(Array.from(one.pixels.idx.subarray(0, s1 - s0), (i) => cuts.findIndex((c) => c > Math.floor(i / W))));
        if (rows.size > 1) crossing++;
      }
      if (n > 1) expect(crossing).toBeGreaterThan(0);
    });
  }
});

describe('in place', () => {
  // one mesh column (a constant background along each row) and the usual grid: the
  // background-subtracted rows are written over the raw ones they come from
  for (const [w, h] of [
    [50, 300],
    [300, 120],
  ]) {
    it(`gives the catalog of a separate copy (${w}×${h})`, async () => {
      const { addGaussian, skyImage } = await import('./helpers.js');
      const img = skyImage(w, h, 300, 6, w + h);
      for (let k = 0; k < 12; k++) addGaussian(img, w, h, (k * 17) % w, (k * 31) % h, 5000, 1.3);
      const copy = Float32Array.from(img);
      const apart = extract(img, w, h).sources;
      const inPlace = extract(copy, w, h, { inPlace: true }).sources;
      expect(apart.length).toBeGreaterThan(5);
      expect(inPlace).toEqual(apart);
      // the image now holds the background-subtracted values
      expect(copy).not.toEqual(img);
    });
  }
});
