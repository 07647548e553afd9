/**
 * Plate solving: find the TAN(-SIP) WCS of an image from its sources and astrometry.net
 * index files.
 *
 * Sources are taken brightest first. Each time a source is added, every quad it completes
 * with the brighter ones is tried: its two most distant stars A, B (at a pixel distance that
 * fits some index's quad scale and the pixel-scale range), the others inside the circle on
 * AB as diameter; its code (and the mirrored code, for the other parity) is looked up within
 * `codeTolerance` in each index's code tree; each matching index quad gives a TAN hypothesis
 * (least squares on the quad's stars), checked against the scale and position hints and then
 * verified by log-odds (verify.ts). The first accepted hypothesis is refined: all sources
 * re-matched to the index stars, TAN refitted (the fit must then match ≥ quad + 4 stars with an
 * rms within 2σ, else the search goes on), then SIP of order 2, 3, 4 kept while each
 * order lowers the residuals by at least 10 % (and there are ≥ 3 matches per unknown).
 *
 * Pure: the clock is passed in (`now`), so the time limit is testable and the core has no I/O.
 * It is read before each quad's code search, each hypothesis and every 64 star pairs, so the
 * search stops within one hypothesis's work of the limit.
 */
import type { IndexFile } from './index-file.js';
import { enforceInvariants, flipParity, quadCode } from './quad-code.js';
import { separationDeg } from './sky.js';
import { fitTanSip, pixelScale, pixelToSky, type Pair, type TanSip } from './tan-sip.js';
import { refineWcs } from './refine.js';
import { accepted, precheck, verify, type FieldSource } from './verify.js';
import { SolveError } from './errors.js';

export type { FieldSource } from './verify.js';

export interface SolveOptions {
  /** Image size in pixels. */
  width: number;
  height: number;
  /** Pixel-scale range in arcsec per pixel (default 0.05 … 3600: blind). */
  scaleLow?: number;
  scaleHigh?: number;
  /** Position hint: field centre within `radius` degrees of (ra, dec) (all in degrees). */
  ra?: number;
  dec?: number;
  radius?: number;
  /** Brightest sources used to build quads (default 50). */
  maxSources?: number;
  /** Code-space match tolerance (default 0.01, as astrometry.net's). */
  codeTolerance?: number;
  /** Positional jitter of the sources in pixels (default 1). */
  sigma?: number;
  /** Time limit in milliseconds (default 60 000). */
  timeLimitMs?: number;
  /** Clock in milliseconds (default Date.now). */
  now?: () => number;
}

export interface Solution {
  wcs: TanSip;
  /** Sky position of the image centre, degrees. */
  ra: number;
  dec: number;
  scaleArcsec: number;
  /** Position angle of the image's +y axis, degrees east of north, in (−180, 180]. */
  rotationDeg: number;
  /** 'normal' when det CD < 0 (north up and east left is possible by rotation alone), else 'flipped'. */
  parity: 'normal' | 'flipped';
  /** Sources matched to index stars in the final fit. */
  matched: number;
  rmsArcsec: number;
  logOdds: number;
  indexId: number;
}

export interface SolveStats {
  quadsTried: number;
  hypotheses: number;
  /** Hypotheses the cheap pre-check turned down (never fully verified). */
  prechecked: number;
  /**
   * The fully verified hypothesis with the highest log-odds that was not returned (turned down
   * by the acceptance rule, or accepted but its refined fit failed), with its matches besides
   * the quad; null when none got past the pre-check. A diagnostic: how close a wrong
   * hypothesis came to ln 1e9 (the false-positive margin). Hypotheses the verification gave
   * up on early carry the log-odds reached when it stopped (below ln 1e-50).
   */
  bestRejected: { logOdds: number; matches: number } | null;
  elapsedMs: number;
}

export type SolveResult =
  | ({ solved: true; solution: Solution } & SolveStats)
  | ({ solved: false; reason: 'time_limit' | 'exhausted' } & SolveStats);

const ARCSEC_PER_RAD = (180 * 3600) / Math.PI;

interface Prepared {
  index: IndexFile;
  /** Pixel distance range of A–B for this index under the scale range. */
  dmin: number;
  dmax: number;
}

