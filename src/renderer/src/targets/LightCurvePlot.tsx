import { useEffect, useMemo, useRef, useState } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { pointFlagReasons } from '../../../core/photometry/index.js';
import type { LightCurvePointView } from '../../../shared/targets.js';
import { themeColour, useColorScheme } from '../theme/theme.js';
import { tickLabels } from './ticks.js';
import { plotData, pointsSummary, samePoints, valueOf, type LightCurveMode, type PlotData } from './light-curve-data.js';

export type { LightCurveMode } from './light-curve-data.js';

/** Series colours by filter, for the dark scheme and the light one (each at least 3:1 against its background). */
const PALETTES = {
  dark: ['#e0a040', '#60a5fa', '#4ade80', '#f472b6', '#c084fc', '#f87171', '#2dd4bf', '#facc15'],
  light: ['#a65f00', '#1d63c9', '#16803c', '#c2185b', '#7e3fc9', '#c62828', '#0f766e', '#7a6400'],
} as const;

/** Vertical error bars of every visible point, one path per series (fast for 10,000 points). */
function errorBars(d: PlotData, colours: readonly string[]): uPlot.Plugin {
  return {
    hooks: {
      draw: (u) => {
        const ctx = u.ctx;
        const [i0, i1] = [u.series[0]!.idxs?.[0] ?? 0, u.series[0]!.idxs?.[1] ?? d.x.length - 1];
        ctx.save();
        ctx.lineWidth = Math.max(1, devicePixelRatio);
        d.series.forEach((s, f) => {
          if (!u.series[f + 1]?.show) return;
          ctx.strokeStyle = `${colours[s.colour % colours.length]}99`;
          ctx.beginPath();
          for (let i = i0; i <= i1; i++) {
            const v = d.y[f]![i];
            const e = d.err[f]![i];
            if (v === null || v === undefined || e === null || e === undefined || !(e > 0)) continue;
            const px = u.valToPos(d.x[i]!, 'x', true);
            ctx.moveTo(px, u.valToPos(v - e, 'y', true));
            ctx.lineTo(px, u.valToPos(v + e, 'y', true));
          }
          ctx.stroke();
        });
        ctx.restore();
      },
    },
  };
}

/** Wheel zooms the time axis around the cursor; shift-drag pans it. */
function wheelZoomPan(): uPlot.Plugin {
  return {
    hooks: {
      ready: (u) => {
        const over = u.over;
        over.addEventListener(
          'wheel',
          (e) => {
            e.preventDefault();
            const { min, max } = u.scales.x as { min: number; max: number };
            const at = u.posToVal(e.offsetX, 'x');
            const k = e.deltaY < 0 ? 0.8 : 1.25;
            u.setScale('x', { min: at - (at - min) * k, max: at + (max - at) * k });
          },
          { passive: false },
        );
        over.addEventListener('mousedown', (e) => {
          if (!e.shiftKey) return;
          e.stopPropagation();
          e.preventDefault();
          const { min, max } = u.scales.x as { min: number; max: number };
          const x0 = e.clientX;
          const perPx = (max - min) / over.clientWidth;
          const move = (m: MouseEvent) => {
            const dv = (m.clientX - x0) * perPx;
            u.setScale('x', { min: min - dv, max: max - dv });
          };
          const up = () => {
            window.removeEventListener('mousemove', move);
            window.removeEventListener('mouseup', up);
          };
          window.addEventListener('mousemove', move);
          window.addEventListener('mouseup', up);
        }, true);
      },
    },
  };
}

export interface LightCurvePlotProps {
  points: readonly LightCurvePointView[];
  mode: LightCurveMode;
  /** A point was clicked: open its image. */
  onPick?: (p: LightCurvePointView) => void;
  height?: number;
}

