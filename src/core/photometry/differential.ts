/**
 * Differential photometry: automatic choice of comparison stars and an ensemble. Inputs are
 * forced measurements of the same stars in the same images (image index i, star index s).
 */
import { PhotometryError } from './errors.js';
import { ensembleRatios, fitEnsemble, type StarSeries, usableComparison } from './ensemble.js';
import { fluxToMag, magErr } from './magnitude.js';
import { median } from '../stats/index.js';

export type { StarSeries };

export interface ComparisonOptions {
  /** On each image, at most this many comparison stars, the brightest usable there [12]. */
  maxStars?: number;
  /** Reject stars whose median S/N (over the images where they are usable) is below this [10]. */
  minSnr?: number;
  /**
   * Reject as variable a star whose flux relative to the ensemble of the others has a reduced
   * χ² (about its weighted mean) above this [4], worst first, one at a time. A star usable on
   * fewer than two images has no χ² and is never rejected as variable.
   */
  maxReducedChi2?: number;
  /** Keep at least this many stars when rejecting variables [2]. */
  minStars?: number;
  /** Candidates always kept (the user's choice): never rejected, counted as selected. */
  forced?: readonly number[];
}

/** Why a candidate was not used. */
export type RejectReason = 'missing' | 'faint' | 'variable' | 'surplus';

export interface ComparisonChoice {
  /** Indices (into the candidate list) of the comparison stars used on at least one image, brightest first. */
  selected: number[];
  /** Candidates left out and why. */
  rejected: Array<{ index: number; reason: RejectReason; reducedChi2?: number }>;
  /**
   * Reduced χ² of each selected star against the ensemble of the other selected ones (NaN
   * when it is usable on fewer than two images with another selected star: undefined).
   */
  reducedChi2: number[];
  /** On how many images each selected star is in the ensemble. */
  imagesUsed: number[];
}

/** Reduced χ² about the weighted mean of a relative-flux series (NaN with < 2 points). */
export function reducedChi2(values: ArrayLike<number>, errors: ArrayLike<number>): number {
  let sw = 0;
  let swx = 0;
  const n = values.length;
  for (let i = 0; i < n; i++) {
    const w = 1 / errors[i]! ** 2;
    sw += w;
    swx += w * values[i]!;
  }
  if (n < 2 || !(sw > 0)) return NaN;
  const mean = swx / sw;
  let chi2 = 0;
  for (let i = 0; i < n; i++) chi2 += ((values[i]! - mean) / errors[i]!) ** 2;
  return chi2 / (n - 1);
}

/**
 * Relative flux of `star` against the summed flux of `ensemble` (indices into `stars`, the
 * star itself left out if present), per image: R = F / ΣF_c with
 * σ_R / R = √((σ_F / F)² + Σσ_c² / (ΣF_c)²) (the star and the ensemble are independent).
 */
export function relativeFlux(
  star: StarSeries,
  stars: readonly StarSeries[],
  ensemble: readonly number[],
  self = -1,
): { rel: Float64Array; relErr: Float64Array; ensFlux: Float64Array; ensErr: Float64Array } {
  const n = star.flux.length;
  const rel = new Float64Array(n);
  const relErr = new Float64Array(n);
  const ensFlux = new Float64Array(n);
  const ensErr = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let e = 0;
    let v = 0;
    let bad = !star.ok[i];
    for (const c of ensemble) {
      if (c === self) continue;
      const s = stars[c]!;
      if (!s.ok[i]) bad = true;
      e += s.flux[i]!;
      v += s.fluxErr[i]! ** 2;
    }
    ensFlux[i] = bad ? NaN : e;
    ensErr[i] = bad ? NaN : Math.sqrt(v);
    const f = star.flux[i]!;
    rel[i] = bad || !(e > 0) ? NaN : f / e;
    relErr[i] = bad || !(e > 0) ? NaN : Math.abs(rel[i]!) * Math.sqrt((star.fluxErr[i]! / f) ** 2 + v / (e * e));
  }
  return { rel, relErr, ensFlux, ensErr };
}

