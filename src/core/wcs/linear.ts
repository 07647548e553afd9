import { cosd, sind } from './angles.js';
import { WcsError } from './errors.js';
import type { WcsKeywords } from './header.js';

/**
 * The linear part of a FITS WCS restricted to the two celestial axes: pixel offsets from
 * CRPIX (FITS 1-based) to intermediate world coordinates in degrees.
 *
 * `m[r][c]`: row r = 0 for the longitude world axis, 1 for latitude; column c = pixel axis
 * (0 for x / NAXIS1, 1 for y / NAXIS2). Units: degrees per pixel.
 */
export interface LinearTransform {
  /** Reference pixel, FITS 1-based (CRPIX1, CRPIX2). */
  readonly crpix: [number, number];
  readonly m: [[number, number], [number, number]];
  readonly inv: [[number, number], [number, number]];
  /** Which header form was used: `'PC'` (PCi_j + CDELT), `'CD'`, `'CROTA'` or `'CDELT'`. */
  readonly form: 'PC' | 'CD' | 'CROTA' | 'CDELT';
}

const UNIT_TO_DEG: Record<string, number> = {
  '': 1,
  deg: 1,
  degree: 1,
  degrees: 1,
  arcmin: 1 / 60,
  arcsec: 1 / 3600,
  mas: 1 / 3_600_000,
  rad: 180 / Math.PI,
};

/** Factor converting the CUNITi of a celestial axis to degrees. */
export function unitToDegrees(unit: string | undefined, key: string): number {
  const u = (unit ?? '').trim();
  const f = UNIT_TO_DEG[u] ?? UNIT_TO_DEG[u.toLowerCase()];
  if (f === undefined) throw new WcsError('wcs_bad_keyword', `unsupported celestial unit "${unit}"`, key);
  return f;
}

/** Read PCi_j (or the legacy PC00i00j) for 1-based axes i, j. */
function pcValue(kw: WcsKeywords, i: number, j: number): number | undefined {
  return kw.num(`PC${i}_${j}`) ?? (kw.alt === '' ? kw.numPlain(`PC00${i}00${j}`) : undefined);
}

/** Read CDi_j (or the legacy CD00i00j) for 1-based axes i, j. */
function cdValue(kw: WcsKeywords, i: number, j: number): number | undefined {
  return kw.num(`CD${i}_${j}`) ?? (kw.alt === '' ? kw.numPlain(`CD00${i}00${j}`) : undefined);
}

/**
 * Build the linear transformation for celestial world axes `lng` and `lat` (0-based header
 * axis indices, which must be 0 and 1 in some order), following wcslib's precedence:
 * PCi_j (with CDELTi) when any PCi_j is present, else CDi_j, else CDELTi with CROTA of the
 * latitude axis, else CDELTi alone. `unitScale[k]` converts world axis k's CUNIT to degrees.
 */
export function readLinear(kw: WcsKeywords, lng: number, lat: number, unitScale: [number, number]): LinearTransform {
  const axes = [1, 2];
  const crpix: [number, number] = [kw.num('CRPIX1') ?? 0, kw.num('CRPIX2') ?? 0];
  let hasPc = false;
  let hasCd = false;
  for (const i of axes) {
    for (const j of axes) {
      if (pcValue(kw, i, j) !== undefined) hasPc = true;
      if (cdValue(kw, i, j) !== undefined) hasCd = true;
    }
  }
  const cdelt = [kw.num('CDELT1') ?? 1, kw.num('CDELT2') ?? 1];
  // full[i][j]: world axis i (header order), pixel axis j
  const full: number[][] = [
    [0, 0],
    [0, 0],
  ];
  let form: LinearTransform['form'];
  if (hasPc || (!hasCd && !hasCrota(kw))) {
    form = hasPc ? 'PC' : 'CDELT';
    for (let i = 0; i < 2; i++) {
      for (let j = 0; j < 2; j++) {
        const pc = pcValue(kw, i + 1, j + 1) ?? (i === j ? 1 : 0);
        full[i][j] = cdelt[i] * pc;
      }
    }
  } else if (hasCd) {
    form = 'CD';
    for (let i = 0; i < 2; i++) for (let j = 0; j < 2; j++) full[i][j] = cdValue(kw, i + 1, j + 1) ?? 0;
  } else {
    form = 'CROTA';
    const rho = kw.num(`CROTA${lat + 1}`) ?? 0;
    if (cdelt[lng] === 0) throw new WcsError('wcs_singular_matrix', 'CDELT of the longitude axis is zero', `CDELT${lng + 1}`);
    const lambda = cdelt[lat] / cdelt[lng];
    const pc = [
      [1, 0],
      [0, 1],
    ];
    pc[lng][lng] = cosd(rho);
    pc[lat][lat] = cosd(rho);
    pc[lng][lat] = -sind(rho) * lambda;
    pc[lat][lng] = sind(rho) / lambda;
    for (let i = 0; i < 2; i++) for (let j = 0; j < 2; j++) full[i][j] = cdelt[i] * pc[i][j];
  }
  const m: [[number, number], [number, number]] = [
    [full[lng][0] * unitScale[0], full[lng][1] * unitScale[0]],
    [full[lat][0] * unitScale[1], full[lat][1] * unitScale[1]],
  ];
  const det = m[0][0] * m[1][1] - m[0][1] * m[1][0];
  if (!Number.isFinite(det) || det === 0) {
    throw new WcsError('wcs_singular_matrix', 'the linear transformation matrix is singular');
  }
  const inv: [[number, number], [number, number]] = [
    [m[1][1] / det, -m[0][1] / det],
    [-m[1][0] / det, m[0][0] / det],
  ];
  return { crpix, m, inv, form };
}

function hasCrota(kw: WcsKeywords): boolean {
  return kw.has('CROTA1') || kw.has('CROTA2');
}
