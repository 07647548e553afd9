/**
 * Verifying a WCS hypothesis against the index stars in the field, by log-odds (the idea of
 * astrometry.net's verify; our own model and code).
 *
 * Model: each tested image source is either a "distractor" (probability d = 0.25), uniform
 * over the image area A (pixels²), or the image of an index star, displaced by a 2-D Gaussian
 * of variance σ² = σ0²·(1 + r²/Q²) (σ0 the positional jitter in pixels, r the source's
 * distance from the quad's centre, Q the quad's radius: the hypothesis is least certain far
 * from the quad it was built from). A source's log-odds term, foreground+background against
 * background only, is ln((1 − d)·A·g(δ)/n + d) where n is the number of index stars in the
 * image (a foreground source is the image of one of them, each equally likely), g the
 * Gaussian density at the offset δ to the nearest still-unclaimed index star within 3σ
 * (the largest term of the mixture), or ln(d) when there is none. A random source then scores
 * about ln 1 = 0 however large σ is, and a true match about ln(A/(2πσ²n)). Each
 * index star is claimed by at most one source (brightest first). The quad's own stars are
 * left out (they match by construction).
 *
 * Tested sources: the brightest min(N, 2·n + 10), where n is the number of index stars that
 * fall in the image (an index holds only the field's brightest stars).
 *
 * Acceptance rule: total log-odds ≥ ln(1e9) AND at least {@link MIN_MATCHES} matches besides
 * the quad's stars. Under the model, a wrong hypothesis passes with odds below 1e-9; the
 * false-positive tests (fields of random stars not in the catalogue, pure noise) check it.
 */
import type { IndexFile } from './index-file.js';
import { chord2, deproject, tangentAt } from './sky.js';
import { pixelToIntermediate, pixelToSky, pixelScale, tanSkyToPixel, type TanSip } from './tan-sip.js';
import { radecToXyz } from './sky.js';

/** Log-odds needed to accept a solution: ln(1e9). */
export const LOG_ODDS_ACCEPT = Math.log(1e9);
/** Matches besides the quad's own stars needed to accept a solution. */
export const MIN_MATCHES = 4;
const DISTRACTOR = 0.25;
/** Stop verifying once the log-odds fall this low (hopeless). */
const LOG_ODDS_BAIL = Math.log(1e-50);

/** An image source, 0-based pixels; the list is sorted brightest first. */
export interface FieldSource {
  x: number;
  y: number;
  flux: number;
}

export interface Verification {
  logOdds: number;
  /** Pairs [source index, star index] matched (quad stars excluded). */
  matches: Array<[number, number]>;
  /** Index stars that fall inside the image under the hypothesis. */
  indexStars: number;
}

/** Index stars (ids) that project into the image under `w` (TAN part), with their pixels. */
export function indexStarsInImage(w: TanSip, index: IndexFile, width: number, height: number, margin = 0): { ids: number[]; xs: number[]; ys: number[] } {
  const [ra, dec] = pixelToSky(w, width / 2, height / 2);
  const radiusDeg = ((Math.hypot(width, height) / 2 + margin) * pixelScale(w) * 1.05) / 3600;
  const c = radecToXyz(ra, dec);
  const t = tangentAt(w.crval[0], w.crval[1]);
  const ids: number[] = [];
  const xs: number[] = [];
  const ys: number[] = [];
  const p = new Float64Array(3);
  index.stars.rangeSearch(c, chord2(radiusDeg), (i) => {
    index.stars.point(i, p);
    const [x, y] = tanSkyToPixel(w, t, p[0], p[1], p[2]);
    if (x >= -margin && y >= -margin && x < width + margin && y < height + margin) {
      ids.push(i);
      xs.push(x);
      ys.push(y);
    }
  });
  return { ids, xs, ys };
}

/**
 * Log-odds of hypothesis `w` (see the module comment). `quadSources` and `quadStars` are the
 * quad's members (left out); `quadCenter`, `quadRadius` in pixels; `sigma0` in pixels.
 */
