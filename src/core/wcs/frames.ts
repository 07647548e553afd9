import { atan2d, cosd, sind } from './angles.js';
import { WcsError } from './errors.js';

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
/** JD of J2000.0 (TT). */
const JD_J2000 = 2451545.0;
/** JD of B1950.0 (TT), as astropy's `Time('B1950').jd`. */
const JD_B1950 = 2433282.42345905;

/** Julian date (TT) of a Besselian epoch, e.g. 1950 → 2433282.42345905 (ERFA `epb2jd`). */
export function besselianToJd(byear: number): number {
  return 2400000.5 + 15019.81352 + (byear - 1900) * 365.242198781;
}

/** Julian epoch (e.g. 1949.99979) of a Julian date (ERFA `epj`). */
export function jdToJulianYear(jd: number): number {
  return 2000 + (jd - JD_J2000) / 365.25;
}

/**
 * IAU 2006 bias-precession matrix from ICRS to the mean equator and equinox of Julian epoch
 * `jyear` (TT): the Fukushima-Williams angles of ERFA `pfw06` turned into a matrix as `fw2m`,
 * R = Rx(-epsA) · Rz(-psiBar) · Rx(phiBar) · Rz(gammaBar).
 */
export function biasPrecession2006(jyear: number): Mat3 {
  const t = (jyear - 2000) / 100;
  const gamb = -0.052928 + (10.556378 + (0.4932044 + (-0.00031238 + (-0.000002788 + 0.000000026 * t) * t) * t) * t) * t;
  const phib = 84381.412819 + (-46.811016 + (0.0511268 + (0.00053289 + (-0.00000044 + -0.0000000176 * t) * t) * t) * t) * t;
  const psib = -0.041775 + (5038.481484 + (1.5584175 + (-0.00018522 + (-0.000026452 + -0.0000000148 * t) * t) * t) * t) * t;
  const epsa = obliquity2006(t);
  return matMul(
    matMul(rotation(-epsa * AS2DEG, 0), rotation(-psib * AS2DEG, 2)),
    matMul(rotation(phib * AS2DEG, 0), rotation(gamb * AS2DEG, 2)),
  );
}

/** Mean obliquity of the ecliptic, IAU 2006 (ERFA `obl06`), arcsec; `t` in Julian centuries from J2000 (TT). */
function obliquity2006(t: number): number {
  return 84381.406 + (-46.836769 + (-0.0001831 + (0.0020034 + (-0.000000576 + -0.0000000434 * t) * t) * t) * t) * t;
}

/**
 * ICRS → mean ecliptic and equinox of `jyear` (Julian epoch, TT), IAU 2006 precession (as
 * ERFA's `ecm06`, used by astropy's BarycentricMeanEcliptic): Rx(epsA) · biasPrecession2006.
 */
export function icrsToEcliptic(jyear: number): Mat3 {
  return matMul(rotation(obliquity2006((jyear - 2000) / 100) * AS2DEG, 0), biasPrecession2006(jyear));
}

/**
 * FK5 at equinox `jyear` (Julian epoch) → ICRS, as astropy: IAU 2006 precession from the
 * equinox to J2000.0 (astropy's `precession_matrix_Capitaine`, the bias cancelling), then the
 * FK5 J2000 → ICRS frame bias. No proper-motion (epoch) dependence: FK5 is inertial.
 */
export function fk5ToIcrs(jyear: number): Mat3 {
  const precess = jyear === 2000 ? null : matMul(biasPrecession2006(2000), transpose(biasPrecession2006(jyear)));
  return precess ? matMul(transpose(ICRS_TO_FK5_J2000), precess) : transpose(ICRS_TO_FK5_J2000);
}

/**
 * Newcomb precession between two Besselian epochs (astropy's `_precession_matrix_besselian`,
 * after Lieske 1979 / the Explanatory Supplement): Rz(-z) · Ry(theta) · Rz(-zeta).
 */
