import { separationDeg } from '../wcs/index.js';

const D2R = Math.PI / 180;

/**
 * Great-circle distance between two positions (RA, Dec in degrees), in degrees. Vincenty's
 * formula, accurate at all separations (0 to 180°); the same function the WCS code uses.
 */
export const angularSeparation: (ra1: number, dec1: number, ra2: number, dec2: number) => number = separationDeg;

/**
 * Position angle (degrees east of north, in [0, 360)) of position 2 as seen from position 1;
 * RA/Dec in degrees.
 */
export function positionAngle(ra1: number, dec1: number, ra2: number, dec2: number): number {
  const dra = (ra2 - ra1) * D2R;
  const d1 = dec1 * D2R;
  const d2 = dec2 * D2R;
  const y = Math.sin(dra) * Math.cos(d2);
  const x = Math.cos(d1) * Math.sin(d2) - Math.sin(d1) * Math.cos(d2) * Math.cos(dra);
  const pa = Math.atan2(y, x) / D2R;
  return (pa + 360) % 360;
}
