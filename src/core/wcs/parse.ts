import { cosd, sind } from './angles.js';
import { CelestialWcs } from './celestial.js';
import { WcsError } from './errors.js';
import { observationEpoch } from './epoch.js';
import { eclipticFrame, equatorialFrame, galacticFrame, type SkyFrame } from './frames.js';
import { WcsKeywords, type HeaderLookup } from './header.js';
import { readLinear, unitToDegrees } from './linear.js';
import { makeProjection, TpvDistortion } from './projections/index.js';
import { Sip } from './sip.js';
import { celestialPole, SphericalRotation } from './spherical.js';
import type { Wcs } from './types.js';
import { parseDssPlate } from './dss.js';

/** A parsed CTYPE: coordinate prefix (`RA`, `DEC`, `GLON`, ...), projection code and suffix. */
interface AxisType {
  readonly raw: string;
  readonly coord: string;
  readonly proj: string;
  readonly suffix: string;
}

const CTYPE_RE = /^([A-Z][A-Z0-9_]{0,3})-*-([A-Z0-9]{3})(-[A-Z0-9]*)?$/;

function parseCtype(raw: string | undefined): AxisType | null {
  if (!raw) return null;
  const s = raw.trim().toUpperCase();
  if (s.length < 5) return null;
  // FITS: 4 characters of coordinate type, '-', 3 characters of projection, then extras
  const m = CTYPE_RE.exec(s);
  if (!m) return null;
  return { raw: raw.trim(), coord: m[1], proj: m[2], suffix: m[3] ?? '' };
}

type Kind = 'equatorial' | 'galactic' | 'ecliptic' | 'other';

/** Classify a (longitude, latitude) CTYPE pair; returns null when the two are not a pair. */
function pairKind(lng: string, lat: string): Kind | null {
  if (lng === 'RA' && lat === 'DEC') return 'equatorial';
  if (lng === 'GLON' && lat === 'GLAT') return 'galactic';
  if (lng === 'ELON' && lat === 'ELAT') return 'ecliptic';
  if (lng.length === 4 && lat.length === 4) {
    if (lng.endsWith('LON') && lat.endsWith('LAT') && lng[0] === lat[0]) return 'other';
    if (lng.endsWith('LN') && lat.endsWith('LT') && lng.slice(0, 2) === lat.slice(0, 2)) return 'other';
  }
  return null;
}

function isLongitude(c: string): boolean {
  return c === 'RA' || (c.length === 4 && (c.endsWith('LON') || c.endsWith('LN')));
}

function isLatitude(c: string): boolean {
  return c === 'DEC' || (c.length === 4 && (c.endsWith('LAT') || c.endsWith('LT')));
}

/** Image size from NAXISn, or ZNAXISn for tile-compressed images. */
function imageSize(header: HeaderLookup): [number | null, number | null] {
  const pick = (k: string): number | null => {
    const z = header.get(`Z${k}`);
    if (typeof z === 'number' && Number.isInteger(z) && z >= 0) return z;
    const v = header.get(k);
    return typeof v === 'number' && Number.isInteger(v) && v >= 0 ? v : null;
  };
  return [pick('NAXIS1'), pick('NAXIS2')];
}

/**
 * Parse the celestial WCS of a FITS header.
 *
 * Reads the primary description, or the alternate one given by `options.alt` (`A`..`Z`).
 * Supports CD, PC + CDELT, CROTA2 and the legacy PC00i00j / CD00i00j, EPOCH and RADECSYS
 * forms; every projection of Paper II, HPX and XPH (see `SUPPORTED_PROJECTIONS`), legacy NCP and
 * TPV; SIP distortion (applied whenever A_ORDER/B_ORDER are present, as astropy
 * does, even when CTYPE lacks `-SIP`); SCAMP's `TAN` + PVi_m read as TPV; LONPOLE/LATPOLE (or
 * PVi_3/PVi_4) as wcslib; equatorial (ICRS, FK5 and FK4/FK4-NO-E at any equinox, FK4 at the
 * epoch of MJD-OBS/DATE-OBS), galactic and ecliptic frames, every one converted to ICRS. The
 * celestial axes must be the first two image axes (either order).
 *
 * Digitized Sky Survey headers: when the primary description is asked for and the header has
 * the full set of DSS plate keywords (PLTRAH…, PPO3/PPO6, X/YPIXELSZ, CNPIX1/2, AMDXn/AMDYn),
 * the plate solution is used even if CTYPE/CD are also present — astropy/wcslib do the same,
 * while SExtractor uses CD (differences up to ~0.7" on the astropy DSS test image).
 *
 * Returns null when the header has no celestial WCS (blank or non-celestial CTYPE1/2).
 * Throws `WcsError` (with a code) when it declares one that cannot be used (singular matrix,
 * unsupported projection or frame, malformed keyword).
 */
