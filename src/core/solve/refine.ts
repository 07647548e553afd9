/**
 * Refining an accepted hypothesis into the final TAN-SIP WCS.
 *
 * CRPIX is the image centre. Starting from a TAN fit of the verified matches, each round
 * projects every index star in the field through the current WCS (SIP included), pairs it with
 * the nearest source within a matching radius when each is the other's nearest (mutual nearest
 * neighbours: a blend or a faint neighbour does not steal a star), and fits every order (TAN,
 * SIP 2–4, each needing {@link PAIRS_PER_TERM} pairs per term) by least squares with the pairs
 * beyond {@link CLIP} robust σ dropped (σ from the median residual, Rayleigh-distributed for 2-D
 * Gaussian errors); the order kept has the smallest Bayesian information criterion,
 * 2n·ln σ² + 2k·ln 2n for n pairs, k terms per axis and σ the robust σ of all n residuals.
 * The matching radius starts at max(3 × the initial fit's rms, 2σ₀), is kept while the pairs
 * grow in number (the fit reaching further from the stars it started from), then shrinks to
 * {@link RADIUS_SIGMAS} robust σ (not below {@link RADIUS_MIN_PX}). Rounds stop when the pairs
 * and the order no longer change (at most {@link ROUNDS}).
 *
 * Pixels 0-based; residuals and rms in arcsec in the tangent plane.
 */
import type { IndexFile } from './index-file.js';
import { chord2, radecToXyz, tangentAt, type Tangent } from './sky.js';
import { fitTanSip, pixelScale, pixelToSky, residualArcsec, skyToPixel, termCount, type Pair, type TanSip } from './tan-sip.js';
import type { FieldSource } from './verify.js';

/** Pairs needed per fitted term (per axis) for an order to be tried. */
export const PAIRS_PER_TERM = 2.5;
/** Pairs whose residual exceeds this many robust σ (per axis) are dropped from the fit. */
export const CLIP = 3.5;
/** The matching radius after the first round, in robust σ (per axis) of the residuals. */
export const RADIUS_SIGMAS = 5;
/** The smallest matching radius, pixels. */
export const RADIUS_MIN_PX = 0.3;
export const ROUNDS = 10;
export const MAX_ORDER = 4;
/** The smallest σ (per axis) clipping and the order choice assume, pixels: no centroid is better. */
export const SIGMA_FLOOR_PX = 0.005;

export interface Refined {
  wcs: TanSip;
  /** [source index, star index] pairs of the final fit (outliers dropped). */
  matches: Array<[number, number]>;
  rmsArcsec: number;
}

/**
 * Refine from `initial` pairs (pixel and star vector: the accepted hypothesis's matches) against
 * the index of `catalogs` with the most stars in the field (all built from one catalogue, the
 * densest pins the distortion best); null when no fit is possible. The result's star ids are
 * that index's.
 */
export function refineWcs(initial: readonly Pair[], catalogs: readonly IndexFile[], sources: readonly FieldSource[], width: number, height: number, sigma0: number): (Refined & { index: IndexFile }) | null {
  const crpix: [number, number] = [(width - 1) / 2, (height - 1) / 2];
  const norm = Math.max(width, height) / 2;
  const first = fitTanSip(initial, crpix, 1, norm);
  if (!first || catalogs.length === 0) return null;
  let w: TanSip = first;
  const index = densest(w, catalogs, width, height);
  const vec = new Map<number, Float64Array>();
  const star = (id: number): Float64Array => {
    let v = vec.get(id);
    if (!v) {
      v = new Float64Array(3);
      index.stars.point(id, v);
      vec.set(id, v);
    }
    return v;
  };
  const toPairs = (m: ReadonlyArray<[number, number]>): Pair[] => m.map(([si, st]) => ({ x: sources[si].x, y: sources[si].y, s: star(st) }));
  let matches: Array<[number, number]> = [];
  let resid = residuals(w, initial);
  let radius = Math.max((3 * rms(resid)) / pixelScale(w), 2 * sigma0);
  let key = '';
  let grown = 0;
  for (let round = 0; round < ROUNDS; round++) {
    const next = mutualNearest(w, index, sources, width, height, radius);
    if (next.length < 4) break;
    const chosen = bestOrder(toPairs(next), crpix, norm);
    if (!chosen) break;
    w = chosen.wcs;
    matches = next.filter((_, i) => chosen.kept[i]);
    resid = residuals(w, toPairs(matches));
    // while the pairs grow (the fit reaching further out), keep the radius; then tighten it
    if (next.length <= grown) radius = Math.max(RADIUS_MIN_PX, Math.min(radius, (RADIUS_SIGMAS * robustSigma(resid)) / pixelScale(w)));
    grown = Math.max(grown, next.length);
    const k = `${w.sipOrder}:${matches.map(([a, b]) => `${a},${b}`).join(';')}`;
    if (k === key) break;
    key = k;
  }
  if (matches.length === 0) return null;
  return { wcs: w, matches, rmsArcsec: rms(resid), index };
}