export function verify(
  w: TanSip,
  index: IndexFile,
  sources: readonly FieldSource[],
  width: number,
  height: number,
  quadSources: readonly number[],
  quadStars: readonly number[],
  quadCenter: [number, number],
  quadRadius: number,
  sigma0: number,
): Verification {
  const stars = indexStarsInImage(w, index, width, height);
  const area = width * height;
  const n = stars.ids.length;
  const claimed = new Uint8Array(n);
  for (let k = 0; k < n; k++) if (quadStars.includes(stars.ids[k])) claimed[k] = 1;
  const tested = Math.min(sources.length, 2 * n + 10);
  let logOdds = 0;
  const matches: Array<[number, number]> = [];
  const q2 = quadRadius * quadRadius;
  for (let i = 0; i < tested; i++) {
    if (quadSources.includes(i)) continue;
    const s = sources[i];
    const r2 = (s.x - quadCenter[0]) ** 2 + (s.y - quadCenter[1]) ** 2;
    const var_ = sigma0 * sigma0 * (1 + r2 / q2);
    const lim = 9 * var_;
    let best = -1;
    let bestD2 = lim;
    for (let k = 0; k < n; k++) {
      if (claimed[k]) continue;
      const dx = stars.xs[k] - s.x;
      if (dx * dx > bestD2) continue;
      const d2 = dx * dx + (stars.ys[k] - s.y) ** 2;
      if (d2 < bestD2) {
        bestD2 = d2;
        best = k;
      }
    }
    if (best < 0) logOdds += Math.log(DISTRACTOR);
    else {
      claimed[best] = 1;
      const g = Math.exp(-bestD2 / (2 * var_)) / (2 * Math.PI * var_);
      logOdds += Math.log(((1 - DISTRACTOR) * area * g) / n + DISTRACTOR);
      matches.push([i, stars.ids[best]]);
    }
    if (logOdds < LOG_ODDS_BAIL) break;
  }
  return { logOdds, matches, indexStars: n };
}

/** The acceptance rule (see the module comment). */
export function accepted(v: Verification): boolean {
  return v.logOdds >= LOG_ODDS_ACCEPT && v.matches.length >= MIN_MATCHES;
}

/** Sources the pre-check looks at (brightest, quad members left out). */
export const PRECHECK_SOURCES = 20;
/** Of those, how many must land near an index star for the full verification to run. */
export const PRECHECK_HITS = 2;

/**
 * A cheap test before {@link verify}: the brightest {@link PRECHECK_SOURCES} sources besides the
 * quad, taken to the sky under `w`, must find at least {@link PRECHECK_HITS} index stars within
 * the same 3σ radius verify uses (σ growing away from the quad). Each source costs one small
 * kd-tree search, instead of projecting every index star in the field. A true hypothesis
 * passes whenever two of the brightest sources are index stars (an index holds the
 * brightest stars), a wrong one rarely; it only ever rejects, so it cannot add a false
 * solution.
 */
export function precheck(
  w: TanSip,
  index: IndexFile,
  sources: readonly FieldSource[],
  quadSources: readonly number[],
  quadCenter: [number, number],
  quadRadius: number,
  sigma0: number,
): boolean {
  const scaleDeg = pixelScale(w) / 3600;
  const tangent = tangentAt(w.crval[0], w.crval[1]);
  const q2 = quadRadius * quadRadius;
  let hits = 0;
  let looked = 0;
  for (let i = 0; i < sources.length && looked < PRECHECK_SOURCES; i++) {
    if (quadSources.includes(i)) continue;
    looked++;
    const s = sources[i];
    const r2 = (s.x - quadCenter[0]) ** 2 + (s.y - quadCenter[1]) ** 2;
    const radiusPx = 3 * sigma0 * Math.sqrt(1 + r2 / q2);
    const [xi, eta] = pixelToIntermediate(w, s.x, s.y);
    const [ra, dec] = deproject(tangent, xi, eta);
    let found = false;
    index.stars.rangeSearch(radecToXyz(ra, dec), chord2(radiusPx * scaleDeg), () => {
      found = true;
    });
    if (found && ++hits >= PRECHECK_HITS) return true;
    // stop when the remaining sources cannot reach the quota
    if (PRECHECK_SOURCES - looked < PRECHECK_HITS - hits) return false;
  }
  return false;
}
