/**
 * A product's plate solution as its view carries it: the columns selected beside a product row
 * (`LEFT JOIN solutions s`) and the {@link SolutionView} made of them. See solutions.ts for
 * storing a solution.
 */
import type { SolutionView } from '../../../shared/domain.js';

/** The columns of a solution a product's view carries, as selected beside a product row (`LEFT JOIN solutions s`). */
export interface SolutionColumns {
  sol_solved: 0 | 1 | null;
  sol_ra: number | null;
  sol_dec: number | null;
  sol_scale: number | null;
  sol_rotation: number | null;
  sol_parity: 'normal' | 'flipped' | null;
  sol_matched: number | null;
  sol_rms: number | null;
  sol_index: number | null;
  sol_reason: string | null;
  sol_message: string | null;
  sol_seconds: number | null;
}

/** The select list of {@link SolutionColumns} for a query that joins `solutions s`. */
export const SOLUTION_SELECT =
  's.solved AS sol_solved, s.ra AS sol_ra, s.dec AS sol_dec, s.scale_arcsec AS sol_scale, s.rotation_deg AS sol_rotation, s.parity AS sol_parity, ' +
  's.matched AS sol_matched, s.rms_arcsec AS sol_rms, s.index_id AS sol_index, s.reason AS sol_reason, s.message AS sol_message, s.seconds AS sol_seconds';

/** The solution of a row that has the columns (null: none stored, or the row was read without them). */
export function solutionView(row: Partial<SolutionColumns>): SolutionView | null {
  if (row.sol_solved === 1) {
    return {
      solved: true,
      ra: row.sol_ra ?? Number.NaN,
      dec: row.sol_dec ?? Number.NaN,
      scaleArcsec: row.sol_scale ?? Number.NaN,
      rotationDeg: row.sol_rotation ?? Number.NaN,
      parity: row.sol_parity ?? 'normal',
      matched: row.sol_matched ?? 0,
      rmsArcsec: row.sol_rms ?? Number.NaN,
      indexId: row.sol_index ?? null,
      seconds: row.sol_seconds ?? 0,
    };
  }
  if (row.sol_solved === 0) {
    const reason = row.sol_reason as Extract<SolutionView, { solved: false }>['reason'] | null;
    return { solved: false, reason: reason ?? 'no_match', message: row.sol_message ?? '', seconds: row.sol_seconds ?? 0 };
  }
  return null;
}