export function parseWcs(header: HeaderLookup, options?: { alt?: string }): Wcs | null {
  const kw = new WcsKeywords(header, options?.alt ?? '');
  const [width, height] = imageSize(header);
  if (kw.alt === '') {
    // like astropy/wcslib, a complete set of DSS plate keywords wins over CTYPE/CD
    const plate = parseDssPlate(header, width, height);
    if (plate) return plate;
  }
  const t1 = parseCtype(kw.str('CTYPE1'));
  const t2 = parseCtype(kw.str('CTYPE2'));
  if (!t1 || !t2) return null;
  let lng: number;
  let lat: number;
  if (isLongitude(t1.coord) && isLatitude(t2.coord)) {
    lng = 0;
    lat = 1;
  } else if (isLatitude(t1.coord) && isLongitude(t2.coord)) {
    lng = 1;
    lat = 0;
  } else {
    return null;
  }
  const tl = lng === 0 ? t1 : t2;
  const tb = lng === 0 ? t2 : t1;
  const kind = pairKind(tl.coord, tb.coord);
  if (kind === null) return null;
  if (kind === 'other') {
    throw new WcsError('wcs_unsupported_frame', `celestial frame ${tl.coord}/${tb.coord} cannot be converted to RA/Dec`, `CTYPE${lng + 1}`);
  }
  if (tl.proj !== tb.proj) {
    throw new WcsError('wcs_bad_keyword', `CTYPE projections differ: ${tl.raw} / ${tb.raw}`, `CTYPE${lat + 1}`);
  }

  const unitScale: [number, number] = [
    unitToDegrees(kw.str(`CUNIT${lng + 1}`), `CUNIT${lng + 1}`),
    unitToDegrees(kw.str(`CUNIT${lat + 1}`), `CUNIT${lat + 1}`),
  ];
  const linear = readLinear(kw, lng, lat, unitScale);
  const crval = [(kw.num(`CRVAL${lng + 1}`) ?? 0) * unitScale[0], (kw.num(`CRVAL${lat + 1}`) ?? 0) * unitScale[1]];

  const pvLat: Array<number | undefined> = [];
  const pvLng: Array<number | undefined> = [];
  for (let m = 0; m < 40; m++) {
    pvLat.push(kw.num(`PV${lat + 1}_${m}`));
    pvLng.push(kw.num(`PV${lng + 1}_${m}`));
  }

  const sip = Sip.fromHeader(header);
  if (sip) {
    // like astropy (WCS._fix_scamp): SCAMP PVi_m left next to SIP coefficients are dropped
    pvLat.fill(undefined);
    pvLng.fill(undefined);
  }

  let code = tl.proj;
  let tpv: TpvDistortion | null = null;
  if (code === 'TAN' && scampTan(lng === 0 ? pvLng : pvLat, lng === 0 ? pvLat : pvLng)) code = 'TPV';
  if (code === 'NCP') {
    // legacy north-celestial-pole projection = SIN with xi = 0, eta = cot(delta0)
    if (crval[1] === 0) throw new WcsError('wcs_bad_parameter', 'NCP with CRVAL on the equator', `CRVAL${lat + 1}`);
    pvLat[1] = 0;
    pvLat[2] = cosd(crval[1]) / sind(crval[1]);
    code = 'SIN';
  } else if (code === 'TPV') {
    if (TpvDistortion.present(pvLng, pvLat)) tpv = new TpvDistortion(lng === 0 ? pvLng : pvLat, lng === 0 ? pvLat : pvLng);
  }
  const projection = projectionFor(code, code === 'TPV' ? [] : pvLat, `CTYPE${lng + 1}`);

  // optional fiducial point override (PVi_1, PVi_2 of the longitude axis); PVi_0 ≠ 0 asks
  // for the intermediate coordinates to be offset so that the fiducial point is at (0, 0)
  // (Paper II §2.5; wcslib's cel.offset). Without it CRVAL need not be at CRPIX.
  const phi0 = code === 'TPV' ? projection.phi0 : pvLng[1] ?? projection.phi0;
  const theta0 = code === 'TPV' ? projection.theta0 : pvLng[2] ?? projection.theta0;
  let offset: [number, number] = [0, 0];
  const wantOffset = code !== 'TPV' && (pvLng[0] ?? 0) !== 0;
  if (wantOffset && (phi0 !== projection.phi0 || theta0 !== projection.theta0)) {
    const o = projection.fromNative(phi0, theta0);
    if (Number.isNaN(o[0]) || Number.isNaN(o[1])) throw new WcsError('wcs_bad_parameter', 'invalid fiducial point', `PV${lng + 1}_1`);
    offset = o;
  }
  const lonpole = kw.num('LONPOLE') ?? (code === 'TPV' ? undefined : pvLng[3]);
  const latpole = kw.num('LATPOLE') ?? (code === 'TPV' ? undefined : pvLng[4]);
  const pole = celestialPole(crval[0], crval[1], phi0, theta0, lonpole, latpole);
  const rotation = new SphericalRotation(pole);

  const frame = readFrame(kw, kind);
  const ctype = [kw.str('CTYPE1') ?? '', kw.str('CTYPE2') ?? ''];
  return new CelestialWcs({
    ctype,
    swapped: lng === 1,
    sip, // SIP acts on pixel offsets, whatever the order of the world axes
    linear,
    tpv,
    projection,
    offset,
    rotation,
    frame,
    width,
    height,
  });
}

