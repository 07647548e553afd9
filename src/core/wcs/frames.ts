import { atan2d, cosd, sind } from './angles.js';

/** A 3×3 rotation matrix, row-major. */
export type Mat3 = readonly [readonly [number, number, number], readonly [number, number, number], readonly [number, number, number]];

/** Frame rotation about axis 0 (x), 1 (y) or 2 (z) by `angle` degrees (astropy/ERFA convention). */
export function rotation(angleDeg: number, axis: 0 | 1 | 2): Mat3 {
  const c = cosd(angleDeg);
  const s = sind(angleDeg);
  const a1 = (axis + 1) % 3;
  const a2 = (axis + 2) % 3;
  const r = [
    [0, 0, 0],
    [0, 0, 0],
    [0, 0, 0],
  ];
  r[axis][axis] = 1;
  r[a1][a1] = c;
  r[a1][a2] = s;
  r[a2][a1] = -s;
  r[a2][a2] = c;
  return r as unknown as Mat3;
}

export function matMul(a: Mat3, b: Mat3): Mat3 {
  const r = [
    [0, 0, 0],
    [0, 0, 0],
    [0, 0, 0],
  ];
  for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) r[i][j] = a[i][0] * b[0][j] + a[i][1] * b[1][j] + a[i][2] * b[2][j];
  return r as unknown as Mat3;
}

export function transpose(a: Mat3): Mat3 {
  return [
    [a[0][0], a[1][0], a[2][0]],
    [a[0][1], a[1][1], a[2][1]],
    [a[0][2], a[1][2], a[2][2]],
  ];
}

/** Apply rotation `m` to the direction (lon, lat) degrees; returns (lon in [0, 360), lat). */
export function rotateLonLat(m: Mat3, lon: number, lat: number): [number, number] {
  const cl = cosd(lat);
  const x = cl * cosd(lon);
  const y = cl * sind(lon);
  const z = sind(lat);
  const X = m[0][0] * x + m[0][1] * y + m[0][2] * z;
  const Y = m[1][0] * x + m[1][1] * y + m[1][2] * z;
  const Z = m[2][0] * x + m[2][1] * y + m[2][2] * z;
  let l = atan2d(Y, X);
  if (l < 0) l += 360;
  if (l >= 360) l -= 360;
  return [l, atan2d(Z, Math.hypot(X, Y))];
}

/**
 * ICRS → FK5 (J2000) frame bias, as astropy defines it (USNO circular 179: eta0 = -19.9 mas,
 * xi0 = 9.1 mas, da0 = -22.9 mas).
 */
export const ICRS_TO_FK5_J2000: Mat3 = matMul(
  matMul(rotation(19.9 / 3_600_000, 0), rotation(9.1 / 3_600_000, 1)),
  rotation(-22.9 / 3_600_000, 2),
);

/**
 * FK5 (J2000) → Galactic, astropy's definition: north galactic pole at FK5 J2000
 * (192.8594812065348, 27.12825118085622) and galactic longitude of the north celestial pole
 * 122.9319185680026 degrees.
 */
export const FK5_J2000_TO_GALACTIC: Mat3 = matMul(
  matMul(rotation(180 - 122.9319185680026, 2), rotation(90 - 27.12825118085622, 1)),
  rotation(192.8594812065348, 2),
);

/** Galactic → ICRS (Galactic → FK5 J2000 → ICRS), the path astropy takes. */
export const GALACTIC_TO_ICRS: Mat3 = matMul(transpose(ICRS_TO_FK5_J2000), transpose(FK5_J2000_TO_GALACTIC));
export const ICRS_TO_GALACTIC: Mat3 = transpose(GALACTIC_TO_ICRS);

const AS2DEG = 1 / 3600;

/**
 * ICRS → mean ecliptic and equinox of `jyear` (Julian epoch, TT), IAU 2006 precession
 * (Fukushima-Williams angles, as ERFA's `ecm06`, used by astropy's BarycentricMeanEcliptic):
 * R = Rx(epsA) · Rx(-epsA) · Rz(-psiBar) · Rx(phiBar) · Rz(gammaBar).
 */
