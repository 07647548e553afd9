/**
 * The issue-7 targets on a series generated here: 8 epochs of a 256×256 field (Gaussian
 * stars, Poisson + read noise, seeded), pointing offsets and transparency changes per epoch,
 * one variable target with known factors and one variable field star that must not end up
 * among the comparison stars. Catalogue of epoch 0 from our own `extract`.
 */
import { describe, expect, it } from 'vitest';
import { extract } from '../../../src/core/extract/index.js';
import {
  comparisonCandidates,
  measureSeries,
  relativeFlux,
  type SeriesImage,
  type StarSeries,
} from '../../../src/core/photometry/index.js';
import { field, rng, type FieldOptions, type Star } from './synthetic.js';

const W = 256;
const H = 256;
const FACTORS = [1, 1.05, 0.9, 1.2, 0.8, 1.1, 1.0, 0.95];
const TRANSPARENCY = [1, 0.97, 1.02, 0.9, 0.95, 1.0, 0.85, 0.99];
const SHIFTS: Array<[number, number]> = [[0, 0], [1.3, -0.7], [-2.1, 0.4], [0.6, 1.8], [-0.9, -1.5], [2.4, 2.2], [-1.7, 0.9], [0.2, -2.3]];
const TARGET = { x: 128.3, y: 127.7, flux: 100_000 };
const OTHER_VARIABLE = { x: 60.2, y: 190.6, flux: 90_000 };
const OTHER_FACTORS = [1, 1.15, 0.85, 1.1, 0.9, 1.2, 0.8, 1.05];
const CONSTANT_20K = 20_000;

function makeStars(): { stars: Star[]; constant20k: Star[] } {
  const u = rng(2026);
  const placed: Star[] = [TARGET, OTHER_VARIABLE];
  const constant20k: Star[] = [];
  const far = (x: number, y: number): boolean => placed.every((s) => Math.hypot(s.x - x, s.y - y) > 16);
  let tries = 0;
  while (placed.length < 52 && tries++ < 100_000) {
    const x = 18 + u() * (W - 36);
    const y = 18 + u() * (H - 36);
    if (!far(x, y)) continue;
    const n = placed.length;
    // 12 stars of ~20 000 ADU, the rest log-uniform 4 000 – 150 000 ADU.
    const flux = n < 14 ? CONSTANT_20K * (0.9 + 0.2 * u()) : 4000 * 10 ** (u() * Math.log10(150_000 / 4000));
    const s = { x, y, flux };
    placed.push(s);
    if (n < 14) constant20k.push(s);
  }
  return { stars: placed, constant20k };
}

function epochImage(stars: readonly Star[], e: number): Float32Array {
  const [dx, dy] = SHIFTS[e]!;
  const list = stars.map((s) => {
    let f = s.flux * TRANSPARENCY[e]!;
    if (s === TARGET) f *= FACTORS[e]!;
    if (s === OTHER_VARIABLE) f *= OTHER_FACTORS[e]!;
    return { x: s.x + dx, y: s.y + dy, flux: f };
  });
  const o: FieldOptions = { width: W, height: H, sky: 800, sigma: 1.3, gain: 2, readNoise: 5, seed: 1000 + e };
  return field(list, o);
}

function normalisedResiduals(rel: ArrayLike<number>, err: ArrayLike<number>): number[] {
  let sw = 0;
  let swx = 0;
  for (let i = 0; i < rel.length; i++) {
    sw += 1 / err[i]! ** 2;
    swx += rel[i]! / err[i]! ** 2;
  }
  const mean = swx / sw;
  const n = rel.length;
  // Scale by √(n/(n−1)) for the fitted mean.
  return Array.from(rel, (r, i) => ((r - mean) / err[i]!) * Math.sqrt(n / (n - 1)));
}

const rms = (v: number[]): number => Math.sqrt(v.reduce((a, b) => a + b * b, 0) / v.length);

