const D2R = Math.PI / 180;
const MAS = 1 / 3_600_000;

/** Proper motion of a sidereal target. */
export interface ProperMotion {
  /** μα* = μα·cos δ in milliarcseconds per Julian year (the Gaia / TOM Toolkit `pm_ra`). */
  pmRa: number;
  /** μδ in milliarcseconds per Julian year. */
  pmDec: number;
}

/**
 * Moves a position (RA, Dec in degrees at Julian epoch `fromEpoch`, e.g. 2000 or 2016)
 * to Julian epoch `toEpoch` along a great circle with the given proper motion (no parallax,
 * no radial velocity: the rectilinear space motion is neglected, fine to < 1 mas for
 * decades for all but the nearest stars). Works at the poles. Returns degrees, RA in [0, 360).
 */
export function applyProperMotion(
  ra: number,
  dec: number,
  pm: ProperMotion,
  fromEpoch: number,
  toEpoch: number,
): { ra: number; dec: number } {
  const dt = toEpoch - fromEpoch;
  if (dt === 0 || (pm.pmRa === 0 && pm.pmDec === 0)) return { ra, dec };
  const a = ra * D2R;
  const d = dec * D2R;
  // Unit vector and the local east / north unit vectors.
  const p = [Math.cos(d) * Math.cos(a), Math.cos(d) * Math.sin(a), Math.sin(d)];
  const e = [-Math.sin(a), Math.cos(a), 0];
  const n = [-Math.sin(d) * Math.cos(a), -Math.sin(d) * Math.sin(a), Math.cos(d)];
  const ue = pm.pmRa * MAS * D2R * dt;
  const un = pm.pmDec * MAS * D2R * dt;
  const mu = Math.hypot(ue, un);
  if (mu === 0) return { ra, dec };
  // Rotate along the great circle by angle mu in direction (ue, un).
  const c = Math.cos(mu);
  const s = Math.sin(mu) / mu;
  const q = [0, 1, 2].map((i) => c * p[i]! + s * (ue * e[i]! + un * n[i]!));
  const raOut = (Math.atan2(q[1]!, q[0]!) / D2R + 360) % 360;
  const decOut = Math.asin(Math.max(-1, Math.min(1, q[2]!))) / D2R;
  return { ra: raOut, dec: decOut };
}

/** Julian epoch (e.g. 2026.9) of an MJD (days; TT and UTC differ by < 2e-6 yr here). */
export function mjdToJulianEpoch(mjd: number): number {
  return 2000 + (mjd - 51544.5) / 365.25;
}
