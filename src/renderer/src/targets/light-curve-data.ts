/**
 * The light curve's points arranged for the plot (pure: no uPlot, no DOM): one series per
 * filter and kind, what cannot be plotted in a mode counted with its reason.
 */
import { noMagnitudeReason, pointFlagReasons, PointFlags } from '../../../core/photometry/index.js';
import type { LightCurvePointView } from '../../../shared/targets.js';

export type LightCurveMode = 'mag' | 'flux';

/** One plotted series: a filter's measured points, or its upper limits (hollow markers). */
export interface PlotSeries {
  label: string;
  /** Index of the filter (its colour). */
  colour: number;
  limit: boolean;
}

/** The plotted points in time order, one series per filter and kind (null where a point is of another). */
export interface PlotData {
  points: LightCurvePointView[];
  series: PlotSeries[];
  x: number[];
  /** Per series: values and errors (null: not this series, or no value). */
  y: Array<Array<number | null>>;
  err: Array<Array<number | null>>;
  /** Every point of the light curve, plotted or not. */
  total: number;
  /** Upper limits among the plotted points. */
  limits: number;
  /** Points that cannot be plotted in this mode, by reason. */
  missing: Array<{ reason: string; count: number }>;
}

export const isLimit = (p: LightCurvePointView): boolean => (p.flags & PointFlags.UPPER_LIMIT) !== 0;

/** The value a point is plotted at: Δmag (an upper limit at its limit) or relative flux. */
export function valueOf(p: LightCurvePointView, mode: LightCurveMode): number | null {
  return mode === 'mag' ? (p.mag ?? p.magLimit) : p.relFlux;
}

/**
 * Arranges light-curve points for uPlot: shared x (MJD), one y and error column per filter and
 * per kind (measured, upper limit); what cannot be plotted is counted with its reason.
 */
export function plotData(all: readonly LightCurvePointView[], mode: LightCurveMode): PlotData {
  const points = all.filter((p) => valueOf(p, mode) !== null).sort((a, b) => a.mjd - b.mjd);
  const filters = [...new Set(points.map((p) => p.filter ?? 'unknown'))].sort();
  const series: PlotSeries[] = [];
  const index = new Map<string, number>();
  filters.forEach((f, colour) => {
    for (const limit of [false, true]) {
      if (!points.some((p) => (p.filter ?? 'unknown') === f && isLimit(p) === limit)) continue;
      index.set(`${f}\u0000${limit}`, series.length);
      series.push({ label: limit ? `${f} (upper limit)` : f, colour, limit });
    }
  });
  const y = series.map(() => new Array<number | null>(points.length).fill(null));
  const err = series.map(() => new Array<number | null>(points.length).fill(null));
  points.forEach((p, i) => {
    const k = index.get(`${p.filter ?? 'unknown'}\u0000${isLimit(p)}`)!;
    y[k]![i] = valueOf(p, mode);
    err[k]![i] = mode === 'mag' ? p.magErr : p.relFluxErr;
  });
  const reasons = new Map<string, number>();
  for (const p of all) {
    if (valueOf(p, mode) !== null) continue;
    const why = (mode === 'mag' ? noMagnitudeReason(p) : null) ?? pointFlagReasons(p.flags)[0] ?? 'no relative flux';
    reasons.set(why, (reasons.get(why) ?? 0) + 1);
  }
  return {
    points,
    series,
    x: points.map((p) => p.mjd),
    y,
    err,
    total: all.length,
    limits: points.filter(isLimit).length,
    missing: [...reasons].map(([reason, count]) => ({ reason, count })),
  };
}

/** "12 point(s): 2 upper limit(s), 1 without a value (no comparison star …)". */
export function pointsSummary(d: PlotData): string {
  const parts: string[] = [];
  if (d.limits > 0) parts.push(`${d.limits} upper limit(s)`);
  for (const m of d.missing) parts.push(`${m.count} not plotted: ${m.reason}`);
  return `${d.total} point(s)${parts.length > 0 ? `; ${parts.join('; ')}` : ''}`;
}

/**
 * The same points, field by field: a light curve fetched again after another target changed (or
 * a photometry run that changed nothing) comes back equal but as new objects.
 */
export function samePoints(a: readonly LightCurvePointView[], b: readonly LightCurvePointView[]): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const p = a[i] as Record<string, unknown>;
    const q = b[i] as Record<string, unknown>;
    const keys = Object.keys(p);
    if (keys.length !== Object.keys(q).length || keys.some((k) => !Object.is(p[k], q[k]))) return false;
  }
  return true;
}
