import { useCallback, useEffect, useMemo, useRef, useState, type PointerEvent, type WheelEvent } from 'react';
import { COLORMAPS, STRETCHES, type Colormap, type Stretch } from '../../../core/display/index.js';
import { Header, type Card } from '../../../core/fits/index.js';
import { formatWcsProblem, readWcs, type Wcs } from '../../../core/wcs/index.js';
import type { FromWorker, ToWorker } from './protocol.js';
import { fitView, imageToScreen, screenToImage, zoomAt, type View } from './view.js';

/** A source to draw: 0-based FITS pixel position, semi-axes in pixels, theta in degrees CCW from +x. */
export interface OverlaySource {
  id: number;
  x: number;
  y: number;
  a: number;
  b: number;
  theta: number;
}

export interface ImageViewerProps {
  /** URL of the FITS bytes (the host's /files/product/ID or nightshift://product/ID). */
  src: string;
  sources?: readonly OverlaySource[];
  /** Centre the view on this pixel when it changes. */
  focus?: { x: number; y: number; key: number } | null;
  /** Extra markers (e.g. a target), drawn as circles of radius `r` pixels. */
  markers?: ReadonlyArray<{ x: number; y: number; r: number; label: string }>;
  /** Called once the image is decoded, with its header cards, its WCS, and why the WCS cannot be read (null if it can or there is none). */
  onLoaded?: (info: { width: number; height: number; cards: Card[]; wcs: Wcs | null; wcsError: string | null }) => void;
}

interface Loaded {
  width: number;
  height: number;
  low: number;
  high: number;
  min: number;
  max: number;
  wcs: Wcs | null;
  /** The frame the RA/Dec (always ICRS) came from, `Wcs.summary().frame`. */
  frame: string | null;
  /** Why the header's WCS cannot be read, `message [CODE]`; null if it can or there is none. */
  wcsError: string | null;
}

/** The WCS of the decoded header, or why it cannot be read. */
function headerWcs(cards: Card[]): { wcs: Wcs | null; frame: string | null; wcsError: string | null } {
  try {
    const r = readWcs(new Header(cards));
    if (r.wcs) return { wcs: r.wcs, frame: r.wcs.summary().frame, wcsError: null };
    return { wcs: null, frame: null, wcsError: r.error ? formatWcsProblem(r.error) : null };
  } catch (err) {
    return { wcs: null, frame: null, wcsError: `unexpected error reading the WCS: ${err instanceof Error ? err.message : String(err)}` };
  }
}

/** Up to this many visible sources are SVG ellipses (inspectable); beyond, they are painted on the canvas. */
const MAX_SVG_ELLIPSES = 800;
const MAX_ELLIPSES = 20_000;

/**
 * A FITS image with zscale limits, stretches and colour maps, smooth pan (drag) and zoom
 * (wheel), source ellipses on top, and the cursor's pixel, value and RA/Dec. Decoding and
 * scaling happen in a worker; this component only draws the finished bitmap.
 */