/** `makeProjection`, naming the CTYPE keyword when the code is not supported. */
function projectionFor(code: string, pv: Array<number | undefined>, keyword: string): ReturnType<typeof makeProjection> {
  try {
    return makeProjection(code, pv);
  } catch (err) {
    if (err instanceof WcsError && err.code === 'wcs_unsupported_projection' && err.keyword === undefined) {
      throw new WcsError(err.code, err.message, keyword);
    }
    throw err;
  }
}

/**
 * SCAMP writes its distortion as PV1_m/PV2_m next to `RA---TAN`/`DEC--TAN` (SWarp and WCSTools
 * read that as TPV). TAN itself takes no parameter on the latitude axis, and PV1_1/PV1_2 would
 * move its fiducial point (collapsing the image onto a point): so TAN with both linear terms
 * PV1_1 and PV2_1 present (header axis order) is read as TPV. `pv1`/`pv2`: header axes 1, 2.
 */
function scampTan(pv1: ReadonlyArray<number | undefined>, pv2: ReadonlyArray<number | undefined>): boolean {
  return pv1[1] !== undefined && pv2[1] !== undefined;
}

function readFrame(kw: WcsKeywords, kind: Exclude<Kind, 'other'>): SkyFrame {
  const equinox = kw.num('EQUINOX') ?? (kw.alt === '' ? kw.numPlain('EPOCH') : undefined);
  if (kind === 'galactic') return galacticFrame();
  if (kind === 'ecliptic') return eclipticFrame(equinox);
  const radesys = kw.str('RADESYS') ?? (kw.alt === '' ? kw.strPlain('RADECSYS') : kw.str('RADECSYS'));
  return equatorialFrame(radesys, equinox, observationEpoch(kw.rawPlain('MJD-OBS'), kw.rawPlain('DATE-OBS')));
}
