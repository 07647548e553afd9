/**
 * Ensemble photometry with a per-image ensemble: on each image the comparison stars are the
 * ones measured there (on the frame, unflagged, positive flux), so a star that leaves the frame
 * on some images still serves on the others. The stars' fluxes are put on one scale by fitting
 * F_ci = z_i × F_c (F_c: the star's reference flux, z_i: the image's throughput: exposure,
 * transparency, airmass) by alternating least squares over every usable measurement
 * (inhomogeneous ensemble photometry in the manner of Honeycutt 1992, in flux).
 *
 * The relative flux of a star on image i is R_i = F_i / (z_i × S), where S is the summed
 * reference flux of the ensemble (the brightest `maxPerImage` comparison stars): when every
 * comparison star is on the image this is exactly F_i / Σ_c F_ci, the classic ensemble ratio.
 */

/** One star measured in every image of a set. */
export interface StarSeries {
  /** Flux per image, ADU (any consistent unit). */
  flux: ArrayLike<number>;
  /** 1σ flux error per image, same unit. */
  fluxErr: ArrayLike<number>;
  /** Whether the measurement is usable per image (on the image, unflagged, finite). */
  ok: ArrayLike<boolean>;
}

/** Whether star `s` can serve as a comparison on image `i`: usable, finite, positive flux and error. */
export function usableComparison(s: StarSeries, i: number): boolean {
  const f = s.flux[i]!;
  const e = s.fluxErr[i]!;
  return s.ok[i] === true && Number.isFinite(f) && f > 0 && Number.isFinite(e) && e > 0;
}

/** The reference scale of a set of comparison stars over a set of images. */
export interface EnsembleFit {
  /** Reference flux of each star (indexed like `stars`; NaN: not a member, never usable, or not tied). */
  ref: Float64Array;
  /** Throughput of each image relative to the reference (NaN: no member usable, or not tied). */
  scale: Float64Array;
  /**
   * Whether each image belongs to the largest group of images tied together by shared
   * comparison stars; the others cannot be put on the same scale.
   */
  tied: boolean[];
}

/** Groups images and stars connected by usable measurements; returns the images of the largest group (most images, earliest first). */
function largestGroup(stars: readonly StarSeries[], members: readonly number[], nImages: number): boolean[] {
  const parent = Array.from({ length: nImages + members.length }, (_, k) => k);
  const find = (k: number): number => {
    while (parent[k] !== k) {
      parent[k] = parent[parent[k]!]!;
      k = parent[k]!;
    }
    return k;
  };
  members.forEach((c, m) => {
    for (let i = 0; i < nImages; i++) {
      if (!usableComparison(stars[c]!, i)) continue;
      const a = find(i);
      const b = find(nImages + m);
      if (a !== b) parent[Math.max(a, b)] = Math.min(a, b);
    }
  });
  const size = new Map<number, number>();
  const hasStar = new Set<number>();
  members.forEach((_, m) => hasStar.add(find(nImages + m)));
  for (let i = 0; i < nImages; i++) {
    const r = find(i);
    if (hasStar.has(r)) size.set(r, (size.get(r) ?? 0) + 1);
  }
  let best = -1;
  let bestSize = 0;
  for (const [r, n] of size) if (n > bestSize || (n === bestSize && r < best)) [best, bestSize] = [r, n];
  return Array.from({ length: nImages }, (_, i) => best >= 0 && find(i) === best);
}

/**
 * Fits the reference fluxes of `members` (indices into `stars`) and the throughput of each of
 * `nImages` images from the usable measurements, weighting each by 1/σ². The scale is fixed
 * by the geometric mean of the throughputs (= 1); ratios R_i do not depend on it. Converges
 * to 1e-12 or stops after `iterations` rounds.
 */