/**
 * The light curve with uPlot: differential magnitude (inverted axis) or relative flux against
 * mid-exposure MJD, one series per filter, error bars, the hovered point's values, drag to
 * zoom (double-click resets), wheel zoom and shift-drag pan; a click opens the point's image.
 */
export function LightCurvePlot({ points, mode, onPick, height = 320 }: LightCurvePlotProps) {
  const box = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);
  /** The user's zoom, kept when new points arrive and the plot is rebuilt (null: everything). */
  const zoom = useRef<{ min: number; max: number } | null>(null);
  const onPickRef = useRef(onPick);
  onPickRef.current = onPick;
  const [hovered, setHovered] = useState<{ p: LightCurvePointView; left: number; top: number } | null>(null);
  const hover = hovered?.p ?? null;
  // Points fetched again unchanged keep the plot as it is (rebuilding it drops the point under
  // the cursor and the plot's element, which a click may be on its way to).
  const [shown, setShown] = useState(points);
  const [compared, setCompared] = useState(points);
  if (compared !== points) {
    setCompared(points);
    if (!samePoints(shown, points)) setShown(points);
  }
  const data = useMemo(() => plotData(shown, mode), [shown, mode]);
  // Axis and grid colours follow the light or dark scheme (the plot is rebuilt when it changes;
  // data-scheme on the element says which one it is drawn in).
  const scheme = useColorScheme();

  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const colours = PALETTES[scheme];
    const axisColour = themeColour('--muted') || '#8f98ab';
    const gridColour = themeColour('--line') || '#2a3040';
    const width = Math.max(300, el.clientWidth);
    let down: { x: number; y: number } | null = null;
    let built = false;
    const opts: uPlot.Options = {
      width,
      height,
      scales: { x: { time: false }, y: { dir: mode === 'mag' ? -1 : 1 } },
      axes: [
        {
          label: 'MJD (UTC, mid-exposure)',
          stroke: axisColour,
          grid: { stroke: gridColour },
          ticks: { stroke: gridColour },
          space: 90,
          // Plain decimals (no thousands separators), as many as the tick spacing needs; the
          // labels drawn are kept on the element (the canvas has no text to read).
          values: (_u, splits, _axis, _space, incr) => {
            const labels = tickLabels(splits, incr);
            el.dataset.xTicks = labels.join(' ');
            return labels;
          },
        },
        {
          label: mode === 'mag' ? 'Δ magnitude' : 'relative flux',
          stroke: axisColour,
          grid: { stroke: gridColour },
          ticks: { stroke: gridColour },
          size: 64,
          values: (_u, splits, _axis, _space, incr) => tickLabels(splits, incr),
        },
      ],
      series: [
        { label: 'MJD', value: (_u, v) => (v === null ? '—' : v.toFixed(5)) },
        ...data.series.map((s) => ({
          label: s.label,
          stroke: colours[s.colour % colours.length],
          fill: colours[s.colour % colours.length],
          paths: () => null,
          // Upper limits: hollow markers.
          points: { show: true, size: s.limit ? 8 : 6, stroke: colours[s.colour % colours.length], fill: s.limit ? 'transparent' : colours[s.colour % colours.length] },
          value: (_u: uPlot, v: number | null) => (v === null ? '—' : mode === 'mag' ? v.toFixed(4) : v.toFixed(5)),
        })),
      ],
      cursor: { drag: { x: true, y: false, setScale: true }, points: { size: 10 } },
      legend: { show: true },
      plugins: [errorBars(data, colours), wheelZoomPan()],
      hooks: {
        setScale: [
          (u, key) => {
            if (key !== 'x' || !built) return;
            const { min, max } = u.scales.x as { min?: number; max?: number };
            const full = data.x.length > 0 && min !== undefined && max !== undefined && min <= data.x[0]! && max >= data.x[data.x.length - 1]!;
            zoom.current = full || min === undefined || max === undefined ? null : { min, max };
          },
        ],
        setCursor: [
          (u) => {
            const i = u.cursor.idx;
            const p = i !== null && i !== undefined ? data.points[i] : undefined;
            const v = p ? valueOf(p, mode) : null;
            // The hovered point and where it is drawn (CSS pixels in the plot area).
            setHovered(p && v !== null ? { p, left: u.valToPos(p.mjd, 'x'), top: u.valToPos(v, 'y') } : null);
          },
        ],
      },
    };
    const u = new uPlot(opts, [data.x, ...data.y] as uPlot.AlignedData, el);
    plot.current = u;
    built = true;
    el.dataset.scheme = scheme;
    if (zoom.current) u.setScale('x', zoom.current);
    u.over.addEventListener('mousedown', (e) => (down = { x: e.clientX, y: e.clientY }));
    u.over.addEventListener('click', (e) => {
      const moved = down ? Math.hypot(e.clientX - down.x, e.clientY - down.y) : 0;
      down = null;
      const i = u.cursor.idx;
      if (moved > 4 || i === null || i === undefined) return;
      const p = data.points[i];
      if (!p) return;
      // Only a click near the point in time counts (the cursor snaps to the nearest time).
      if (Math.abs(u.valToPos(p.mjd, 'x') - (u.cursor.left ?? -1e9)) > 20) return;
      onPickRef.current?.(p);
    });
    const resize = new ResizeObserver(() => u.setSize({ width: Math.max(300, el.clientWidth), height }));
    resize.observe(el);
    return () => {
      resize.disconnect();
      u.destroy();
      plot.current = null;
    };
  }, [data, height, mode, scheme]);

  return (
    <div className="lightcurve">
      <div className="lightcurve-tools small">
        <button type="button" onClick={() => {
            zoom.current = null;
            plot.current?.setData([data.x, ...data.y] as uPlot.AlignedData, true);
          }} disabled={data.x.length === 0}>
          Reset zoom
        </button>
        <span className="muted">drag: zoom · wheel: zoom · shift-drag: pan · double-click: all · click a point: its image</span>
      </div>
      <div
        ref={box}
        className="lightcurve-plot"
        data-testid="lightcurve-plot"
        data-points={data.points.length} data-total={data.total} data-hover-product={hover?.product ?? ''}
        data-hover-x={hovered ? hovered.left.toFixed(1) : ''}
        data-hover-y={hovered ? hovered.top.toFixed(1) : ''}
      />
      <div className="lightcurve-hover small" data-testid="lightcurve-hover">
        {hover ? (
          <>
            <span>{hover.product}</span>
            <span>MJD {hover.mjd.toFixed(6)}</span>
            {hover.bjdTdb !== null && <span>BJD_TDB {hover.bjdTdb.toFixed(6)}</span>}
            <span>{hover.filter ?? 'no filter'}</span>
            <span>
              {mode === 'mag'
                ? hover.mag === null && hover.magLimit !== null
                  ? `Δmag > ${hover.magLimit.toFixed(3)} (upper limit, 3σ)`
                  : `Δmag ${hover.mag?.toFixed(4) ?? '—'} ± ${hover.magErr?.toFixed(4) ?? '—'}`
                : `rel. flux ${hover.relFlux?.toFixed(5) ?? '—'} ± ${hover.relFluxErr?.toFixed(5) ?? '—'}`}
            </span>
            <span>flux {hover.flux?.toFixed(1) ?? '—'} ± {hover.fluxErr?.toFixed(1) ?? '—'} ADU</span>
            {hover.airmass !== null && <span>airmass {hover.airmass.toFixed(3)}</span>}
            <span>{hover.nComparisons} comparison star(s)</span>
            {pointFlagReasons(hover.flags).map((r) => (
              <span key={r} className="muted">{r}</span>
            ))}
          </>
        ) : (
          <span className="muted" data-testid="lightcurve-count">{pointsSummary(data)}; hover for values</span>
        )}
      </div>
    </div>
  );
}
