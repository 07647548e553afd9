/**
 * Exact area of overlap between a circle centred on the origin and an axis-aligned box.
 */

/** ∫₀^x √(r² − t²) dt for 0 ≤ x ≤ r. */
function prim(x: number, r: number): number {
  return 0.5 * (x * Math.sqrt(Math.max(0, r * r - x * x)) + r * r * Math.asin(Math.min(1, x / r)));
}

/** Area of the circle of radius r (centre 0,0) inside the box [x0,x1]×[y0,y1], with 0 ≤ x0 ≤ x1, 0 ≤ y0 ≤ y1. */
function quadrantArea(x0: number, x1: number, y0: number, y1: number, r: number): number {
  if (x0 >= r || y0 >= r || x1 <= x0 || y1 <= y0) return 0;
  const r2 = r * r;
  if (x1 * x1 + y1 * y1 <= r2) return (x1 - x0) * (y1 - y0);
  if (x0 * x0 + y0 * y0 >= r2) return 0;
  // chord x-limits: xa where circle height == y1, xb where height == y0
  const xa = y1 >= r ? 0 : Math.sqrt(r2 - y1 * y1);
  const xb = Math.sqrt(r2 - y0 * y0);
  const clamp = (v: number): number => (v < x0 ? x0 : v > x1 ? x1 : v);
  const l = clamp(xa);
  const u = clamp(xb);
  return (y1 - y0) * (l - x0) + (prim(u, r) - prim(l, r)) - y0 * (u - l);
}

/** Area of the circle of radius r centred on (0,0) inside [x0,x1]×[y0,y1]. */
export function circleBoxOverlap(x0: number, y0: number, x1: number, y1: number, r: number): number {
  let area = 0;
  // split the box by the axes into quadrant pieces mirrored into the first quadrant
  const xs: [number, number][] = [];
  if (x1 > 0) xs.push([Math.max(x0, 0), x1]);
  if (x0 < 0) xs.push([Math.max(-x1, 0), -x0]);
  const ys: [number, number][] = [];
  if (y1 > 0) ys.push([Math.max(y0, 0), y1]);
  if (y0 < 0) ys.push([Math.max(-y1, 0), -y0]);
  for (const [ax, bx] of xs) for (const [ay, by] of ys) area += quadrantArea(ax, bx, ay, by, r);
  return area;
}