export function ImageViewer({ src, sources = [], focus = null, markers = [], onLoaded }: ImageViewerProps) {
  const box = useRef<HTMLDivElement>(null);
  const canvas = useRef<HTMLCanvasElement>(null);
  const worker = useRef<Worker | null>(null);
  const bitmap = useRef<ImageBitmap | null>(null);
  const drag = useRef<{ x: number; y: number; view: View } | null>(null);
  const seq = useRef(0);
  const onLoadedRef = useRef(onLoaded);
  onLoadedRef.current = onLoaded;
  const [size, setSize] = useState({ w: 600, h: 400 });
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [view, setView] = useState<View | null>(null);
  const [stretch, setStretch] = useState<Stretch>('linear');
  const [colormap, setColormap] = useState<Colormap>('gray');
  const [limits, setLimits] = useState<'zscale' | 'minmax'>('zscale');
  const [showSources, setShowSources] = useState(true);
  const [frameTick, setFrameTick] = useState(0);
  const [cursor, setCursor] = useState<{ x: number; y: number; value: number | null; sky: [number, number] | null } | null>(null);

  // One worker per image.
  useEffect(() => {
    const w = new Worker(new URL('./image.worker.ts', import.meta.url), { type: 'module' });
    worker.current = w;
    setLoaded(null);
    setError(null);
    setView(null);
    w.onmessage = (event: MessageEvent<FromWorker>) => {
      const msg = event.data;
      if (msg.type === 'loaded') {
        const { wcs, frame, wcsError } = headerWcs(msg.cards);
        setLoaded({ width: msg.width, height: msg.height, low: msg.low, high: msg.high, min: msg.min, max: msg.max, wcs, frame, wcsError });
        onLoadedRef.current?.({ width: msg.width, height: msg.height, cards: msg.cards, wcs, wcsError });
      } else if (msg.type === 'frame') {
        const data = new ImageData(new Uint8ClampedArray(msg.rgba), msg.width, msg.height);
        void createImageBitmap(data).then((bmp) => {
          bitmap.current?.close();
          bitmap.current = bmp;
          setFrameTick((t) => t + 1);
        });
      } else if (msg.type === 'value') {
        if (msg.seq === seq.current) setCursor((c) => (c ? { ...c, value: msg.value } : c));
      } else if (msg.type === 'error') {
        setError(msg.message);
      }
    };
    w.postMessage({ type: 'load', url: src } satisfies ToWorker);
    return () => {
      w.terminate();
      worker.current = null;
      bitmap.current?.close();
      bitmap.current = null;
    };
  }, [src]);

  // Re-render the bitmap when the display settings change.
  useEffect(() => {
    if (!loaded || !worker.current) return;
    const [low, high] = limits === 'zscale' ? [loaded.low, loaded.high] : [loaded.min, loaded.max];
    worker.current.postMessage({ type: 'render', low, high, stretch, colormap } satisfies ToWorker);
  }, [loaded, stretch, colormap, limits]);

  // Track the container's size.
  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const ro = new ResizeObserver(([entry]) => {
      if (entry) setSize({ w: Math.max(100, Math.floor(entry.contentRect.width)), h: Math.max(100, Math.floor(entry.contentRect.height)) });
    });
    ro.observe(el);
    return () => ro.disconnect();
  }, []);

  // Fit the image once it is known.
  useEffect(() => {
    if (loaded && !view) setView(fitView(loaded.width, loaded.height, size.w, size.h));
  }, [loaded, view, size]);

  // Centre on a requested pixel.
  useEffect(() => {
    if (!focus || !loaded) return;
    setView((v) => {
      const scale = Math.max(v?.scale ?? 1, 2);
      const bx = focus.x + 0.5;
      const by = loaded.height - 0.5 - focus.y;
      return { scale, offsetX: size.w / 2 - bx * scale, offsetY: size.h / 2 - by * scale };
    });
  }, [focus, loaded, size.w, size.h]);

  const ellipses = useMemo(() => {
    if (!view || !loaded || !showSources) return [];
    const out: Array<OverlaySource & { sx: number; sy: number }> = [];
    for (const s of sources) {
      const [sx, sy] = imageToScreen(view, loaded.height, s.x, s.y);
      const r = 3 * Math.max(s.a, 1) * view.scale;
      if (sx < -r || sy < -r || sx > size.w + r || sy > size.h + r) continue;
      out.push({ ...s, sx, sy });
      if (out.length >= MAX_ELLIPSES) break;
    }
    return out;
  }, [sources, view, loaded, showSources, size]);

  // Draw.
  useEffect(() => {
    const c = canvas.current;
    const ctx = c?.getContext('2d');
    if (!c || !ctx) return;
    const dpr = window.devicePixelRatio || 1;
    c.width = size.w * dpr;
    c.height = size.h * dpr;
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.fillStyle = '#0b0d12';
    ctx.fillRect(0, 0, size.w, size.h);
    if (!bitmap.current || !view) return;
    ctx.imageSmoothingEnabled = view.scale < 1;
    ctx.setTransform(view.scale * dpr, 0, 0, view.scale * dpr, view.offsetX * dpr, view.offsetY * dpr);
    ctx.drawImage(bitmap.current, 0, 0);
    if (ellipses.length > MAX_SVG_ELLIPSES) {
      // Many sources: paint them. Ellipses smaller than a few screen pixels become dots, which
      // keeps pan and zoom smooth with tens of thousands of sources in view.
      ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
      ctx.strokeStyle = '#4ade80';
      ctx.fillStyle = '#4ade80';
      ctx.lineWidth = 1;
      const path = new Path2D();
      for (const e of ellipses) {
        const rx = 3 * Math.max(e.a, 0.5) * view.scale;
        const ry = 3 * Math.max(e.b, 0.5) * view.scale;
        if (rx < 3) {
          ctx.fillRect(e.sx - 1, e.sy - 1, 2, 2);
          continue;
        }
        const angle = (-e.theta * Math.PI) / 180;
        path.moveTo(e.sx + rx * Math.cos(angle), e.sy + rx * Math.sin(angle));
        path.ellipse(e.sx, e.sy, rx, ry, angle, 0, 2 * Math.PI);
      }
      ctx.stroke(path);
    }
  }, [view, size, frameTick, ellipses]);

  const onWheel = useCallback(
    (e: WheelEvent<HTMLDivElement>) => {
      if (!view) return;
      const rect = e.currentTarget.getBoundingClientRect();
      setView(zoomAt(view, e.clientX - rect.left, e.clientY - rect.top, e.deltaY < 0 ? 1.25 : 0.8));
    },
    [view],
  );

  const onPointerDown = (e: PointerEvent<HTMLDivElement>) => {
    if (!view) return;
    e.currentTarget.setPointerCapture(e.pointerId);
    drag.current = { x: e.clientX, y: e.clientY, view };
  };
  const onPointerUp = () => {
    drag.current = null;
  };
  const onPointerMove = (e: PointerEvent<HTMLDivElement>) => {
    if (!view || !loaded) return;
    if (drag.current) {
      const d = drag.current;
      setView({ ...d.view, offsetX: d.view.offsetX + e.clientX - d.x, offsetY: d.view.offsetY + e.clientY - d.y });
      return;
    }
    const rect = e.currentTarget.getBoundingClientRect();
    const [x, y] = screenToImage(view, loaded.height, e.clientX - rect.left, e.clientY - rect.top);
    let sky: [number, number] | null = null;
    if (loaded.wcs) {
      const s = loaded.wcs.pixToSky(x, y);
      sky = Number.isFinite(s[0]) && Number.isFinite(s[1]) ? s : null;
    }
    seq.current += 1;
    setCursor({ x, y, value: null, sky });
    worker.current?.postMessage({ type: 'value', seq: seq.current, x, y } satisfies ToWorker);
  };


  return (
    <div className="viewer">
      <div className="viewer-tools">
        <label>
          Stretch
          <select value={stretch} onChange={(e) => setStretch(e.target.value as Stretch)}>
            {STRETCHES.map((s) => (
              <option key={s}>{s}</option>
            ))}
          </select>
        </label>
        <label>
          Colours
          <select value={colormap} onChange={(e) => setColormap(e.target.value as Colormap)}>
            {COLORMAPS.map((s) => (
              <option key={s}>{s}</option>
            ))}
          </select>
        </label>
        <label>
          Limits
          <select value={limits} onChange={(e) => setLimits(e.target.value as 'zscale' | 'minmax')}>
            <option value="zscale">zscale</option>
            <option value="minmax">min–max</option>
          </select>
        </label>
        <label className="check">
          <input type="checkbox" checked={showSources} onChange={(e) => setShowSources(e.target.checked)} data-testid="toggle-sources" />
          Sources ({sources.length})
        </label>
        <button type="button" onClick={() => loaded && setView(fitView(loaded.width, loaded.height, size.w, size.h))}>
          Fit
        </button>
      </div>
      <div
        ref={box}
        className="viewer-stage"
        data-testid="viewer"
        onWheel={onWheel}
        onPointerDown={onPointerDown}
        onPointerUp={onPointerUp}
        onPointerMove={onPointerMove}
        onPointerLeave={() => setCursor(null)}
      >
        <canvas ref={canvas} style={{ width: size.w, height: size.h }} data-testid="viewer-canvas" data-ready={frameTick > 0 ? 'yes' : 'no'} />
        <svg className="overlay" width={size.w} height={size.h} data-testid="overlay">
          {(ellipses.length > MAX_SVG_ELLIPSES ? [] : ellipses).map((s) => (
            <ellipse
              key={s.id}
              data-source-id={s.id}
              cx={s.sx}
              cy={s.sy}
              rx={3 * Math.max(s.a, 0.5) * (view?.scale ?? 1)}
              ry={3 * Math.max(s.b, 0.5) * (view?.scale ?? 1)}
              transform={`rotate(${-s.theta} ${s.sx} ${s.sy})`}
            />
          ))}
          {view &&
            loaded &&
            markers.map((m) => {
              const [sx, sy] = imageToScreen(view, loaded.height, m.x, m.y);
              return (
                <g key={m.label} className="marker">
                  <circle cx={sx} cy={sy} r={m.r * view.scale} />
                  <text x={sx + m.r * view.scale + 4} y={sy}>
                    {m.label}
                  </text>
                </g>
              );
            })}
        </svg>
        {error && <div className="viewer-error error">{error}</div>}
        {!error && !loaded && <div className="viewer-error muted">Loading image…</div>}
      </div>
      <div className="viewer-readout" data-testid="readout">
        {cursor ? (
          <>
            <span>
              x {cursor.x.toFixed(1)} y {cursor.y.toFixed(1)}
            </span>
            <span>value {cursor.value === null ? '—' : cursor.value.toPrecision(6)}</span>
            {cursor.sky ? (
              <span title={loaded?.frame ?? undefined}>
                RA {cursor.sky[0].toFixed(6)}° Dec {cursor.sky[1].toFixed(6)}° <span className="muted">{loaded?.frame}</span>
              </span>
            ) : (
              <span className={loaded?.wcsError ? 'error' : undefined}>{loaded?.wcsError ? `WCS unreadable: ${loaded.wcsError}` : 'no celestial WCS'}</span>
            )}
          </>
        ) : loaded ? (
          <>
            <span className="muted">
              {loaded.width} × {loaded.height} px · limits {loaded.low.toPrecision(5)} … {loaded.high.toPrecision(5)}
            </span>
            {loaded.wcsError && (
              <span className="error" data-testid="readout-wcs-error">
                WCS unreadable: {loaded.wcsError}
              </span>
            )}
          </>
        ) : null}
      </div>
    </div>
  );
}