/** Reduced χ² of each star of `set` against the per-image ensemble of the others (NaN where undefined). */
function leaveOneOutChi2(candidates: readonly StarSeries[], set: readonly number[], nImages: number): number[] {
  const fit = fitEnsemble(candidates, set, nImages);
  return set.map((s) => {
    const star = candidates[s]!;
    const ok = Array.from({ length: nImages }, (_, i) => usableComparison(star, i));
    const r = ensembleRatios(star, ok, candidates, set, fit, Infinity, s);
    const v: number[] = [];
    const e: number[] = [];
    for (const p of r) {
      if (Number.isFinite(p.rel) && p.relErr > 0) {
        v.push(p.rel);
        e.push(p.relErr);
      }
    }
    return reducedChi2(v, e);
  });
}

/**
 * Chooses comparison stars among `candidates` (already filtered on single-image criteria:
 * unsaturated, unflagged, isolated, not the target), given their forced measurements in
 * every image. A star needs to be usable (on the frame, unflagged, positive flux) on at least
 * one image (`missing` otherwise), bright enough there (`faint`: median S/N below `minSnr`),
 * and constant relative to the others (`variable`, rejected iteratively worst first, only
 * where it has a χ², i.e. two or more images); `forced` stars are always kept. Each image's
 * ensemble is then the brightest `maxStars` kept stars usable on it; a kept star used on no
 * image is `surplus`. When none is left, `selected` is empty and `rejected` says why.
 */
export function selectComparisons(candidates: readonly StarSeries[], options: ComparisonOptions = {}): ComparisonChoice {
  const maxStars = options.maxStars ?? 12;
  const minSnr = options.minSnr ?? 10;
  const maxChi2 = options.maxReducedChi2 ?? 4;
  const minStars = Math.max(1, options.minStars ?? 2);
  const forced = new Set(options.forced ?? []);
  const nImages = candidates.reduce((n, s) => Math.max(n, s.flux.length), 0);
  const rejected: ComparisonChoice['rejected'] = [];
  let pool: number[] = [];
  const medFlux = new Map<number, number>();
  candidates.forEach((s, idx) => {
    const snr: number[] = [];
    const flux: number[] = [];
    for (let i = 0; i < s.flux.length; i++) {
      if (!usableComparison(s, i)) continue;
      snr.push(s.flux[i]! / s.fluxErr[i]!);
      flux.push(s.flux[i]!);
    }
    if (snr.length === 0) {
      rejected.push({ index: idx, reason: 'missing' });
      return;
    }
    if (!forced.has(idx) && median(snr) < minSnr) {
      rejected.push({ index: idx, reason: 'faint' });
      return;
    }
    medFlux.set(idx, median(flux));
    pool.push(idx);
  });
  // Brightest first; keep spare stars beyond maxStars for the variability step and for images
  // where the brightest ones are off the frame.
  pool.sort((a, b) => Number(forced.has(b)) - Number(forced.has(a)) || medFlux.get(b)! - medFlux.get(a)!);
  const spare = Math.min(pool.length, Math.max(maxStars * 2, maxStars + 4, forced.size));
  for (const idx of pool.slice(spare)) rejected.push({ index: idx, reason: 'surplus' });
  pool = pool.slice(0, spare);

  let chi = leaveOneOutChi2(candidates, pool, nImages);
  while (pool.length > minStars) {
    let worst = -1;
    for (let k = 0; k < pool.length; k++) {
      if (forced.has(pool[k]!) || !(chi[k]! > maxChi2)) continue;
      if (worst < 0 || chi[k]! > chi[worst]!) worst = k;
    }
    if (worst < 0) break;
    rejected.push({ index: pool[worst]!, reason: 'variable', reducedChi2: chi[worst]! });
    pool.splice(worst, 1);
    chi = leaveOneOutChi2(candidates, pool, nImages);
  }
  // Which kept stars some image's ensemble actually uses.
  const fit = fitEnsemble(candidates, pool, nImages);
  const uses = new Map<number, number>(pool.map((c) => [c, 0]));
  const ranked = pool.filter((c) => Number.isFinite(fit.ref[c]!)).sort((a, b) => fit.ref[b]! - fit.ref[a]!);
  for (let i = 0; i < nImages; i++) {
    if (!fit.tied[i]) continue;
    let n = 0;
    for (const c of ranked) {
      if (n >= maxStars) break;
      if (!usableComparison(candidates[c]!, i)) continue;
      uses.set(c, uses.get(c)! + 1);
      n++;
    }
  }
  const selected: number[] = [];
  const chi2: number[] = [];
  const imagesUsed: number[] = [];
  pool.forEach((c, k) => {
    if (uses.get(c)! > 0 || forced.has(c)) {
      selected.push(c);
      chi2.push(chi[k]!);
      imagesUsed.push(uses.get(c)!);
    } else {
      rejected.push({ index: c, reason: 'surplus' });
    }
  });
  return { selected, rejected, reducedChi2: chi2, imagesUsed };
}

