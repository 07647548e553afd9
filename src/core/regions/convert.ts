/**
 * Between DS9 regions and the viewer's pixel shapes: sources (0-based pixels) → regions in ICRS
 * (with a WCS) or image coordinates, and regions from a file → pixel shapes to draw. Pixel
 * shapes are 0-based, sizes in pixels, angles in degrees counter-clockwise from image +x.
 */
import { angularSeparation, positionAngle } from '../coords/index.js';
import type { Wcs } from '../wcs/index.js';
import { RegionError, type ParsedRegion, type Region, type RegionFile, type RegionShape } from './ds9.js';

const D2R = Math.PI / 180;

/** The position `dist` degrees from (ra, dec) at position angle `pa` (degrees east of north). */
export function skyOffset(ra: number, dec: number, pa: number, dist: number): [number, number] {
  const d = dist * D2R;
  const t = pa * D2R;
  const d1 = dec * D2R;
  const sinD2 = Math.sin(d1) * Math.cos(d) + Math.cos(d1) * Math.sin(d) * Math.cos(t);
  const d2 = Math.asin(Math.max(-1, Math.min(1, sinD2)));
  const dra = Math.atan2(Math.sin(t) * Math.sin(d) * Math.cos(d1), Math.cos(d) - Math.sin(d1) * sinD2);
  return [(((ra + dra / D2R) % 360) + 360) % 360, d2 / D2R];
}

/** A pixel length `len` along image angle `theta` (degrees) from (x, y), as [arcsec, DS9 sky angle]. */
function skyLength(wcs: Wcs, x: number, y: number, len: number, theta: number): [number, number] {
  const [ra, dec] = wcs.pixToSky(x, y);
  const [ra2, dec2] = wcs.pixToSky(x + len * Math.cos(theta * D2R), y + len * Math.sin(theta * D2R));
  const arcsec = angularSeparation(ra, dec, ra2, dec2) * 3600;
  // DS9's sky angle runs from west towards north: west is PA 270, so angle = PA + 90.
  return [arcsec, (positionAngle(ra, dec, ra2, dec2) + 90) % 360];
}

/** A sky length `arcsec` at DS9 sky angle `angle` from (ra, dec), as [pixels, image angle]. */
function pixelLength(wcs: Wcs, x: number, y: number, ra: number, dec: number, arcsec: number, angle: number): [number, number] {
  const [ra2, dec2] = skyOffset(ra, dec, angle - 90, arcsec / 3600);
  const [x2, y2] = wcs.skyToPix(ra2, dec2);
  return [Math.hypot(x2 - x, y2 - y), Math.atan2(y2 - y, x2 - x) / D2R];
}

/** A source drawn as the viewer draws it: 0-based centre, semi-axes in pixels, theta CCW from +x. */
export interface PixelEllipse {
  id: number;
  x: number;
  y: number;
  a: number;
  b: number;
  theta: number;
}

/**
 * Sources as DS9 ellipses labelled with their ids: in ICRS (centre RA/Dec, semi-axes in
 * arcseconds measured along each axis through the WCS) when `wcs` is given, in image
 * coordinates otherwise.
 */
export function sourcesToRegions(sources: readonly PixelEllipse[], wcs: Wcs | null): RegionFile {
  const regions: Region[] = [];
  for (const s of sources) {
    if (!wcs) {
      regions.push({ shape: 'ellipse', x: s.x, y: s.y, a: s.a, b: s.b, angle: s.theta, text: String(s.id) });
      continue;
    }
    const [ra, dec] = wcs.pixToSky(s.x, s.y);
    if (!Number.isFinite(ra) || !Number.isFinite(dec)) continue;
    const [a, angle] = skyLength(wcs, s.x, s.y, s.a, s.theta);
    const [b] = skyLength(wcs, s.x, s.y, s.b, s.theta + 90);
    regions.push({ shape: 'ellipse', x: ra, y: dec, a, b, angle, text: String(s.id) });
  }
  return { system: wcs ? 'icrs' : 'image', regions };
}

/**
 * A region read from a file as a pixel shape. A sky region needs `wcs`; without one it throws
 * {@link RegionError} `region_no_system`. Returns null when the position is not on the WCS's sky.
 */
export function regionToPixels(region: ParsedRegion, wcs: Wcs | null): RegionShape | null {
  if (region.system === 'image') {
    const { system: _s, text: _t, color: _c, ...shape } = region;
    return shape as RegionShape;
  }
  if (!wcs) throw new RegionError('region_no_system', 0, `a ${region.system} region needs an image with a WCS`);
  const toPix = (ra: number, dec: number): [number, number] | null => {
    const p = wcs.skyToPix(ra, dec);
    return Number.isFinite(p[0]) && Number.isFinite(p[1]) ? p : null;
  };
  if (region.shape === 'polygon') {
    const points = region.points.map(([ra, dec]) => toPix(ra, dec));
    return points.every((p) => p !== null) ? { shape: 'polygon', points: points as Array<[number, number]> } : null;
  }
  const c = toPix(region.x, region.y);
  if (!c) return null;
  const [x, y] = c;
  switch (region.shape) {
    case 'point':
      return { shape: 'point', x, y };
    case 'circle':
      return { shape: 'circle', x, y, r: pixelLength(wcs, x, y, region.x, region.y, region.r, 0)[0] };
    case 'ellipse': {
      const [a, angle] = pixelLength(wcs, x, y, region.x, region.y, region.a, region.angle);
      const [b] = pixelLength(wcs, x, y, region.x, region.y, region.b, region.angle + 90);
      return { shape: 'ellipse', x, y, a, b, angle };
    }
    case 'box': {
      const [width, angle] = pixelLength(wcs, x, y, region.x, region.y, region.width, region.angle);
      const [height] = pixelLength(wcs, x, y, region.x, region.y, region.height, region.angle + 90);
      return { shape: 'box', x, y, width, height, angle };
    }
  }
}
