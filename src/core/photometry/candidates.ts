/**
 * Single-image criteria for comparison-star candidates, from a source catalogue.
 */
import { ExtractFlags } from '../extract/index.js';

/** What candidate selection needs from a catalogued source (e.g. an extract `Source`). */
export interface CatalogStar {
  /** 0-based pixel position. */
  x: number;
  y: number;
  /** A flux (any aperture), ADU, background-subtracted. */
  flux: number;
  /** Peak background-subtracted pixel, ADU (optional). */
  peak?: number | null;
  /** Local background, ADU (optional; peak + background is compared with `saturate`). */
  background?: number | null;
  /** The extraction's SExtractor flags ({@link ExtractFlags}: 2 blended, 4 saturated, 8 border, 16 aperture off the image). */
  flags?: number | null;
}

export interface CandidateOptions {
  /** Image size, pixels. */
  width: number;
  height: number;
  /** Keep stars at least this far from every edge, pixels (e.g. the annulus outer radius). */
  edge: number;
  /** A star needs no neighbour brighter than `neighbourFraction` × its flux within this radius, pixels. */
  isolation: number;
  /** [0.05] */
  neighbourFraction?: number;
  /** And no neighbour at all within this radius, pixels [isolation / 3]. */
  exclusion?: number;
  /** Raw saturation level, ADU; stars with peak + background above `saturationFraction` × this are dropped. */
  saturate?: number;
  /** [0.8] */
  saturationFraction?: number;
  /** Catalogue flags ({@link ExtractFlags}) that disqualify a star [BLENDED | SATURATED | TRUNCATED | APERTURE_INCOMPLETE]. */
  badFlags?: number;
  /** Positions to avoid (the targets), pixels, with the radius to keep clear. */
  avoid?: Array<{ x: number; y: number; radius: number }>;
  /** Minimum flux, ADU [0]. */
  minFlux?: number;
}

/**
 * Indices of `stars` that can serve as comparison stars in this image: unflagged, not
 * saturated, away from the edges and the targets, and isolated; sorted by decreasing flux.
 */
export function comparisonCandidates(stars: readonly CatalogStar[], options: CandidateOptions): number[] {
  const frac = options.neighbourFraction ?? 0.05;
  const excl = options.exclusion ?? options.isolation / 3;
  const badFlags = options.badFlags ?? ExtractFlags.BLENDED | ExtractFlags.SATURATED | ExtractFlags.TRUNCATED | ExtractFlags.APERTURE_INCOMPLETE;
  const satLimit = options.saturate !== undefined ? options.saturate * (options.saturationFraction ?? 0.8) : Infinity;
  const minFlux = options.minFlux ?? 0;
  // Grid for neighbour look-ups.
  const cell = Math.max(options.isolation, 1);
  const grid = new Map<string, number[]>();
  const key = (cx: number, cy: number): string => `${cx},${cy}`;
  stars.forEach((s, i) => {
    const k = key(Math.floor(s.x / cell), Math.floor(s.y / cell));
    const list = grid.get(k);
    if (list) list.push(i);
    else grid.set(k, [i]);
  });
  const out: number[] = [];
  const iso2 = options.isolation ** 2;
  const excl2 = excl ** 2;
  stars.forEach((s, i) => {
    if (!(s.flux > minFlux)) return;
    if (((s.flags ?? 0) & badFlags) !== 0) return;
    if (s.peak !== undefined && s.peak !== null && s.peak + (s.background ?? 0) >= satLimit) return;
    const e = options.edge;
    if (s.x < e - 0.5 || s.y < e - 0.5 || s.x > options.width - 0.5 - e || s.y > options.height - 0.5 - e) return;
    for (const a of options.avoid ?? []) if ((s.x - a.x) ** 2 + (s.y - a.y) ** 2 < a.radius ** 2) return;
    const cx = Math.floor(s.x / cell);
    const cy = Math.floor(s.y / cell);
    for (let gy = cy - 1; gy <= cy + 1; gy++) {
      for (let gx = cx - 1; gx <= cx + 1; gx++) {
        for (const j of grid.get(key(gx, gy)) ?? []) {
          if (j === i) continue;
          const o = stars[j]!;
          const d2 = (o.x - s.x) ** 2 + (o.y - s.y) ** 2;
          if (d2 < excl2 || (d2 < iso2 && o.flux > frac * s.flux)) return;
        }
      }
    }
    out.push(i);
  });
  return out.sort((a, b) => stars[b]!.flux - stars[a]!.flux);
}
