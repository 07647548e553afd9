import { D2R } from './angles.js';

type Vec = [number, number, number];
type Pt = [number, number];

function unit(ra: number, dec: number): Vec {
  const c = Math.cos(dec * D2R);
  return [c * Math.cos(ra * D2R), c * Math.sin(ra * D2R), Math.sin(dec * D2R)];
}

/** The unit vector of the mean direction of the points, or null when they cancel out. */
function centre(points: readonly Vec[]): Vec | null {
  let x = 0;
  let y = 0;
  let z = 0;
  for (const p of points) {
    x += p[0];
    y += p[1];
    z += p[2];
  }
  const n = Math.hypot(x, y, z);
  return n > 1e-9 ? [x / n, y / n, z / n] : null;
}

/** Convex hull (Andrew's monotone chain), counter-clockwise, without repeated ends. */
function hull(points: readonly Pt[]): Pt[] {
  const p = [...points].sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  if (p.length < 3) return p;
  const cross = (o: Pt, a: Pt, b: Pt) => (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0]);
  const lower: Pt[] = [];
  for (const q of p) {
    while (lower.length >= 2 && cross(lower[lower.length - 2]!, lower[lower.length - 1]!, q) <= 0) lower.pop();
    lower.push(q);
  }
  const upper: Pt[] = [];
  for (let i = p.length - 1; i >= 0; i--) {
    const q = p[i]!;
    while (upper.length >= 2 && cross(upper[upper.length - 2]!, upper[upper.length - 1]!, q) <= 0) upper.pop();
    upper.push(q);
  }
  return [...lower.slice(0, -1), ...upper.slice(0, -1)];
}

/** True when some edge normal of `a` or `b` separates them (convex polygons, separating axis test). */
function separated(a: readonly Pt[], b: readonly Pt[]): boolean {
  for (const poly of [a, b]) {
    for (let i = 0; i < poly.length; i++) {
      const p = poly[i]!;
      const q = poly[(i + 1) % poly.length]!;
      const nx = q[1] - p[1];
      const ny = p[0] - q[0];
      let aMin = Infinity;
      let aMax = -Infinity;
      let bMin = Infinity;
      let bMax = -Infinity;
      for (const v of a) {
        const d = v[0] * nx + v[1] * ny;
        aMin = Math.min(aMin, d);
        aMax = Math.max(aMax, d);
      }
      for (const v of b) {
        const d = v[0] * nx + v[1] * ny;
        bMin = Math.min(bMin, d);
        bMax = Math.max(bMax, d);
      }
      if (aMax < bMin || bMax < aMin) return true;
    }
  }
  return false;
}

/**
 * Do two image footprints (polygons of (RA, Dec) in degrees, as {@link footprint} gives them)
 * cover a common patch of sky? Both are projected gnomonically about the middle of the two
 * fields and their convex hulls tested for a separating edge: exact for the (convex) fields of
 * ordinary projections, across RA 0/360 and around a pole. Fields more than 80° apart, or
 * with fewer than 3 points, do not overlap. Touching edges count as overlapping.
 */
export function footprintsOverlap(a: ReadonlyArray<readonly [number, number]>, b: ReadonlyArray<readonly [number, number]>): boolean {
  if (a.length < 3 || b.length < 3) return false;
  const va = a.map(([ra, dec]) => unit(ra, dec));
  const vb = b.map(([ra, dec]) => unit(ra, dec));
  const ca = centre(va);
  const cb = centre(vb);
  if (!ca || !cb) return false;
  if (ca[0] * cb[0] + ca[1] * cb[1] + ca[2] * cb[2] < Math.cos(80 * D2R)) return false;
  const c = centre([ca, cb]);
  if (!c) return false;
  // a tangent-plane basis at c: e (east-ish) and n
  const ref: Vec = Math.abs(c[2]) < 0.9 ? [0, 0, 1] : [1, 0, 0];
  const e0: Vec = [ref[1] * c[2] - ref[2] * c[1], ref[2] * c[0] - ref[0] * c[2], ref[0] * c[1] - ref[1] * c[0]];
  const en = Math.hypot(...e0);
  const e: Vec = [e0[0] / en, e0[1] / en, e0[2] / en];
  const n: Vec = [c[1] * e[2] - c[2] * e[1], c[2] * e[0] - c[0] * e[2], c[0] * e[1] - c[1] * e[0]];
  const project = (vs: readonly Vec[]): Pt[] | null => {
    const out: Pt[] = [];
    for (const v of vs) {
      const w = v[0] * c[0] + v[1] * c[1] + v[2] * c[2];
      if (w <= 1e-6) return null; // a point on the far hemisphere: a field too wide to test this way
      out.push([(v[0] * e[0] + v[1] * e[1] + v[2] * e[2]) / w, (v[0] * n[0] + v[1] * n[1] + v[2] * n[2]) / w]);
    }
    return out;
  };
  const pa = project(va);
  const pb = project(vb);
  if (!pa || !pb) return false;
  return !separated(hull(pa), hull(pb));
}