export function newcombPrecession(fromB: number, toB: number): Mat3 {
  const t1 = (fromB - 1850) / 1000;
  const dt = (toB - fromB) / 1000;
  const poly = (c3: number, c2: number, c1: number): number => ((c3 * dt + c2) * dt + c1) * dt * AS2DEG;
  const base = 23035.545 + t1 * 139.72 + 0.06 * t1 * t1;
  const zeta = poly(17.995, 30.24 - 0.27 * t1, base);
  const z = poly(18.325, 109.48 + 0.39 * t1, base);
  const theta = poly(-41.8, -42.65 - 0.37 * t1, 20051.12 - 85.29 * t1 - 0.37 * t1 * t1);
  return matMul(matMul(rotation(-z, 2), rotation(theta, 1)), rotation(-zeta, 2));
}

/** B1950 → J2000 matrix of Murray (1989, A&A 218, 325) eq. 28, as astropy. */
const FK4_B1950_TO_FK5_J2000: Mat3 = [
  [0.9999256794956877, -0.0111814832204662, -0.0048590038153592],
  [0.0111814832391717, 0.9999374848933135, -0.0000271625947142],
  [0.0048590037723143, -0.000027170293744, 0.9999881946023742],
];
/** Murray (1989) eq. 29: the rate (per Julian century from 1950) at which FK4 rotates against FK5, ×1e-6. */
const FK4_ROTATION_RATE: Mat3 = [
  [-0.0026455262, -1.1539918689, 2.111134619],
  [1.1540628161, -0.0129042997, 0.0236021478],
  [-2.1112979048, -0.0056024448, 0.0102587734],
];

/**
 * FK4 without E-terms at Besselian equinox `equinoxB`, observed at Julian epoch `epochJ`, →
 * ICRS, as astropy (FK4NoETerms → FK5 → ICRS): Newcomb precession to B1950, Murray's B1950 →
 * J2000 matrix plus the FK4 rotation term × (epochJ − 1950)/100, then the frame bias. The
 * epoch matters because FK4 rotates: 0.2″ per half century.
 */
export function fk4NoEToIcrs(equinoxB: number, epochJ: number): Mat3 {
  const t = (epochJ - 1950) / 100;
  const m = FK4_B1950_TO_FK5_J2000.map((row, i) => row.map((v, j) => v + FK4_ROTATION_RATE[i][j] * 1e-6 * t)) as unknown as Mat3;
  const toB1950 = equinoxB === 1950 ? null : newcombPrecession(equinoxB, 1950);
  const fk5 = toB1950 ? matMul(m, toB1950) : m;
  return matMul(transpose(ICRS_TO_FK5_J2000), fk5);
}

/**
 * The E-terms of aberration vector of FK4 at Besselian equinox `equinoxB`, as astropy's
 * `fk4_e_terms`: constant of aberration 20.496″ (0.0056932°), Earth's eccentricity and mean
 * longitude of perigee (polynomials in Julian centuries from B1950) and the IAU 1980 obliquity.
 */
export function fk4ETerms(equinoxB: number): [number, number, number] {
  const jd = besselianToJd(equinoxB);
  const T = (jd - JD_B1950) / 36525;
  const e = (-0.000000126 * T - 0.00004193) * T + 0.01673011;
  const g = (((0.012 * T + 1.65) * T + 6190.67) * T + 1015489.951) * AS2DEG;
  const t = (jd - JD_J2000) / 36525;
  const o = (84381.448 + (-46.815 + (-0.00059 + 0.001813 * t) * t) * t) * AS2DEG;
  const k = 0.0056932;
  const ek = e * k * (Math.PI / 180);
  return [ek * sind(g), -ek * cosd(g) * cosd(o), -ek * cosd(g) * sind(o)];
}

function unit(lon: number, lat: number): [number, number, number] {
  const cl = cosd(lat);
  return [cl * cosd(lon), cl * sind(lon), sind(lat)];
}

function lonLat(v: readonly number[]): [number, number] {
  let l = atan2d(v[1], v[0]);
  if (l < 0) l += 360;
  if (l >= 360) l -= 360;
  return [l, atan2d(v[2], Math.hypot(v[0], v[1]))];
}