export function icrsToEcliptic(jyear: number): Mat3 {
  const t = (jyear - 2000) / 100;
  const gamb = -0.052928 + (10.556378 + (0.4932044 + (-0.00031238 + (-0.000002788 + 0.000000026 * t) * t) * t) * t) * t;
  const phib = 84381.412819 + (-46.811016 + (0.0511268 + (0.00053289 + (-0.00000044 + -0.0000000176 * t) * t) * t) * t) * t;
  const psib = -0.041775 + (5038.481484 + (1.5584175 + (-0.00018522 + (-0.000026452 + -0.0000000148 * t) * t) * t) * t) * t;
  const epsa = 84381.406 + (-46.836769 + (-0.0001831 + (0.0020034 + (-0.000000576 + -0.0000000434 * t) * t) * t) * t) * t;
  const fw = matMul(
    matMul(rotation(-epsa * AS2DEG, 0), rotation(-psib * AS2DEG, 2)),
    matMul(rotation(phib * AS2DEG, 0), rotation(gamb * AS2DEG, 2)),
  );
  return matMul(rotation(epsa * AS2DEG, 0), fw);
}

/** The celestial frame a header's world coordinates are expressed in. */
export interface SkyFrame {
  /** `equatorial`, `galactic` or `ecliptic`. */
  readonly kind: 'equatorial' | 'galactic' | 'ecliptic';
  /** For equatorial: ICRS, FK5, FK4, FK4-NO-E, GAPPT; for ecliptic: the equinox system. */
  readonly system: string;
  /** Equinox (Julian or Besselian year) or null when not applicable (ICRS, galactic). */
  readonly equinox: number | null;
  /** Native (lon, lat) → output RA/Dec (identity for equatorial frames). */
  readonly toOutput: ((lon: number, lat: number) => [number, number]) | null;
  /** Output RA/Dec → native (lon, lat). */
  readonly fromOutput: ((ra: number, dec: number) => [number, number]) | null;
  /** Human-readable label of the RA/Dec returned by `pixToSky`. */
  readonly label: string;
}

/**
 * Resolve the equatorial reference system as astropy does: RADESYS (or legacy RADECSYS); if
 * absent, ICRS without EQUINOX, FK4 when EQUINOX < 1984, else FK5. EQUINOX falls back to the
 * legacy EPOCH.
 */
export function equatorialFrame(radesys: string | undefined, equinox: number | undefined): SkyFrame {
  let sys = (radesys ?? '').trim().toUpperCase();
  if (sys === '') sys = equinox === undefined ? 'ICRS' : equinox < 1984 ? 'FK4' : 'FK5';
  let eq: number | null = null;
  if (sys === 'FK5') eq = equinox ?? 2000;
  else if (sys === 'FK4' || sys === 'FK4-NO-E') eq = equinox ?? 1950;
  else if (sys !== 'ICRS') eq = equinox ?? null;
  const label = sys === 'FK5' ? `FK5 J${fmtYear(eq ?? 2000)}` : sys.startsWith('FK4') ? `${sys} B${fmtYear(eq ?? 1950)}` : sys;
  return { kind: 'equatorial', system: sys, equinox: eq, toOutput: null, fromOutput: null, label };
}

export function galacticFrame(): SkyFrame {
  return {
    kind: 'galactic',
    system: 'GALACTIC',
    equinox: null,
    toOutput: (l, b) => rotateLonLat(GALACTIC_TO_ICRS, l, b),
    fromOutput: (ra, dec) => rotateLonLat(ICRS_TO_GALACTIC, ra, dec),
    label: 'ICRS (from galactic)',
  };
}

/** Mean ecliptic and equinox of EQUINOX (default J2000), converted to ICRS. */
export function eclipticFrame(equinox: number | undefined): SkyFrame {
  const eq = equinox ?? 2000;
  const toEcl = icrsToEcliptic(eq);
  const toIcrs = transpose(toEcl);
  return {
    kind: 'ecliptic',
    system: 'ECLIPTIC',
    equinox: eq,
    toOutput: (l, b) => rotateLonLat(toIcrs, l, b),
    fromOutput: (ra, dec) => rotateLonLat(toEcl, ra, dec),
    label: `ICRS (from ecliptic J${fmtYear(eq)})`,
  };
}

function fmtYear(y: number): string {
  return Number.isInteger(y) ? y.toFixed(1) : String(y);
}