/** The index with the most stars inside the image under `w`. */
function densest(w: TanSip, catalogs: readonly IndexFile[], width: number, height: number): IndexFile {
  const [ra, dec] = pixelToSky(w, (width - 1) / 2, (height - 1) / 2);
  const reach = chord2(((Math.hypot(width, height) / 2) * pixelScale(w)) / 3600);
  const c = radecToXyz(ra, dec);
  let best = catalogs[0];
  let most = -1;
  for (const ix of catalogs) {
    let n = 0;
    ix.stars.rangeSearch(c, reach, () => {
      n++;
    });
    if (n > most) {
      most = n;
      best = ix;
    }
  }
  return best;
}
function residuals(w: TanSip, pairs: readonly Pair[]): number[] {
  const t = tangentAt(w.crval[0], w.crval[1]);
  return pairs.map((p) => residualArcsec(w, t, p));
}

function rms(r: readonly number[]): number {
  let s = 0;
  for (const x of r) s += x * x;
  return Math.sqrt(s / Math.max(1, r.length));
}

/** σ per axis from 2-D residual lengths: median / √(2 ln 2) (Rayleigh). */
function robustSigma(r: readonly number[]): number {
  const s = [...r].sort((a, b) => a - b);
  const m = s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
  return m / Math.sqrt(2 * Math.LN2);
}

/**
 * One order's fit with outliers dropped: least squares on all pairs, then again on those
 * within {@link CLIP} robust σ, twice. `sigma` is the robust σ per axis (arcsec) of every
 * pair's residual under the last fit (floored at {@link SIGMA_FLOOR_PX}), `kept` the pairs fitted.
 */
function fitClipped(pairs: readonly Pair[], crpix: [number, number], norm: number, order: number): { wcs: TanSip; kept: boolean[]; sigma: number } | null {
  let w = fitTanSip(pairs, crpix, order, norm);
  if (!w) return null;
  let kept = pairs.map(() => true);
  let sigma = 0;
  for (let pass = 0; pass < 3; pass++) {
    const resid = residuals(w, pairs);
    sigma = Math.max(robustSigma(resid), SIGMA_FLOOR_PX * pixelScale(w));
    if (pass === 2) break;
    const next = resid.map((r) => r <= CLIP * sigma);
    const subset = pairs.filter((_, i) => next[i]);
    if (subset.length < PAIRS_PER_TERM * termCount(order)) break;
    const w2 = fitTanSip(subset, crpix, order, norm);
    if (!w2) break;
    w = w2;
    kept = next;
  }
  return { wcs: w, kept, sigma };
}

/**
 * The pairs to keep and the order to fit them with: the outliers are those the most flexible
 * order the pairs allow leaves beyond {@link CLIP} robust σ (so distortion is not taken for
 * outliers), and of the orders (1 = TAN, 2–4 SIP) fitted by least squares to the pairs kept,
 * the one with the smallest BIC, 2n·ln(RSS/2n) + 2k·ln 2n (n pairs, k terms per axis).
 */
