import { headerNumber } from '../fits/index.js';
import { D2R, R2D, separationDeg } from './angles.js';
import { pixelScale } from './celestial.js';
import { equatorialFrame, type SkyFrame } from './frames.js';
import { observationEpoch } from './epoch.js';
import type { HeaderLookup } from './header.js';
import { forwardDifference, newtonInverse2d, type PlaneMap } from './newton.js';
import { Tan } from './projections/zenithal.js';
import { celestialPole, SphericalRotation } from './spherical.js';
import type { Wcs } from './types.js';

const ARCSEC_PER_RAD = 206264.80624709636;

/** A DSS plate's solution as its header gives it. */
export interface PlateSolution {
  readonly raDeg: number;
  readonly decDeg: number;
  readonly cnpix: [number, number];
  readonly pixelSize: [number, number]; // microns
  readonly ppo3: number;
  readonly ppo6: number;
  readonly amdx: Float64Array; // 13 position terms (magnitude/colour terms ignored)
  readonly amdy: Float64Array;
}

function num(h: HeaderLookup, key: string): number | undefined {
  return headerNumber(h.get(key));
}

/** Read the DSS plate keywords; null unless the full set needed for positions is present. */
export function readPlate(h: HeaderLookup): PlateSolution | null {
  const need = ['PLTRAH', 'PLTRAM', 'PLTRAS', 'PLTDECD', 'PLTDECM', 'PLTDECS', 'PPO3', 'PPO6', 'XPIXELSZ', 'YPIXELSZ', 'CNPIX1', 'CNPIX2', 'AMDX1', 'AMDY1'];
  const v: Record<string, number> = {};
  for (const k of need) {
    const x = num(h, k);
    if (x === undefined) return null;
    v[k] = x;
  }
  const sn = h.get('PLTDECSN');
  const sign = typeof sn === 'string' && sn.trim().startsWith('-') ? -1 : 1;
  const amdx = new Float64Array(13);
  const amdy = new Float64Array(13);
  for (let i = 0; i < 13; i++) {
    amdx[i] = num(h, `AMDX${i + 1}`) ?? 0;
    amdy[i] = num(h, `AMDY${i + 1}`) ?? 0;
  }
  if (v.XPIXELSZ === 0 || v.YPIXELSZ === 0) return null;
  return {
    raDeg: 15 * (v.PLTRAH + v.PLTRAM / 60 + v.PLTRAS / 3600),
    decDeg: sign * (Math.abs(v.PLTDECD) + v.PLTDECM / 60 + v.PLTDECS / 3600),
    cnpix: [v.CNPIX1, v.CNPIX2],
    pixelSize: [v.XPIXELSZ, v.YPIXELSZ],
    ppo3: v.PPO3,
    ppo6: v.PPO6,
    amdx,
    amdy,
  };
}

/**
 * The Digitized Sky Survey plate solution (the STScI "AMD" polynomial, as in WCSTools'
 * dsspos and wcslib's DSS translation): 0-based pixel → plate millimetres → standard
 * coordinates (xi, eta) in arcsec through the AMDX/AMDY polynomials (magnitude and colour
 * terms ignored) → gnomonic projection about the plate centre (PLTRA*, PLTDEC*) in the frame
 * of EQUINOX/RADESYS (FK5 J2000 for DSS headers), converted to ICRS.
 */
export class DssPlateWcs implements Wcs {
  readonly width: number | null;
  readonly height: number | null;
  /** The plate solution, the gnomonic projection's rotation and the header's frame (read by sky-wasm.ts's kernel). */
  readonly plate: PlateSolution;
  readonly rotation: SphericalRotation;
  private readonly tan = new Tan();
  readonly frame: SkyFrame;
  /** {@link standard} as a map for the Newton inverse. */
  private readonly standardMap: PlaneMap = (x, y) => this.standard(x, y);

  constructor(plate: PlateSolution, width: number | null, height: number | null, frame: SkyFrame) {
    this.plate = plate;
    this.width = width;
    this.height = height;
    this.rotation = new SphericalRotation(celestialPole(plate.raDeg, plate.decDeg, 0, 90, undefined, undefined));
    this.frame = frame;
  }

  /** Standard coordinates (xi, eta) in arcsec for a 0-based pixel. */
  private standard(x: number, y: number): [number, number] {
    const p = this.plate;
    const px = x + p.cnpix[0] + 0.5;
    const py = y + p.cnpix[1] + 0.5;
    const xmm = (p.ppo3 - px * p.pixelSize[0]) / 1000;
    const ymm = (py * p.pixelSize[1] - p.ppo6) / 1000;
    return [amd(p.amdx, xmm, ymm), amd(p.amdy, ymm, xmm)];
  }

