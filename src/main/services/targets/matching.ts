/**
 * Which images show which targets: the target's position (moved by its proper motion to the
 * image's date) falls on the image's pixel grid according to the image's WCS.
 */
import { angularSeparation, applyProperMotion, mjdToJulianEpoch } from '../../../core/coords/index.js';
import { midExposure } from '../../../core/time/index.js';
import { headerFromRecord, locate, parseWcs, type HeaderValue, type Wcs } from '../../../core/wcs/index.js';
import type { Target } from './target-rows.js';

/** What matching needs of a data product row. */
export interface MatchableProduct {
  id: number;
  header_json: string | null;
  footprint_json: string | null;
  width: number | null;
  height: number | null;
  has_wcs: 0 | 1;
}

/** A product's header, WCS and mid-exposure time, parsed once. */
export interface ProductGeometry {
  id: number;
  wcs: Wcs | null;
  width: number;
  height: number;
  /** Mid-exposure MJD (UTC) or null when the header has no usable date. */
  mjd: number | null;
  /** Centre and radius (degrees) of a circle holding the footprint, for a quick rejection. */
  centre: [number, number] | null;
  radius: number;
  header: { get(key: string): HeaderValue | undefined };
}

/** Parses a product's stored header (`header_json`) into what matching and photometry need. */
export function productGeometry(p: MatchableProduct): ProductGeometry {
  let record: Record<string, HeaderValue> = {};
  try {
    record = p.header_json ? (JSON.parse(p.header_json) as Record<string, HeaderValue>) : {};
  } catch {
    record = {};
  }
  const header = headerFromRecord(record);
  let wcs: Wcs | null = null;
  if (p.has_wcs === 1) {
    try {
      wcs = parseWcs(header);
    } catch {
      wcs = null;
    }
  }
  let mjd: number | null = null;
  try {
    mjd = midExposure(header).mjdMid;
  } catch {
    mjd = null;
  }
  const width = p.width ?? 0;
  const height = p.height ?? 0;
  let centre: [number, number] | null = null;
  let radius = 180;
  if (wcs && width > 0 && height > 0) {
    const c = wcs.pixToSky((width - 1) / 2, (height - 1) / 2);
    if (Number.isFinite(c[0]) && Number.isFinite(c[1])) {
      centre = c;
      let fp: Array<[number, number]> = [];
      try {
        fp = p.footprint_json ? (JSON.parse(p.footprint_json) as Array<[number, number]>) : [];
      } catch {
        fp = [];
      }
      radius = fp.length >= 3 ? Math.max(...fp.map(([ra, dec]) => angularSeparation(c[0], c[1], ra, dec))) * 1.05 + 1 / 60 : 180;
    }
  }
  return { id: p.id, wcs, width, height, mjd, centre, radius, header };
}

/** The target's (RA, Dec) in degrees at MJD `mjd` (proper motion applied when known). */
export function targetPositionAt(t: Pick<Target, 'ra' | 'dec' | 'epoch' | 'pmRa' | 'pmDec'>, mjd: number | null): { ra: number; dec: number } {
  if (mjd === null || (!t.pmRa && !t.pmDec)) return { ra: t.ra, dec: t.dec };
  return applyProperMotion(t.ra, t.dec, { pmRa: t.pmRa ?? 0, pmDec: t.pmDec ?? 0 }, t.epoch, mjdToJulianEpoch(mjd));
}

/**
 * The 0-based pixel position of a target on an image, or null when it is not on it (or the
 * image has no celestial WCS).
 */
export function locateTarget(g: ProductGeometry, t: Pick<Target, 'ra' | 'dec' | 'epoch' | 'pmRa' | 'pmDec'>): { x: number; y: number } | null {
  if (!g.wcs || g.width <= 0 || g.height <= 0) return null;
  const { ra, dec } = targetPositionAt(t, g.mjd);
  if (g.centre && angularSeparation(g.centre[0], g.centre[1], ra, dec) > g.radius) return null;
  return locate(g.wcs, g.width, g.height, ra, dec);
}

/** Normalised name for OBJECT hints, as the TOM Toolkit's fuzzy match: lower case without blanks, -, _, ( and ). */
export function simpleName(name: string): string {
  return name.toLowerCase().replace(/[\s\-_()]/g, '');
}