describe('differential photometry of a synthetic series', () => {
  const { stars, constant20k } = makeStars();
  const images = FACTORS.map((_, e) => epochImage(stars, e));
  const catalog = extract(Float32Array.from(images[0]!), W, H, { gain: 2 });
  const radius = 6;
  const annulus: [number, number] = [10, 15];
  const cat = catalog.sources.map((s) => ({ x: s.x, y: s.y, flux: s.fluxAuto, peak: s.peak, background: s.background, flags: s.flags }));
  const candidates = comparisonCandidates(cat, {
    width: W,
    height: H,
    edge: annulus[1] + 3,
    isolation: annulus[1],
    saturate: 50_000,
    avoid: [{ x: TARGET.x, y: TARGET.y, radius: 5 }],
  });
  const series: SeriesImage[] = images.map((data, e) => ({
    image: { data, width: W, height: H },
    gain: 2,
    readNoise: 5,
    saturate: 50_000,
    // A perfect WCS would predict these: the epoch-0 catalogue moved by the pointing offset.
    target: { x: TARGET.x + SHIFTS[e]![0], y: TARGET.y + SHIFTS[e]![1] },
    stars: candidates.map((c) => ({ x: cat[c]!.x + SHIFTS[e]![0], y: cat[c]!.y + SHIFTS[e]![1] })),
  }));
  const result = measureSeries(series, { radius, annulus, recentreRadius: 3, maxStars: 10, minSnr: 50 });
  const all: StarSeries[] = result.stars.map((ms) => ({
    flux: ms.map((m) => m!.flux),
    fluxErr: ms.map((m) => m!.fluxErr),
    ok: ms.map(() => true),
  }));
  const indexOf = (s: Star): number =>
    candidates.findIndex((c) => Math.hypot(cat[c]!.x - s.x, cat[c]!.y - s.y) < 0.5);

  it('finds the stars and enough isolated candidates', () => {
    expect(catalog.sources.length).toBeGreaterThanOrEqual(48);
    expect(candidates.length).toBeGreaterThan(15);
    expect(result.choice.selected.length).toBe(10);
  });

  it('recovers the injected factors of the variable target within 1 %', () => {
    const rel = result.points.map((p) => p.relFlux);
    const meanRel = rel.reduce((a, b) => a + b, 0) / rel.length;
    const meanF = FACTORS.reduce((a, b) => a + b, 0) / FACTORS.length;
    const ratios = rel.map((r, e) => r / meanRel / (FACTORS[e]! / meanF));
    const worst = Math.max(...ratios.map((r) => Math.abs(r - 1)));
    console.log(`variable target: worst |recovered/injected - 1| = ${(worst * 100).toFixed(3)} %`);
    expect(worst).toBeLessThan(0.01);
  });

  it('leaves the other variable star out of the ensemble', () => {
    const k = indexOf(OTHER_VARIABLE);
    expect(k).toBeGreaterThanOrEqual(0);
    expect(result.choice.selected).not.toContain(k);
    expect(result.choice.rejected.find((r) => r.index === k)?.reason).toBe('variable');
  });

  it('reports honest errors: constant ~20 000 ADU stars scatter with RMS(residual/error) in [0.5, 2]', () => {
    const residuals: number[] = [];
    for (const s of constant20k) {
      const k = indexOf(s);
      if (k < 0) continue;
      const r = relativeFlux(all[k]!, all, result.choice.selected, k);
      residuals.push(...normalisedResiduals(r.rel, r.relErr));
    }
    expect(residuals.length).toBeGreaterThanOrEqual(8 * 6);
    const v = rms(residuals);
    console.log(`constant 20k stars: RMS(residual/error) = ${v.toFixed(3)} over ${residuals.length / 8} stars`);
    expect(v).toBeGreaterThan(0.5);
    expect(v).toBeLessThan(2);
  });

  it('keeps the comparison ensemble flat within its errors', () => {
    const residuals: number[] = [];
    for (const k of result.choice.selected) {
      const r = relativeFlux(all[k]!, all, result.choice.selected, k);
      residuals.push(...normalisedResiduals(r.rel, r.relErr));
    }
    const v = rms(residuals);
    console.log(`comparison stars (leave-one-out): RMS(residual/error) = ${v.toFixed(3)}; chi2_nu = ${result.choice.reducedChi2.map((c) => c.toFixed(2)).join(' ')}`);
    expect(v).toBeGreaterThan(0.5);
    expect(v).toBeLessThan(2);
    for (const c of result.choice.reducedChi2) expect(c).toBeLessThan(4);
  });
});