/** Solve; `sources` sorted brightest first (0-based pixels). */
export function solveField(sources: readonly FieldSource[], indexes: readonly IndexFile[], opts: SolveOptions): SolveResult {
  const { width, height } = opts;
  if (!(width > 0 && height > 0)) throw new SolveError('bad_argument', `image size ${width}×${height} is not positive`);
  const sLo = opts.scaleLow ?? 0.05;
  const sHi = opts.scaleHigh ?? 3600;
  if (!(sLo > 0 && sHi >= sLo)) throw new SolveError('bad_argument', `scale range ${sLo}…${sHi} arcsec/pixel is not valid`);
  const now = opts.now ?? Date.now;
  const start = now();
  const deadline = start + (opts.timeLimitMs ?? 60_000);
  const tol = opts.codeTolerance ?? 0.01;
  const sigma0 = opts.sigma ?? 1;
  const N = Math.min(sources.length, opts.maxSources ?? 50);
  const hint = opts.ra !== undefined && opts.dec !== undefined ? { ra: opts.ra, dec: opts.dec, radius: opts.radius ?? 180 } : null;
  const minPair = Math.max(10, 0.02 * Math.min(width, height));
  const prepared: Prepared[] = indexes.map((index) => ({
    index,
    dmin: Math.max(minPair, (index.scaleLow * ARCSEC_PER_RAD) / sHi),
    dmax: (index.scaleHigh * ARCSEC_PER_RAD) / sLo,
  }));
  const xs = sources.map((s) => s.x);
  const ys = sources.map((s) => s.y);
  let quadsTried = 0;
  let hypotheses = 0;
  let prechecked = 0;
  let bestRejected: SolveStats['bestRejected'] = null;
  const reject = (logOdds: number, matches: number): void => {
    if (!bestRejected || logOdds > bestRejected.logOdds) bestRejected = { logOdds, matches };
  };
  const stats = (): SolveStats => ({ quadsTried, hypotheses, prechecked, bestRejected, elapsedMs: now() - start });
  // The clock is read before each quad's code search, each hypothesis and every 64 star pairs:
  // a hypothesis costs microseconds (a fit, a kd-tree search, perhaps a quad read from disk)
  // and a clock read tens of nanoseconds, and one pair can carry thousands of hypotheses.
  let late = false;
  const pastDeadline = (): boolean => late || (late = now() > deadline);
  const timeUp = (): SolveResult => ({ solved: false, reason: 'time_limit', ...stats() });
  const code = new Float64Array(4);
  const qx = new Float64Array(5);
  const qy = new Float64Array(5);
  const starVec = new Float64Array(15);
  const quadIds = new Uint32Array(5);

  const tryQuad = (labels: number[], p: Prepared): SolveResult | null => {
    const dq = p.index.dimquads;
    const c = code.subarray(0, 2 * (dq - 2));
    for (const flip of [false, true]) {
      if (pastDeadline()) return timeUp();
      const lab = labels.slice();
      for (let k = 0; k < dq; k++) {
        qx[k] = xs[lab[k]];
        qy[k] = ys[lab[k]];
      }
      quadCode(qx, qy, dq, c);
      if (flip) flipParity(c);
      enforceInvariants(c, lab);
      quadsTried++;
      const found: number[] = [];
      p.index.codes.rangeSearch(c, tol * tol, (q) => found.push(q));
      for (const q of found) {
        if (pastDeadline()) return timeUp();
        hypotheses++;
        const pairs: Pair[] = [];
        const starIds: number[] = [];
        p.index.quadStars(q, quadIds);
        for (let k = 0; k < dq; k++) {
          const sid = quadIds[k];
          starIds.push(sid);
          const v = starVec.subarray(3 * k, 3 * k + 3);
          p.index.stars.point(sid, v);
          pairs.push({ x: xs[lab[k]], y: ys[lab[k]], s: v.slice() });
        }
        const cx = (xs[lab[0]] + xs[lab[1]]) / 2;
        const cy = (ys[lab[0]] + ys[lab[1]]) / 2;
        const w = fitTanSip(pairs, [cx, cy], 1, Math.max(width, height));
        if (!w || !plausible(w)) continue;
        const quadRadius = Math.hypot(xs[lab[1]] - xs[lab[0]], ys[lab[1]] - ys[lab[0]]) / 2;
        if (!precheck(w, p.index, sources, lab, [cx, cy], quadRadius, sigma0)) {
          prechecked++;
          continue;
        }
        const v = verify(w, p.index, sources, width, height, lab, starIds, [cx, cy], quadRadius, sigma0);
        if (!accepted(v)) {
          reject(v.logOdds, v.matches.length);
          continue;
        }
        const pairsAll: Pair[] = lab
          .map((l, k) => [l, starIds[k]] as [number, number])
          .concat(v.matches)
          .map(([si, st]) => {
            const s = new Float64Array(3);
            p.index.stars.point(st, s);
            return { x: xs[si], y: ys[si], s };
          });
        const solution = refine(pairsAll, p.index, indexes, sources, width, height, sigma0, v.logOdds);
        // the refined fit must explain its matches to within the stated jitter
        if (solution && solution.matched >= dq + 4 && solution.rmsArcsec <= 2 * sigma0 * solution.scaleArcsec) return { solved: true, solution, ...stats() };
        reject(v.logOdds, v.matches.length);
      }
    }
    return null;
  };

  const plausible = (w: TanSip): boolean => {
    const s = pixelScale(w);
    if (!(s >= sLo && s <= sHi)) return false;
    // a quad match is a similarity: reject strongly non-conformal affine fits
    const [a, b, c, d] = w.cd;
    const sum = a * a + b * b + c * c + d * d;
    const det = Math.abs(a * d - b * c);
    const disc = Math.sqrt(Math.max(0, sum * sum - 4 * det * det));
    const ratio = Math.sqrt((sum + disc) / Math.max(1e-300, sum - disc));
    if (!(ratio < 1.15)) return false;
    if (hint) {
      const [ra, dec] = pixelToSky(w, width / 2, height / 2);
      if (separationDeg(ra, dec, hint.ra, hint.dec) > hint.radius) return false;
    }
    return true;
  };

  let checks = 0;
  if (pastDeadline()) return timeUp();
  for (let n = 3; n <= N; n++) {
    const newest = n - 1;
    for (let b = 1; b < n; b++) {
      for (let a = 0; a < b; a++) {
        if (++checks % 64 === 0 && pastDeadline()) return timeUp();
        const dx = xs[b] - xs[a];
        const dy = ys[b] - ys[a];
        const d = Math.hypot(dx, dy);
        const mx = (xs[a] + xs[b]) / 2;
        const my = (ys[a] + ys[b]) / 2;
        const r2 = (d * d) / 4;
        // the other members: inside the circle on AB
        const inside: number[] = [];
        for (let k = 0; k < n; k++) {
          if (k === a || k === b) continue;
          if ((xs[k] - mx) ** 2 + (ys[k] - my) ** 2 <= r2) inside.push(k);
        }
        const hasNewest = a === newest || b === newest;
        if (!hasNewest && !inside.includes(newest)) continue;
        for (const p of prepared) {
          if (d < p.dmin || d > p.dmax) continue;
          const dq = p.index.dimquads;
          for (const combo of combinations(inside, dq - 2)) {
            if (!hasNewest && !combo.includes(newest)) continue;
            const r = tryQuad([a, b, ...combo], p);
            if (r) return r;
          }
        }
      }
    }
  }
  return { solved: false, reason: 'exhausted', ...stats() };
}

