/**
 * Sky geometry for the solver: unit vectors, and the gnomonic (TAN) projection about a
 * tangent point. Standard coordinates (ξ, η) are in radians, ξ towards increasing RA (east),
 * η towards north; FITS intermediate world coordinates are the same in degrees.
 */
const D2R = Math.PI / 180;

/** Unit vector of (RA, Dec) in degrees. */
export function radecToXyz(ra: number, dec: number): [number, number, number] {
  const a = ra * D2R;
  const d = dec * D2R;
  return [Math.cos(d) * Math.cos(a), Math.cos(d) * Math.sin(a), Math.sin(d)];
}

/** (RA in [0, 360), Dec) in degrees of a (not necessarily unit) vector. */
export function xyzToRadec(x: number, y: number, z: number): [number, number] {
  let ra = Math.atan2(y, x) / D2R;
  if (ra < 0) ra += 360;
  return [ra, Math.atan2(z, Math.hypot(x, y)) / D2R];
}

/** A tangent plane: its point and the east and north unit vectors there. */
export interface Tangent {
  ra: number;
  dec: number;
  r: [number, number, number];
  e: [number, number, number];
  n: [number, number, number];
}

export function tangentAt(ra: number, dec: number): Tangent {
  const a = ra * D2R;
  const d = dec * D2R;
  return {
    ra,
    dec,
    r: radecToXyz(ra, dec),
    e: [-Math.sin(a), Math.cos(a), 0],
    n: [-Math.sin(d) * Math.cos(a), -Math.sin(d) * Math.sin(a), Math.cos(d)],
  };
}

/** Standard coordinates (ξ, η) in degrees of unit vector s; NaN for the far hemisphere. */
export function project(t: Tangent, sx: number, sy: number, sz: number): [number, number] {
  const w = sx * t.r[0] + sy * t.r[1] + sz * t.r[2];
  if (!(w > 0)) return [NaN, NaN];
  return [(sx * t.e[0] + sy * t.e[1] + sz * t.e[2]) / w / D2R, (sx * t.n[0] + sy * t.n[1] + sz * t.n[2]) / w / D2R];
}

/** The sky position (RA, Dec in degrees) of standard coordinates (ξ, η) in degrees. */
export function deproject(t: Tangent, xi: number, eta: number): [number, number] {
  const x = xi * D2R;
  const y = eta * D2R;
  return xyzToRadec(t.r[0] + x * t.e[0] + y * t.n[0], t.r[1] + x * t.e[1] + y * t.n[1], t.r[2] + x * t.e[2] + y * t.n[2]);
}

/** Squared chord length between unit vectors for an angular distance in degrees. */
export function chord2(deg: number): number {
  const s = 2 * Math.sin((Math.min(deg, 180) * D2R) / 2);
  return s * s;
}

/** Angular distance in degrees between two (RA, Dec) positions in degrees. */
export function separationDeg(ra1: number, dec1: number, ra2: number, dec2: number): number {
  const a = radecToXyz(ra1, dec1);
  const b = radecToXyz(ra2, dec2);
  const c = Math.hypot(a[0] - b[0], a[1] - b[1], a[2] - b[2]);
  return (2 * Math.asin(Math.min(1, c / 2)) * 180) / Math.PI;
}
