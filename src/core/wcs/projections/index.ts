import { WcsError } from '../errors.js';
import { Ait } from './ait.js';
import { Car } from './car.js';
import { makeCylindrical } from './cylindrical.js';
import type { Projection, ProjectionParams } from './types.js';
import { makeZenithal } from './zenithal.js';
import { Zpn } from './zpn.js';

export type { Projection, ProjectionParams } from './types.js';
export { TpvDistortion } from './tpv.js';

/** Projection codes implemented here (TPV is TAN plus {@link TpvDistortion}). */
export const SUPPORTED_PROJECTIONS = ['TAN', 'SIN', 'ARC', 'ZEA', 'STG', 'AZP', 'ZPN', 'CAR', 'MER', 'CEA', 'SFL', 'PAR', 'MOL', 'AIT', 'TPV', 'NCP'] as const;

/**
 * Create the projection for a three-letter code, with the latitude axis's PVi_m parameters.
 * `TPV` gives the TAN projection (the caller applies the polynomial). Throws a
 * `WcsError('WCS_UNSUPPORTED_PROJECTION')` for other codes.
 */
export function makeProjection(code: string, pv: ProjectionParams): Projection {
  if (code === 'CAR') return new Car();
  if (code === 'AIT') return new Ait();
  if (code === 'ZPN') return new Zpn(pv);
  const c = makeCylindrical(code, pv);
  if (c) return c;
  const z = makeZenithal(code === 'TPV' ? 'TAN' : code, pv);
  if (z) return z;
  throw new WcsError('WCS_UNSUPPORTED_PROJECTION', `projection "${code}" is not supported`);
}