/** FK4 (with E-terms) → FK4-NO-E at the same equinox: v − A + (A·v) v, renormalised (astropy). */
export function removeETerms(a: readonly [number, number, number], lon: number, lat: number): [number, number] {
  const v = unit(lon, lat);
  const av = a[0] * v[0] + a[1] * v[1] + a[2] * v[2];
  return lonLat([v[0] - a[0] + av * v[0], v[1] - a[1] + av * v[1], v[2] - a[2] + av * v[2]]);
}

/** FK4-NO-E → FK4 (with E-terms): the inverse of {@link removeETerms} by fixed-point iteration (astropy: 10 rounds). */
export function addETerms(a: readonly [number, number, number], lon: number, lat: number): [number, number] {
  const v0 = unit(lon, lat);
  let v: number[] = v0;
  for (let i = 0; i < 10; i++) {
    const d = 1 + a[0] * v[0] + a[1] * v[1] + a[2] * v[2];
    v = [(a[0] + v0[0]) / d, (a[1] + v0[1]) / d, (a[2] + v0[2]) / d];
  }
  return lonLat(v);
}

/** The celestial frame a header's world coordinates are expressed in, and its way to ICRS. */
export interface SkyFrame {
  /** `equatorial`, `galactic` or `ecliptic`. */
  readonly kind: 'equatorial' | 'galactic' | 'ecliptic';
  /** For equatorial: ICRS, FK5, FK4, FK4-NO-E; GALACTIC; ECLIPTIC. */
  readonly system: string;
  /** Equinox (Julian year for FK5 and ecliptic, Besselian for FK4) or null (ICRS, galactic). */
  readonly equinox: number | null;
  /**
   * FK4 only: the Julian epoch of observation the FK4 → FK5 rotation term is taken at
   * (MJD-OBS or DATE-OBS, else the equinox as a Julian epoch, astropy's default); else null.
   */
  readonly epoch: number | null;
  /** Header (lon, lat) → ICRS RA/Dec; null when the header is ICRS already. */
  readonly toOutput: ((lon: number, lat: number) => [number, number]) | null;
  /** When `toOutput` is `rotateLonLat(matrix, lon, lat)` and nothing else: that matrix (for sky-wasm.ts's kernel). */
  readonly outputRotation?: Mat3;
  /** ICRS RA/Dec → header (lon, lat). */
  readonly fromOutput: ((ra: number, dec: number) => [number, number]) | null;
  /** The frame the header states, e.g. `FK4 B1950.0, epoch J1987.254 from MJD-OBS`, `galactic`, `ICRS`. */
  readonly source: string;
  /** Human-readable label of the RA/Dec returned by `pixToSky`: `ICRS`, or `ICRS (from <source>)`. */
  readonly label: string;
}

const KNOWN_RADESYS = ['ICRS', 'FK5', 'FK4', 'FK4-NO-E'];

/** Where the FK4 epoch of observation came from (see {@link equatorialFrame}). */
export interface ObservationEpoch {
  /** Julian epoch (TT), e.g. 1987.254. */
  readonly jyear: number;
  /** The keyword it was read from (`MJD-OBS`, `DATE-OBS`). */
  readonly keyword: string;
}

/**
 * Resolve the equatorial reference system as astropy does — RADESYS (or legacy RADECSYS); if
 * absent, ICRS without EQUINOX, FK4 when EQUINOX < 1984, else FK5 — and build its conversion to
 * ICRS (astropy's SkyCoord transforms, within 1e-6 mas): FK5 at any equinox (IAU 2006
 * precession + frame bias), FK4-NO-E and FK4 (E-terms removed at the equinox, Newcomb
 * precession to B1950, Murray's FK4 → FK5 matrix at the epoch of observation `epoch`, or at
 * the equinox when the header has none — astropy's FK4 default). EQUINOX defaults to J2000
 * (FK5) or B1950 (FK4). Throws `wcs_unsupported_frame` for GAPPT or an unknown RADESYS.
 */