export function fitEnsemble(stars: readonly StarSeries[], members: readonly number[], nImages: number, iterations = 200): EnsembleFit {
  const ref = new Float64Array(stars.length).fill(NaN);
  const scale = new Float64Array(nImages).fill(NaN);
  const tied = largestGroup(stars, members, nImages);
  for (let i = 0; i < nImages; i++) if (tied[i]) scale[i] = 1;
  const active = members.filter((c) => {
    for (let i = 0; i < nImages; i++) if (tied[i] && usableComparison(stars[c]!, i)) return true;
    return false;
  });
  for (let it = 0; it < iterations; it++) {
    for (const c of active) {
      const s = stars[c]!;
      let num = 0;
      let den = 0;
      for (let i = 0; i < nImages; i++) {
        if (!tied[i] || !usableComparison(s, i)) continue;
        const w = 1 / s.fluxErr[i]! ** 2;
        num += w * s.flux[i]! * scale[i]!;
        den += w * scale[i]! ** 2;
      }
      ref[c] = num / den;
    }
    let change = 0;
    let logSum = 0;
    let n = 0;
    for (let i = 0; i < nImages; i++) {
      if (!tied[i]) continue;
      let f = 0;
      let r = 0;
      for (const c of active) {
        if (!usableComparison(stars[c]!, i)) continue;
        f += stars[c]!.flux[i]!;
        r += ref[c]!;
      }
      const z = f / r;
      change = Math.max(change, Math.abs(z / scale[i]! - 1));
      scale[i] = z;
      logSum += Math.log(z);
      n++;
    }
    const g = n > 0 ? Math.exp(logSum / n) : 1;
    for (let i = 0; i < nImages; i++) if (tied[i]) scale[i] = scale[i]! / g;
    for (const c of active) ref[c] = ref[c]! * g;
    if (change < 1e-12) break;
  }
  return { ref, scale, tied };
}

/** One star's relative flux on one image against a per-image ensemble. */
export interface EnsembleRatio {
  /** R_i and its 1σ error (NaN where the star or the ensemble is unusable). */
  rel: number;
  relErr: number;
  /** Σ F_ci over the image's ensemble, ADU, and its 1σ error. */
  ensembleFlux: number;
  ensembleFluxErr: number;
  /** R per ADU of the star's flux on this image (R_i = F_i × factor), NaN without an ensemble. */
  factor: number;
  /** Comparison stars used on this image. */
  used: number[];
}

/**
 * The relative flux of `star` on every image against the per-image ensemble: on image i the
 * brightest (by reference flux) `maxPerImage` of `members` usable there, `self` left out.
 * R_i = F_i × Σ_{c∈E_i} F_c / (Σ_{c∈E_i} F_ci × S) with S = Σ F_c over the brightest
 * `maxPerImage` members; σ_R² = (σ_F × R / F)² + R² Σ σ_ci² / (Σ F_ci)² written so that it
 * holds for F ≤ 0 as well (an undetected star keeps its measured, possibly negative, ratio).
 * `starOk` says where the star's own measurement is usable.
 */
export function ensembleRatios(
  star: Pick<StarSeries, 'flux' | 'fluxErr'>,
  starOk: ArrayLike<boolean>,
  stars: readonly StarSeries[],
  members: readonly number[],
  fit: EnsembleFit,
  maxPerImage = Infinity,
  self = -1,
): EnsembleRatio[] {
  const ranked = members.filter((c) => c !== self && Number.isFinite(fit.ref[c]!)).sort((a, b) => fit.ref[b]! - fit.ref[a]!);
  let total = 0;
  for (const c of ranked.slice(0, Math.min(ranked.length, maxPerImage))) total += fit.ref[c]!;
  return Array.from({ length: fit.scale.length }, (_, i) => {
    const used: number[] = [];
    let f = 0;
    let v = 0;
    let r = 0;
    if (fit.tied[i]) {
      for (const c of ranked) {
        if (used.length >= maxPerImage) break;
        const s = stars[c]!;
        if (!usableComparison(s, i)) continue;
        used.push(c);
        f += s.flux[i]!;
        v += s.fluxErr[i]! ** 2;
        r += fit.ref[c]!;
      }
    }
    if (used.length === 0) return { rel: NaN, relErr: NaN, ensembleFlux: NaN, ensembleFluxErr: NaN, factor: NaN, used };
    const ff = star.flux[i]!;
    const fe = star.fluxErr[i]!;
    const k = r / (f * total);
    if (!starOk[i] || !Number.isFinite(ff) || !Number.isFinite(fe)) {
      return { rel: NaN, relErr: NaN, ensembleFlux: f, ensembleFluxErr: Math.sqrt(v), factor: k, used };
    }
    const rel = ff * k;
    const relErr = Math.sqrt((fe * k) ** 2 + (rel * rel * v) / (f * f));
    return { rel, relErr, ensembleFlux: f, ensembleFluxErr: Math.sqrt(v), factor: k, used };
  });
}
