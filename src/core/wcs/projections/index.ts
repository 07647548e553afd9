import { WcsError } from '../errors.js';
import { Air } from './air.js';
import { Ait } from './ait.js';
import { Car } from './car.js';
import { makeConic } from './conic.js';
import { makeCylindrical } from './cylindrical.js';
import { Hpx, Xph } from './hpx.js';
import { makePolyconic } from './polyconic.js';
import { Csc, Qsc, Tsc } from './quadcube.js';
import { Szp } from './szp.js';
import type { Projection, ProjectionParams } from './types.js';
import { makeZenithal } from './zenithal.js';
import { Zpn } from './zpn.js';

export type { Projection, ProjectionParams } from './types.js';
export { TpvDistortion } from './tpv.js';

/**
 * Projection codes implemented here: every projection of Paper II, HPX and XPH (wcslib's
 * list), plus TPV (TAN plus {@link TpvDistortion}) and the legacy NCP (SIN with a slant).
 */
export const SUPPORTED_PROJECTIONS = [
  'AZP', 'SZP', 'TAN', 'STG', 'SIN', 'ARC', 'ZPN', 'ZEA', 'AIR',
  'CYP', 'CEA', 'CAR', 'MER', 'SFL', 'PAR', 'MOL', 'AIT',
  'COP', 'COE', 'COD', 'COO', 'BON', 'PCO', 'TSC', 'CSC', 'QSC', 'HPX', 'XPH',
  'TPV', 'NCP',
] as const;

/**
 * Create the projection for a three-letter code, with the latitude axis's PVi_m parameters
 * (indexed by m; undefined when absent, then the projection's default applies).
 * `TPV` gives the TAN projection (the caller applies the polynomial). Throws a
 * `WcsError('wcs_unsupported_projection')` for other codes, and
 * `WcsError('wcs_bad_parameter')` for parameters the projection cannot take.
 */
export function makeProjection(code: string, pv: ProjectionParams): Projection {
  switch (code) {
    case 'CAR':
      return new Car();
    case 'AIT':
      return new Ait();
    case 'ZPN':
      return new Zpn(pv);
    case 'SZP':
      return new Szp(pv[1] ?? 0, pv[2] ?? 0, pv[3] ?? 90);
    case 'AIR':
      return new Air(pv[1] ?? 90);
    case 'TSC':
      return new Tsc();
    case 'CSC':
      return new Csc();
    case 'QSC':
      return new Qsc();
    case 'HPX':
      return new Hpx(pv[1] ?? 4, pv[2] ?? 3);
    case 'XPH':
      return new Xph();
  }
  const p = makeCylindrical(code, pv) ?? makeConic(code, pv) ?? makePolyconic(code, pv) ?? makeZenithal(code === 'TPV' ? 'TAN' : code, pv);
  if (p) return p;
  throw new WcsError('wcs_unsupported_projection', `projection "${code}" is not supported`);
}
