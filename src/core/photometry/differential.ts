/**
 * Differential photometry: automatic choice of comparison stars and an ensemble. Inputs are
 * forced measurements of the same stars in the same images (image index i, star index s).
 */
import { PhotometryError } from './errors.js';
import { fluxToMag, magErr } from './magnitude.js';

/** One star measured in every image of a set. */
export interface StarSeries {
  /** Flux per image, ADU (any consistent unit). */
  flux: ArrayLike<number>;
  /** 1σ flux error per image, same unit. */
  fluxErr: ArrayLike<number>;
  /** Whether the measurement is usable per image (on the image, unflagged, finite). */
  ok: ArrayLike<boolean>;
}

export interface ComparisonOptions {
  /** At most this many comparison stars, the brightest kept first [12]. */
  maxStars?: number;
  /** Reject stars whose median S/N is below this [10]. */
  minSnr?: number;
  /**
   * Reject as variable a star whose flux relative to the ensemble of the others has a reduced
   * χ² (about its weighted mean) above this [4], worst first, one at a time.
   */
  maxReducedChi2?: number;
  /** Keep at least this many stars when rejecting variables [2]. */
  minStars?: number;
}

/** Why a candidate was not used. */
export type RejectReason = 'missing' | 'faint' | 'variable' | 'surplus';

export interface ComparisonChoice {
  /** Indices (into the candidate list) of the chosen comparison stars. */
  selected: number[];
  /** Candidates left out and why. */
  rejected: Array<{ index: number; reason: RejectReason; reducedChi2?: number }>;
  /** Reduced χ² of each selected star against the ensemble of the other selected ones. */
  reducedChi2: number[];
}

function medianOf(values: number[]): number {
  if (values.length === 0) return NaN;
  const s = [...values].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : 0.5 * (s[m - 1]! + s[m]!);
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

/**
 * Chooses comparison stars among `candidates` (already filtered on single-image criteria:
 * unsaturated, unflagged, isolated, not the target), given their forced measurements in
 * every image: a star must be usable in every image (`missing`), bright enough (`faint`),
 * and constant relative to the others (`variable`, rejected iteratively worst first); then
 * the brightest `maxStars` are kept (`surplus`). When none is left, `selected` is empty and
 * `rejected` says why.
 */
export function selectComparisons(candidates: readonly StarSeries[], options: ComparisonOptions = {}): ComparisonChoice {
  const maxStars = options.maxStars ?? 12;
  const minSnr = options.minSnr ?? 10;
  const maxChi2 = options.maxReducedChi2 ?? 4;
  const minStars = Math.max(1, options.minStars ?? 2);
  const rejected: ComparisonChoice['rejected'] = [];
  let pool: number[] = [];
  const medFlux = new Map<number, number>();
  candidates.forEach((s, idx) => {
    const n = s.flux.length;
    const snr: number[] = [];
    for (let i = 0; i < n; i++) {
      if (!s.ok[i] || !Number.isFinite(s.flux[i]!) || !(s.fluxErr[i]! > 0) || !(s.flux[i]! > 0)) {
        rejected.push({ index: idx, reason: 'missing' });
        return;
      }
      snr.push(s.flux[i]! / s.fluxErr[i]!);
    }
    if (n === 0) {
      rejected.push({ index: idx, reason: 'missing' });
      return;
    }
    if (medianOf(snr) < minSnr) {
      rejected.push({ index: idx, reason: 'faint' });
      return;
    }
    medFlux.set(idx, medianOf(Array.from(s.flux)));
    pool.push(idx);
  });
  // Brightest first; keep a few spare stars beyond maxStars for the variability step.
  pool.sort((a, b) => medFlux.get(b)! - medFlux.get(a)!);
  const spare = Math.min(pool.length, Math.max(maxStars * 2, maxStars + 4));
  for (const idx of pool.slice(spare)) rejected.push({ index: idx, reason: 'surplus' });
  pool = pool.slice(0, spare);

  const chi2Of = (set: number[]): number[] =>
    set.map((s) => {
      const r = relativeFlux(candidates[s]!, candidates, set, s);
      return reducedChi2(r.rel, r.relErr);
    });
  let chi = chi2Of(pool);
  while (pool.length > minStars) {
    let worst = -1;
    for (let k = 0; k < pool.length; k++) if (chi[k]! > maxChi2 && (worst < 0 || chi[k]! > chi[worst]!)) worst = k;
    if (worst < 0) break;
    rejected.push({ index: pool[worst]!, reason: 'variable', reducedChi2: chi[worst]! });
    pool.splice(worst, 1);
    chi = chi2Of(pool);
  }
  for (const idx of pool.slice(maxStars)) rejected.push({ index: idx, reason: 'surplus' });
  pool = pool.slice(0, maxStars);
  return { selected: pool, rejected, reducedChi2: chi2Of(pool) };
}

/** The differential light curve of one star against an ensemble, per image. */
export interface DifferentialPoint {
  /** Target flux / ensemble flux, and its 1σ error (NaN where unusable). */
  relFlux: number;
  relFluxErr: number;
  /** Differential magnitude: ensemble magnitude − 2.5 log10(relFlux), and its 1σ error. */
  mag: number;
  magErr: number;
  /** Summed ensemble flux and its 1σ error. */
  ensembleFlux: number;
  ensembleFluxErr: number;
}

/**
 * Differential photometry of `target` against the comparison stars `ensemble` (indices into
 * `stars`). With `comparisonMags` (catalogue magnitudes of every star in `stars`, same
 * band) the magnitudes are calibrated: m = −2.5 log10(Σ 10^(−0.4 m_c)) − 2.5 log10(R);
 * otherwise the ensemble's magnitude is taken as 0.
 */
export function differentialPhotometry(
  target: StarSeries,
  stars: readonly StarSeries[],
  ensemble: readonly number[],
  comparisonMags?: ArrayLike<number>,
): DifferentialPoint[] {
  if (ensemble.length === 0) throw new PhotometryError('PHOT_NO_COMPARISONS', 'empty comparison ensemble');
  let zero = 0;
  if (comparisonMags) {
    let s = 0;
    for (const c of ensemble) s += 10 ** (-0.4 * comparisonMags[c]!);
    zero = fluxToMag(s);
  }
  const r = relativeFlux(target, stars, ensemble);
  return Array.from(r.rel, (rel, i) => ({
    relFlux: rel,
    relFluxErr: r.relErr[i]!,
    mag: zero + fluxToMag(rel),
    magErr: magErr(rel, r.relErr[i]!),
    ensembleFlux: r.ensFlux[i]!,
    ensembleFluxErr: r.ensErr[i]!,
  }));
}
