/**
 * Exact area of the intersection of a circle with an axis-aligned rectangle, by integrating
 * the clipped chord: area = ∫ [c(y1, x) − c(y0, x)] dx with c(y, x) = clamp(y, −s(x), s(x)),
 * s(x) = √(r² − x²). Each piece has a closed form, so the result is exact to rounding.
 */

/** ∫ √(r² − t²) dt from 0 to x, for |x| ≤ r. */
function chordIntegral(x: number, r: number): number {
  const u = Math.max(-1, Math.min(1, x / r));
  return 0.5 * (x * Math.sqrt(Math.max(0, r * r - x * x)) + r * r * Math.asin(u));
}

/** ∫_a^b clamp(y, −s(x), s(x)) dx for the circle of radius r at the origin. */
function clippedIntegral(a: number, b: number, y: number, r: number): number {
  const lo = Math.max(a, -r);
  const hi = Math.min(b, r);
  if (hi <= lo || y === 0) return 0;
  const sign = y > 0 ? 1 : -1;
  if (Math.abs(y) >= r) return sign * (chordIntegral(hi, r) - chordIntegral(lo, r));
  const w = Math.sqrt(r * r - y * y);
  // |x| < w: the chord reaches beyond y, so the clamp is y itself.
  const inLo = Math.max(lo, -w);
  const inHi = Math.min(hi, w);
  const inner = inHi > inLo ? inHi - inLo : 0;
  // |x| ≥ w: the clamp is ±s(x).
  let outer = 0;
  const l1 = lo;
  const h1 = Math.min(hi, -w);
  if (h1 > l1) outer += chordIntegral(h1, r) - chordIntegral(l1, r);
  const l2 = Math.max(lo, w);
  const h2 = hi;
  if (h2 > l2) outer += chordIntegral(h2, r) - chordIntegral(l2, r);
  return y * inner + sign * outer;
}

/**
 * Area of the intersection of the circle of radius `r` centred on (0, 0) with the rectangle
 * [x0, x1] × [y0, y1] (x0 ≤ x1, y0 ≤ y1), in the same units squared.
 */
export function circleRectOverlap(x0: number, x1: number, y0: number, y1: number, r: number): number {
  if (r <= 0 || x1 <= x0 || y1 <= y0) return 0;
  const area = clippedIntegral(x0, x1, y1, r) - clippedIntegral(x0, x1, y0, r);
  const full = (x1 - x0) * (y1 - y0);
  return area < 0 ? 0 : area > full ? full : area;
}

/**
 * Fraction (0–1) of the unit pixel centred at (dx, dy) (relative to the circle's centre,
 * pixels) covered by a circle of radius `r` pixels.
 */
export function pixelOverlap(dx: number, dy: number, r: number): number {
  const ax = Math.abs(dx);
  const ay = Math.abs(dy);
  // Nearest and farthest points of the pixel from the centre.
  const nx = Math.max(0, ax - 0.5);
  const ny = Math.max(0, ay - 0.5);
  if (nx * nx + ny * ny >= r * r) return 0;
  const fx = ax + 0.5;
  const fy = ay + 0.5;
  if (fx * fx + fy * fy <= r * r) return 1;
  return circleRectOverlap(ax - 0.5, ax + 0.5, ay - 0.5, ay + 0.5, r);
}