function* combinations(items: readonly number[], k: number): Generator<number[]> {
  if (k === 0) {
    yield [];
    return;
  }
  for (let i = 0; i + k <= items.length; i++) {
    for (const rest of combinations(items.slice(i + 1), k - 1)) yield [items[i], ...rest];
  }
}

/** The refined solution of an accepted hypothesis (refine.ts), described. */
function refine(
  initial: readonly Pair[],
  index: IndexFile,
  catalogs: readonly IndexFile[],
  sources: readonly FieldSource[],
  width: number,
  height: number,
  sigma0: number,
  logOdds: number,
): Solution | null {
  // the densest index, else (should its stars not pair up) the index that solved
  const r = refineWcs(initial, catalogs, sources, width, height, sigma0) ?? refineWcs(initial, [index], sources, width, height, sigma0);
  if (!r) return null;
  const best = r.wcs;
  const crpix = best.crpix;
  const matches = r.matches;
  const bestRms = r.rmsArcsec;
  const [ra, dec] = pixelToSky(best, crpix[0], crpix[1]);
  const det = best.cd[0] * best.cd[3] - best.cd[1] * best.cd[2];
  let rot = (Math.atan2(best.cd[1], best.cd[3]) * 180) / Math.PI;
  if (rot <= -180) rot += 360;
  return {
    wcs: best,
    ra,
    dec,
    scaleArcsec: pixelScale(best),
    rotationDeg: rot,
    parity: det < 0 ? 'normal' : 'flipped',
    matched: matches.length,
    rmsArcsec: bestRms,
    logOdds,
    indexId: index.id,
  };
}