  pixToSky(x: number, y: number): [number, number] {
    const [lng, lat] = this.plateToSky(x, y);
    if (Number.isNaN(lng)) return [NaN, NaN];
    return this.frame.toOutput ? this.frame.toOutput(lng, lat) : [lng, lat];
  }

  /** 0-based pixel → (RA, Dec) in the plate's own frame. */
  private plateToSky(x: number, y: number): [number, number] {
    const [xi, eta] = this.standard(x, y);
    // the gnomonic plane in degrees: x = xi, y = eta (TAN with LONPOLE 180)
    const [phi, theta] = this.tan.toNative((xi / ARCSEC_PER_RAD) * R2D, (eta / ARCSEC_PER_RAD) * R2D);
    if (Number.isNaN(phi)) return [NaN, NaN];
    return this.rotation.toCelestial(phi, theta);
  }

  skyToPix(raIcrs: number, decIcrs: number): [number, number] {
    if (!Number.isFinite(raIcrs) || !Number.isFinite(decIcrs) || Math.abs(decIcrs) > 90) return [NaN, NaN];
    const [ra, dec] = this.frame.fromOutput ? this.frame.fromOutput(raIcrs, decIcrs) : [raIcrs, decIcrs];
    const [phi, theta] = this.rotation.toNative(ra, dec);
    const [gx, gy] = this.tan.fromNative(phi, theta);
    if (Number.isNaN(gx)) return [NaN, NaN];
    const xi = gx * D2R * ARCSEC_PER_RAD;
    const eta = gy * D2R * ARCSEC_PER_RAD;
    // Newton iterations on the plate polynomial, from the plate's nominal linear scale
    // (the Jacobian by forward differences of half a pixel; the result is checked on the sky below)
    const p = this.plate;
    const x0 = (p.ppo3 - (xi / p.amdx[0]) * 1000) / p.pixelSize[0] - p.cnpix[0] - 0.5;
    const y0 = ((eta / p.amdy[0]) * 1000 + p.ppo6) / p.pixelSize[1] - p.cnpix[1] - 0.5;
    if (!Number.isFinite(x0) || !Number.isFinite(y0)) return [NaN, NaN];
    const [x, y] = newtonInverse2d(this.standardMap, forwardDifference(this.standardMap, 0.5), xi, eta, x0, y0, { maxIterations: 50, stepTolerance: 1e-11 });
    if (Number.isNaN(x)) return [NaN, NaN];
    const back = this.plateToSky(x, y);
    return separationDeg(ra, dec, back[0], back[1]) < 1e-9 ? [x, y] : [NaN, NaN];
  }

  summary(): { ctype: string[]; center: [number, number] | null; pixelScaleArcsec: number | null; frame: string } {
    const cx = this.width !== null ? (this.width - 1) / 2 : 0;
    const cy = this.height !== null ? (this.height - 1) / 2 : 0;
    const c = this.pixToSky(cx, cy);
    const center: [number, number] | null = Number.isFinite(c[0]) ? c : null;
    return {
      ctype: ['RA---TAN', 'DEC--TAN'],
      center,
      pixelScaleArcsec: center ? pixelScale(this, cx, cy, center) : null,
      frame: this.frame.toOutput ? `ICRS (from ${this.frame.source}, DSS plate solution)` : 'ICRS (DSS plate solution)',
    };
  }
}

/** The 13 position terms of the AMD polynomial for one axis (x/y roles swapped for eta). */
function amd(c: Float64Array, a: number, b: number): number {
  const a2 = a * a;
  const b2 = b * b;
  const r2 = a2 + b2;
  return (
    c[0] * a +
    c[1] * b +
    c[2] +
    c[3] * a2 +
    c[4] * a * b +
    c[5] * b2 +
    c[6] * r2 +
    c[7] * a2 * a +
    c[8] * a2 * b +
    c[9] * a * b2 +
    c[10] * b2 * b +
    c[11] * a * r2 +
    c[12] * a * r2 * r2
  );
}

/** A DSS plate WCS from the header's plate keywords, or null when they are incomplete. */
export function parseDssPlate(header: HeaderLookup, width: number | null, height: number | null): Wcs | null {
  const plate = readPlate(header);
  if (!plate) return null;
  const eq = num(header, 'EQUINOX') ?? num(header, 'EPOCH');
  const rs = header.get('RADESYS') ?? header.get('RADECSYS');
  const frame = equatorialFrame(typeof rs === 'string' ? rs : undefined, eq ?? 2000, observationEpoch(header.get('MJD-OBS'), header.get('DATE-OBS')));
  return new DssPlateWcs(plate, width, height, frame);
}