function bestOrder(pairs: readonly Pair[], crpix: [number, number], norm: number): { wcs: TanSip; kept: boolean[] } | null {
  let top = 0;
  while (top < MAX_ORDER && pairs.length >= PAIRS_PER_TERM * termCount(top + 1)) top++;
  if (top === 0) return null;
  let clipped: ReturnType<typeof fitClipped> = null;
  for (let order = top; order >= 1 && !clipped; order--) clipped = fitClipped(pairs, crpix, norm, order);
  if (!clipped) return null;
  const kept = clipped.kept;
  const inliers = pairs.filter((_, i) => kept[i]);
  const n2 = 2 * inliers.length;
  const floor = SIGMA_FLOOR_PX * pixelScale(clipped.wcs);
  let best: { wcs: TanSip; bic: number } | null = null;
  for (let order = 1; order <= MAX_ORDER; order++) {
    const k = termCount(order);
    if (inliers.length < PAIRS_PER_TERM * k) break;
    const w = fitTanSip(inliers, crpix, order, norm);
    if (!w) break;
    let rss = 0;
    for (const r of residuals(w, inliers)) rss += r * r;
    const bic = n2 * Math.log(Math.max(rss / n2, floor * floor)) + 2 * k * Math.log(n2);
    if (!best || bic < best.bic) best = { wcs: w, bic };
  }
  return best ? { wcs: best.wcs, kept } : null;
}

/** Index stars in the field (through the whole WCS) paired with sources by mutual nearest neighbours within `radius` pixels. */
function mutualNearest(w: TanSip, index: IndexFile, sources: readonly FieldSource[], width: number, height: number, radius: number): Array<[number, number]> {
  const t: Tangent = tangentAt(w.crval[0], w.crval[1]);
  const [ra, dec] = pixelToSky(w, (width - 1) / 2, (height - 1) / 2);
  const reach = ((Math.hypot(width, height) / 2 + radius + 10) * pixelScale(w) * 1.05) / 3600;
  const ids: number[] = [];
  const xs: number[] = [];
  const ys: number[] = [];
  const p = new Float64Array(3);
  index.stars.rangeSearch(radecToXyz(ra, dec), chord2(reach), (i) => {
    index.stars.point(i, p);
    const [x, y] = skyToPixel(w, t, p[0], p[1], p[2]);
    if (x >= -radius && y >= -radius && x < width + radius && y < height + radius) {
      ids.push(i);
      xs.push(x);
      ys.push(y);
    }
  });
  // a grid of the sources, cells of the radius
  const cell = Math.max(radius, 1);
  const gw = Math.ceil((width + 2 * cell) / cell) + 1;
  const grid = new Map<number, number[]>();
  const cellOf = (x: number, y: number): number => Math.floor((y + cell) / cell) * gw + Math.floor((x + cell) / cell);
  sources.forEach((s, i) => {
    const c = cellOf(s.x, s.y);
    const l = grid.get(c);
    if (l) l.push(i);
    else grid.set(c, [i]);
  });
  const r2 = radius * radius;
  const nearestSource = (x: number, y: number): number => {
    let best = -1;
    let bd = r2;
    const cx = Math.floor((x + cell) / cell);
    const cy = Math.floor((y + cell) / cell);
    for (let j = cy - 1; j <= cy + 1; j++)
      for (let i = cx - 1; i <= cx + 1; i++)
        for (const s of grid.get(j * gw + i) ?? []) {
          const d = (sources[s].x - x) ** 2 + (sources[s].y - y) ** 2;
          if (d < bd) {
            bd = d;
            best = s;
          }
        }
    return best;
  };
  const starOf = new Map<number, number>();
  const bestD = new Map<number, number>();
  for (let k = 0; k < ids.length; k++) {
    const s = nearestSource(xs[k], ys[k]);
    if (s < 0) continue;
    const d = (sources[s].x - xs[k]) ** 2 + (sources[s].y - ys[k]) ** 2;
    // the source's nearest star wins
    if (!starOf.has(s) || d < (bestD.get(s) ?? Infinity)) {
      starOf.set(s, k);
      bestD.set(s, d);
    }
  }
  const out: Array<[number, number]> = [];
  for (const [s, k] of starOf) out.push([s, ids[k]]);
  return out.sort((a, b) => a[0] - b[0]);
}
