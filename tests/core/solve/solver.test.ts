import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readIndexFile } from '../../../src/core/solve/index-file.js';
import { solveField } from '../../../src/core/solve/solver.js';
import { pixelToSky } from '../../../src/core/solve/tan-sip.js';
import { separationDeg } from '../../../src/core/solve/sky.js';
import { LOG_ODDS_ACCEPT } from '../../../src/core/solve/verify.js';
import { randomField, synthField, truePixel, type TrueWcs } from './synth-field.js';

const load = (name: string) => readIndexFile(new Uint8Array(readFileSync(new URL(`../../fixtures/solve/${name}`, import.meta.url))), name);
const q4 = load('index-synth-q4.fits');
const q3 = load('index-synth-q3.fits');

function checkSolution(t: TrueWcs, r: ReturnType<typeof solveField>): void {
  expect(r.solved).toBe(true);
  if (!r.solved) return;
  const s = r.solution;
  expect(separationDeg(s.ra, s.dec, t.ra, t.dec) * 3600).toBeLessThan(1);
  expect(s.scaleArcsec).toBeCloseTo(t.scale, 2);
  const drot = ((s.rotationDeg - t.rotation + 540) % 360) - 180;
  expect(Math.abs(drot)).toBeLessThan(0.1);
  expect(s.parity).toBe(t.flip ? 'flipped' : 'normal');
  // every corner lands where the true WCS puts it (within 0.5 pixel)
  for (const [x, y] of [[0, 0], [t.width - 1, 0], [0, t.height - 1], [t.width - 1, t.height - 1]]) {
    const [ra, dec] = pixelToSky(s.wcs, x, y);
    const [px, py] = truePixel(t, ra, dec);
    expect(Math.hypot(px - x, py - y)).toBeLessThan(0.5);
  }
}

describe('blind plate solving', () => {
  for (const [rotation, flip] of [[0, false], [37, false], [-123, true], [200, true]] as const) {
    it(`solves a field of the index's own stars (rotation ${rotation}°, ${flip ? 'mirrored' : 'normal'} parity)`, () => {
      const t: TrueWcs = { ra: 150.2, dec: 29.8, scale: 2.0, rotation, flip, width: 800, height: 600 };
      const sources = synthField(q4, t, 7 + rotation, 0.3, 50);
      const r = solveField(sources, [q4], { width: t.width, height: t.height });
      checkSolution(t, r);
      if (r.solved) {
        expect(r.solution.matched).toBeGreaterThan(40);
        expect(r.solution.rmsArcsec).toBeLessThan(1.2);
      }
    });
  }
  it('solves with an index of triangles (DIMQUADS = 3)', () => {
    const t: TrueWcs = { ra: 149.5, dec: 30.6, scale: 1.7, rotation: 75, flip: false, width: 700, height: 700 };
    checkSolution(t, solveField(synthField(q3, t, 3, 0.3, 30), [q3], { width: 700, height: 700 }));
  });
  it('finds no solution in a field of random stars that are not in the catalogue', () => {
    const r = solveField(randomField(120, 800, 600, 11), [q4, q3], { width: 800, height: 600, maxSources: 35 });
    expect(r.solved).toBe(false);
    // the quads were tried and some codes matched by chance: the verification rejected them
    expect(r.hypotheses).toBeGreaterThan(10);
    // most chance matches fail the cheap pre-check and are never fully verified
    expect(r.prechecked).toBeGreaterThan(r.hypotheses / 2);
    // the best wrong hypothesis fully verified stays far below the acceptance threshold
    expect(r.bestRejected).not.toBeNull();
    expect(r.bestRejected!.logOdds).toBeLessThan(LOG_ODDS_ACCEPT);
  });
  // more fields of random stars (seeds 31–35; 1.5–3.5″/pixel): none solves blind, nor with a
  // hint of the catalogue's region and of the scale they would have (bench/solve-false.ts runs
  // the same check on 1024² images against Tycho-2)
  for (const seed of [31, 32, 33, 34, 35]) {
    it(`finds no solution in random stars, seed ${seed}, blind and hinted`, () => {
      const sources = randomField(60 + 20 * (seed % 4), 800, 600, seed);
      const blind = solveField(sources, [q4, q3], { width: 800, height: 600, maxSources: 30 });
      expect(blind.solved).toBe(false);
      const scale = 1.5 + (seed % 5) * 0.5;
      const hinted = solveField(sources, [q4, q3], { width: 800, height: 600, maxSources: 30, ra: 150, dec: 30, radius: 2, scaleLow: scale * 0.9, scaleHigh: scale * 1.1 });
      expect(hinted.solved).toBe(false);
      for (const r of [blind, hinted]) if (r.bestRejected) expect(r.bestRejected.logOdds).toBeLessThan(LOG_ODDS_ACCEPT);
      // the search did look: codes matched by chance and were turned down
      expect(blind.hypotheses).toBeGreaterThan(0);
    });
  }
});

describe('hints and the time limit', () => {
  const t: TrueWcs = { ra: 150.4, dec: 30.3, scale: 2.5, rotation: 10, flip: false, width: 640, height: 480 };
  const sources = synthField(q4, t, 21, 0.3, 20);
  it('a right position and scale hint solves with fewer quads than blind', () => {
    const blind = solveField(sources, [q4], { width: 640, height: 480 });
    const hinted = solveField(sources, [q4], { width: 640, height: 480, ra: 150.5, dec: 30.2, radius: 0.5, scaleLow: 2.3, scaleHigh: 2.7 });
    checkSolution(t, blind);
    checkSolution(t, hinted);
    expect(hinted.quadsTried).toBeLessThan(blind.quadsTried);
  });
  it('a wrong position hint or a wrong scale range finds nothing', () => {
    expect(solveField(sources, [q4], { width: 640, height: 480, ra: 152, dec: 30.3, radius: 0.5 }).solved).toBe(false);
    expect(solveField(sources, [q4], { width: 640, height: 480, scaleLow: 4, scaleHigh: 6 }).solved).toBe(false);
  });
  it('stops at the time limit', () => {
    let clock = 0;
    const r = solveField(randomField(120, 800, 600, 12), [q4], { width: 800, height: 600, timeLimitMs: 1000, now: () => (clock += 10) });
    expect(r).toMatchObject({ solved: false, reason: 'time_limit' });
  });
  it('reads the clock at every hypothesis and stops at the first reading past the limit', () => {
    // a clock that advances one millisecond each time it is read: the limit is a number of readings
    const limit = 3000;
    let clock = 0;
    let reads = 0;
    let readsPast = 0;
    const now = (): number => {
      reads++;
      clock += 1;
      if (clock > limit + 1) readsPast++;
      return clock;
    };
    const r = solveField(randomField(120, 800, 600, 12), [q4], { width: 800, height: 600, timeLimitMs: limit, now });
    expect(r).toMatchObject({ solved: false, reason: 'time_limit' });
    // one reading found the limit passed, one more gave the elapsed time: no work in between
    expect(readsPast).toBe(2);
    expect(r.elapsedMs).toBe(limit + 2);
    // every hypothesis and every quad's code search read the clock first
    expect(r.hypotheses).toBeGreaterThan(0);
    expect(r.hypotheses + r.quadsTried).toBeLessThanOrEqual(reads);
  });
  it('does not start when the limit has already passed', () => {
    let clock = 0;
    const r = solveField(synthField(q4, t, 21, 0.3, 20), [q4], { width: 640, height: 480, timeLimitMs: 0, now: () => (clock += 1) });
    expect(r).toMatchObject({ solved: false, reason: 'time_limit', quadsTried: 0, hypotheses: 0 });
  });
});
