/** A synthetic star field from an index's own stars through a known TAN WCS (test helper). */
import type { IndexFile } from '../../../src/core/solve/index-file.js';
import type { FieldSource } from '../../../src/core/solve/solver.js';
import { tangentAt, project, radecToXyz, chord2 } from '../../../src/core/solve/sky.js';
import { mulberry32 as rng, normal } from '../../../src/core/synth/index.js';

export interface TrueWcs {
  ra: number;
  dec: number;
  /** arcsec per pixel */
  scale: number;
  /** degrees */
  rotation: number;
  flip: boolean;
  width: number;
  height: number;
}

/** Intermediate (ξ, η) in degrees → 0-based pixel under the true WCS (CRPIX at the centre). */
export function trueCd(t: TrueWcs): [number, number, number, number] {
  const s = t.scale / 3600;
  const c = Math.cos((t.rotation * Math.PI) / 180);
  const n = Math.sin((t.rotation * Math.PI) / 180);
  const f = t.flip ? 1 : -1; // unflipped: east to the left (CD1_1 < 0)
  return [f * s * c, s * n, f * -s * n, s * c];
}

export function truePixel(t: TrueWcs, ra: number, dec: number): [number, number] {
  const tan = tangentAt(t.ra, t.dec);
  const v = radecToXyz(ra, dec);
  const [xi, eta] = project(tan, v[0], v[1], v[2]);
  const cd = trueCd(t);
  const det = cd[0] * cd[3] - cd[1] * cd[2];
  return [(t.width - 1) / 2 + (cd[3] * xi - cd[1] * eta) / det, (t.height - 1) / 2 + (-cd[2] * xi + cd[0] * eta) / det];
}

/**
 * Sources: every index star in the image (flux from its magnitude), positions jittered by
 * `jitter` pixels (Gaussian), plus `extra` random faint stars not in the index; brightest first.
 */
export function synthField(index: IndexFile, t: TrueWcs, seed: number, jitter = 0.3, extra = 0): FieldSource[] {
  const r = rng(seed);
  const gauss = (): number => normal(r);
  const out: FieldSource[] = [];
  const radius = (Math.hypot(t.width, t.height) / 2) * t.scale / 3600 * 1.1;
  const c = radecToXyz(t.ra, t.dec);
  const p = new Float64Array(3);
  const tan = tangentAt(t.ra, t.dec);
  const cd = trueCd(t);
  const det = cd[0] * cd[3] - cd[1] * cd[2];
  index.stars.rangeSearch(c, chord2(radius), (i) => {
    index.stars.point(i, p);
    const [xi, eta] = project(tan, p[0], p[1], p[2]);
    const x = (t.width - 1) / 2 + (cd[3] * xi - cd[1] * eta) / det + jitter * gauss();
    const y = (t.height - 1) / 2 + (-cd[2] * xi + cd[0] * eta) / det + jitter * gauss();
    if (x < 0 || y < 0 || x > t.width - 1 || y > t.height - 1) return;
    const mag = index.mags ? index.mags[i] : 12;
    out.push({ x, y, flux: 10 ** (-0.4 * (mag - 20)) });
  });
  for (let k = 0; k < extra; k++) out.push({ x: r() * (t.width - 1), y: r() * (t.height - 1), flux: 10 ** (-0.4 * (16 + 2 * r() - 20)) });
  return out.sort((a, b) => b.flux - a.flux);
}

/** Random stars (none from the catalogue), brightest first. */
export function randomField(n: number, width: number, height: number, seed: number): FieldSource[] {
  const r = rng(seed);
  const out: FieldSource[] = [];
  for (let k = 0; k < n; k++) out.push({ x: r() * (width - 1), y: r() * (height - 1), flux: 10 ** (-0.4 * (8 + 8 * r() - 20)) });
  return out.sort((a, b) => b.flux - a.flux);
}
