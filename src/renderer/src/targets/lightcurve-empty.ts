import type { LightCurvePointView } from '../../../shared/targets.js';
import { plotData, type LightCurveMode } from './light-curve-data.js';

/**
 * What the light-curve area says instead of an empty plot (null: there is something to plot):
 * loading; no measurements yet, and what makes points appear; or, when no point has a value in
 * this mode (no Δ magnitude without comparison stars), why, and the mode that shows them.
 * `points` is undefined while they are being fetched.
 */
export function lightCurveEmptyText(name: string, points: readonly LightCurvePointView[] | undefined, mode: LightCurveMode): string | null {
  if (points === undefined) return 'Loading the light curve…';
  if (points.length === 0) {
    return `No measurements yet — points appear once an image of ${name} with a sky position (a WCS in its header, or a plate solution) has been extracted: its photometry then runs by itself (or use Measure again).`;
  }
  const d = plotData(points, mode);
  if (d.points.length > 0) return null;
  const why = d.missing.map((m) => `${m.count}: ${m.reason}`).join('; ');
  return mode === 'mag'
    ? `None of the ${d.total} measurements has a Δ magnitude (${why}); Relative flux shows them.`
    : `None of the ${d.total} measurements has a relative flux (${why}).`;
}
