import { separationDeg } from './angles.js';
import type { Wcs } from './types.js';

/**
 * The sky polygon of an image: (RA, Dec) in degrees of points along the outer edges of the
 * pixel grid (x from -0.5 to width - 0.5, y from -0.5 to height - 0.5, 0-based pixels),
 * walked corner (-0.5, -0.5) → (width - 0.5, -0.5) → (width - 0.5, height - 0.5) →
 * (-0.5, height - 0.5), with `samplesPerSide` points per edge (the corner plus evenly spaced
 * points; ≥ 1, default 4, so curved edges of wide-field projections are followed). Points
 * where the projection is undefined are left out. The polygon is not closed (the first point
 * is not repeated). RA values wrap at 0/360 and around a pole inside the image: to test
 * whether a position is on the image use {@link locate}, not a planar point-in-polygon test
 * on (RA, Dec).
 */
export function footprint(wcs: Wcs, width: number, height: number, samplesPerSide = 4): Array<[number, number]> {
  const n = Math.max(1, Math.floor(samplesPerSide));
  const x0 = -0.5;
  const y0 = -0.5;
  const x1 = width - 0.5;
  const y1 = height - 0.5;
  const edges: Array<[number, number, number, number]> = [
    [x0, y0, x1, y0],
    [x1, y0, x1, y1],
    [x1, y1, x0, y1],
    [x0, y1, x0, y0],
  ];
  const out: Array<[number, number]> = [];
  for (const [ax, ay, bx, by] of edges) {
    for (let i = 0; i < n; i++) {
      const t = i / n;
      const s = wcs.pixToSky(ax + (bx - ax) * t, ay + (by - ay) * t);
      if (Number.isFinite(s[0]) && Number.isFinite(s[1])) out.push(s);
    }
  }
  return out;
}

/**
 * Is (ra, dec) (ICRS degrees, as `pixToSky` returns) on the image, and at which pixel?
 * Returns the 0-based pixel (x, y) when it falls on the pixel grid (-0.5 ≤ x < width - 0.5,
 * -0.5 ≤ y < height - 0.5) and maps back to the same sky position (within 10 mas, which
 * rejects the far-side solutions of some projections); otherwise null.
 */
export function locate(wcs: Wcs, width: number, height: number, ra: number, dec: number): { x: number; y: number } | null {
  const [x, y] = wcs.skyToPix(ra, dec);
  if (!Number.isFinite(x) || !Number.isFinite(y)) return null;
  if (x < -0.5 || y < -0.5 || x >= width - 0.5 || y >= height - 0.5) return null;
  const [ra2, dec2] = wcs.pixToSky(x, y);
  if (!(separationDeg(ra, dec, ra2, dec2) < 10 / 3_600_000)) return null;
  return { x, y };
}
