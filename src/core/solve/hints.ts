/**
 * Solver hints from a FITS header: a rough position (RA/DEC, OBJCTRA/OBJCTDEC, or CRVAL of a
 * celestial WCS) and a pixel scale (PIXSCALE or SECPIX in arcsec/pixel, or XPIXSZ in µm ×
 * XBINNING over FOCALLEN in mm). Values that cannot be parsed are ignored (no hint), never
 * guessed. Degrees and arcsec per pixel throughout.
 */
import { headerNumber } from '../fits/index.js';
import type { HeaderLookup } from '../wcs/index.js';

export interface HeaderHints {
  ra?: number;
  dec?: number;
  /** Where the position came from (keyword names). */
  positionFrom?: string;
  /** Pixel scale, arcsec per pixel. */
  scale?: number;
  scaleFrom?: string;
}


/** Sexagesimal "hh mm ss.s" / "hh:mm:ss.s" (or a plain number) → number in the first unit. */
export function parseSexagesimal(v: unknown): number | undefined {
  const n = headerNumber(v);
  if (n !== undefined) return n;
  if (typeof v !== 'string') return undefined;
  const m = /^\s*([+-]?)(\d+(?:\.\d+)?)[\s:hd°]+(\d+(?:\.\d+)?)(?:[\s:m']+(\d+(?:\.\d+)?))?\s*[s"]?\s*$/.exec(v);
  if (!m) return undefined;
  const value = Number(m[2]) + Number(m[3]) / 60 + (m[4] !== undefined ? Number(m[4]) / 3600 : 0);
  return m[1] === '-' ? -value : value;
}

/** The hints a header offers (see the module comment). */
export function hintsFromHeader(h: HeaderLookup): HeaderHints {
  const out: HeaderHints = {};
  const valid = (ra: number | undefined, dec: number | undefined): boolean => ra !== undefined && dec !== undefined && ra >= 0 && ra < 360 && Math.abs(dec) <= 90;
  // RA/DEC: degrees when numbers, hours when sexagesimal strings
  const raV = h.get('RA');
  const decV = h.get('DEC');
  let ra = typeof raV === 'string' && headerNumber(raV) === undefined ? mul(parseSexagesimal(raV), 15) : headerNumber(raV);
  let dec = parseSexagesimal(decV);
  if (valid(ra, dec)) Object.assign(out, { ra, dec, positionFrom: 'RA/DEC' });
  else {
    ra = mul(parseSexagesimal(h.get('OBJCTRA')), 15);
    dec = parseSexagesimal(h.get('OBJCTDEC'));
    if (valid(ra, dec)) Object.assign(out, { ra, dec, positionFrom: 'OBJCTRA/OBJCTDEC' });
    else {
      const c1 = String(h.get('CTYPE1') ?? '');
      const c2 = String(h.get('CTYPE2') ?? '');
      ra = headerNumber(h.get('CRVAL1'));
      dec = headerNumber(h.get('CRVAL2'));
      if (c1.startsWith('RA--') && c2.startsWith('DEC-') && valid(ra, dec)) Object.assign(out, { ra, dec, positionFrom: 'CRVAL1/CRVAL2' });
    }
  }
  const pix = headerNumber(h.get('PIXSCALE')) ?? headerNumber(h.get('SECPIX'));
  if (pix !== undefined && pix > 0) Object.assign(out, { scale: pix, scaleFrom: h.get('PIXSCALE') !== undefined ? 'PIXSCALE' : 'SECPIX' });
  else {
    const size = headerNumber(h.get('XPIXSZ'));
    const bin = headerNumber(h.get('XBINNING')) ?? 1;
    const focal = headerNumber(h.get('FOCALLEN'));
    if (size !== undefined && focal !== undefined && size > 0 && focal > 0 && bin > 0) {
      // XPIXSZ is the unbinned pixel in µm (some writers store it binned: the range below absorbs neither)
      out.scale = ((size * bin * 1e-3) / focal) * (180 / Math.PI) * 3600;
      out.scaleFrom = 'XPIXSZ·XBINNING/FOCALLEN';
    }
  }
  return out;
}

function mul(v: number | undefined, f: number): number | undefined {
  return v === undefined ? undefined : v * f;
}
