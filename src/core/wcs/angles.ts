/** Degree-based trigonometry helpers (exact at multiples of 90 degrees where it matters). */

export const D2R = Math.PI / 180;
export const R2D = 180 / Math.PI;

export function sind(a: number): number {
  const r = a % 360;
  if (r === 0) return 0;
  if (r === 90 || r === -270) return 1;
  if (r === -90 || r === 270) return -1;
  if (r === 180 || r === -180) return 0;
  return Math.sin(a * D2R);
}

export function cosd(a: number): number {
  const r = a % 360;
  if (r === 0) return 1;
  if (r === 90 || r === -90 || r === 270 || r === -270) return 0;
  if (r === 180 || r === -180) return -1;
  return Math.cos(a * D2R);
}

export function tand(a: number): number {
  return Math.tan(a * D2R);
}

export function atan2d(y: number, x: number): number {
  return Math.atan2(y, x) * R2D;
}

/** asin in degrees, clamped to [-1, 1] within a small tolerance (else NaN). */
export function asind(v: number): number {
  if (v > 1) return v - 1 < 1e-12 ? 90 : NaN;
  if (v < -1) return -1 - v < 1e-12 ? -90 : NaN;
  return Math.asin(v) * R2D;
}

/** acos in degrees, clamped to [-1, 1] within a small tolerance (else NaN). */
export function acosd(v: number): number {
  if (v > 1) return v - 1 < 1e-12 ? 0 : NaN;
  if (v < -1) return -1 - v < 1e-12 ? 180 : NaN;
  return Math.acos(v) * R2D;
}

/** Normalise a longitude to [0, 360). */
export function wrap360(a: number): number {
  let r = a % 360;
  if (r < 0) r += 360;
  return r === 360 ? 0 : r;
}

/** Great-circle separation of two points, degrees (Vincenty formula, stable at all distances). */
export function separationDeg(lon1: number, lat1: number, lon2: number, lat2: number): number {
  const dl = (lon2 - lon1) * D2R;
  const p1 = lat1 * D2R;
  const p2 = lat2 * D2R;
  const sdl = Math.sin(dl);
  const cdl = Math.cos(dl);
  const num1 = Math.cos(p2) * sdl;
  const num2 = Math.cos(p1) * Math.sin(p2) - Math.sin(p1) * Math.cos(p2) * cdl;
  const den = Math.sin(p1) * Math.sin(p2) + Math.cos(p1) * Math.cos(p2) * cdl;
  return Math.atan2(Math.hypot(num1, num2), den) * R2D;
}