/** The differential light curve of one star against an ensemble, per image. */
export interface DifferentialPoint {
  /** Target flux / ensemble flux, and its 1σ error (NaN where unusable). */
  relFlux: number;
  relFluxErr: number;
  /** Differential magnitude: ensemble magnitude − 2.5 log10(relFlux), and its 1σ error. */
  mag: number;
  magErr: number;
  /** Summed flux of the image's ensemble and its 1σ error. */
  ensembleFlux: number;
  ensembleFluxErr: number;
  /** Comparison stars in this image's ensemble (0: none usable, no differential value). */
  nComparisons: number;
}

/**
 * Differential photometry of `target` against the comparison stars `ensemble` (indices into
 * `stars`), with a per-image ensemble (see `ensemble.ts`): on each image the brightest
 * `maxPerImage` of them usable there [all]. With `comparisonMags` (catalogue magnitudes of
 * every star in `stars`, same band) the magnitudes are calibrated:
 * m = −2.5 log10(Σ 10^(−0.4 m_c)) − 2.5 log10(R), the sum over the reference ensemble;
 * otherwise the ensemble's magnitude is taken as 0. A point whose image has no usable
 * comparison star, or where the target is unusable, is NaN with `nComparisons` saying which.
 */
export function differentialPhotometry(
  target: StarSeries,
  stars: readonly StarSeries[],
  ensemble: readonly number[],
  comparisonMags?: ArrayLike<number>,
  maxPerImage = Infinity,
): DifferentialPoint[] {
  if (ensemble.length === 0) throw new PhotometryError('phot_no_comparisons', 'empty comparison ensemble');
  const n = target.flux.length;
  const fit = fitEnsemble(stars, ensemble, n);
  let zero = 0;
  if (comparisonMags) {
    const ranked = ensemble.filter((c) => Number.isFinite(fit.ref[c]!)).sort((a, b) => fit.ref[b]! - fit.ref[a]!);
    let s = 0;
    for (const c of ranked.slice(0, Math.min(ranked.length, maxPerImage))) s += 10 ** (-0.4 * comparisonMags[c]!);
    zero = fluxToMag(s);
  }
  return ensembleRatios(target, target.ok, stars, ensemble, fit, maxPerImage).map((r) => ({
    relFlux: r.rel,
    relFluxErr: r.relErr,
    mag: zero + fluxToMag(r.rel),
    magErr: magErr(r.rel, r.relErr),
    ensembleFlux: r.ensembleFlux,
    ensembleFluxErr: r.ensembleFluxErr,
    nComparisons: r.used.length,
  }));
}