export function equatorialFrame(radesys: string | undefined, equinox: number | undefined, epoch?: ObservationEpoch | null): SkyFrame {
  let sys = (radesys ?? '').trim().toUpperCase();
  if (sys === '') sys = equinox === undefined ? 'ICRS' : equinox < 1984 ? 'FK4' : 'FK5';
  if (!KNOWN_RADESYS.includes(sys)) {
    const why = sys === 'GAPPT' ? 'geocentric apparent places (GAPPT) are not converted to ICRS' : `unknown reference system '${sys}' (expected ICRS, FK5, FK4 or FK4-NO-E)`;
    throw new WcsError('wcs_unsupported_frame', why, 'RADESYS');
  }
  if (sys === 'ICRS') {
    return { kind: 'equatorial', system: sys, equinox: null, epoch: null, toOutput: null, fromOutput: null, source: 'ICRS', label: 'ICRS' };
  }
  if (sys === 'FK5') {
    const eq = equinox ?? 2000;
    const toIcrs = fk5ToIcrs(eq);
    const fromIcrs = transpose(toIcrs);
    const source = `FK5 J${fmtYear(eq)}`;
    return {
      kind: 'equatorial',
      system: sys,
      equinox: eq,
      epoch: null,
      toOutput: (l, b) => rotateLonLat(toIcrs, l, b),
      outputRotation: toIcrs,
      fromOutput: (ra, dec) => rotateLonLat(fromIcrs, ra, dec),
      source,
      label: `ICRS (from ${source})`,
    };
  }
  const eq = equinox ?? 1950;
  const epochJ = epoch?.jyear ?? jdToJulianYear(besselianToJd(eq));
  const toIcrs = fk4NoEToIcrs(eq, epochJ);
  const fromIcrs = transpose(toIcrs);
  const eterms = sys === 'FK4' ? fk4ETerms(eq) : null;
  const when = epoch ? `epoch J${epoch.jyear.toFixed(3)} from ${epoch.keyword}` : 'epoch = equinox';
  const source = `${sys} B${fmtYear(eq)}, ${when}`;
  return {
    kind: 'equatorial',
    system: sys,
    equinox: eq,
    epoch: epochJ,
    toOutput: eterms
      ? (l, b) => {
          const [l2, b2] = removeETerms(eterms, l, b);
          return rotateLonLat(toIcrs, l2, b2);
        }
      : (l, b) => rotateLonLat(toIcrs, l, b),
    ...(eterms ? {} : { outputRotation: toIcrs }),
    fromOutput: eterms
      ? (ra, dec) => {
          const [l, b] = rotateLonLat(fromIcrs, ra, dec);
          return addETerms(eterms, l, b);
        }
      : (ra, dec) => rotateLonLat(fromIcrs, ra, dec),
    source,
    label: `ICRS (from ${source})`,
  };
}

export function galacticFrame(): SkyFrame {
  return {
    kind: 'galactic',
    system: 'GALACTIC',
    equinox: null,
    epoch: null,
    toOutput: (l, b) => rotateLonLat(GALACTIC_TO_ICRS, l, b),
    outputRotation: GALACTIC_TO_ICRS,
    fromOutput: (ra, dec) => rotateLonLat(ICRS_TO_GALACTIC, ra, dec),
    source: 'galactic',
    label: 'ICRS (from galactic)',
  };
}

/** Mean ecliptic and equinox of EQUINOX (default J2000), converted to ICRS. */
export function eclipticFrame(equinox: number | undefined): SkyFrame {
  const eq = equinox ?? 2000;
  const toEcl = icrsToEcliptic(eq);
  const toIcrs = transpose(toEcl);
  const source = `ecliptic J${fmtYear(eq)}`;
  return {
    kind: 'ecliptic',
    system: 'ECLIPTIC',
    equinox: eq,
    epoch: null,
    toOutput: (l, b) => rotateLonLat(toIcrs, l, b),
    outputRotation: toIcrs,
    fromOutput: (ra, dec) => rotateLonLat(toEcl, ra, dec),
    source,
    label: `ICRS (from ${source})`,
  };
}

function fmtYear(y: number): string {
  return Number.isInteger(y) ? y.toFixed(1) : String(y);
}
