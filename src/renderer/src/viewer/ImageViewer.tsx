import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState, type PointerEvent, type WheelEvent } from 'react';
import { formatDec, formatRa } from '../../../core/coords/index.js';
import { COLORMAPS, PERCENTILES, STRETCHES, type Colormap, type Stretch } from '../../../core/display/index.js';
import { Header, type Card } from '../../../core/fits/index.js';
import { formatWcsProblem, headerWithWcsCards, ICRS_TO_GALACTIC, readWcs, rotateLonLat, type Wcs } from '../../../core/wcs/index.js';
import { formatRegions, parseRegions, regionToPixels, sourcesToRegions, type RegionShape } from '../../../core/regions/index.js';
import { showShortcutHelp } from '../keys/ShortcutHelp.js';
import { useShortcuts } from '../keys/shortcuts.js';
import { Histogram } from './Histogram.js';
import { limitsFor, matchingPixel, viewCentredOn, type LimitMode, type ViewerCarry } from './carry.js';
import { useBlink, type BlinkRequest } from './use-blink.js';
import type { FromWorker, ToWorker } from './protocol.js';
import { cubeLabel } from './cube.js';
import { RegionLayer } from './RegionLayer.js';
import { fitView, imageToScreen, screenToImage, zoomAt, type View } from './view.js';
import { placeLabel, visibleImageBox } from './label-place.js';
import { LABEL_FONT_PX, textExtent } from './text-width.js';

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
  /** The selected source, drawn highlighted. */
  selectedId?: number | null;
  /** File name for "Export regions" (a DS9 .reg of the sources). */
  regionFileName?: string;
  /** Called when a click (without dragging) lands inside a source's ellipse. */
  onSelectSource?: (id: number) => void;
  /** Called once the image is decoded, with its header cards, its WCS, and why the WCS cannot be read (null if it can or there is none). */
  onLoaded?: (info: { width: number; height: number; cards: Card[]; wcs: Wcs | null; wcsError: string | null }) => void;
  /** The view and display settings to start from (carried from the image stepped from); null: fit the image. */
  initial?: ViewerCarry | null;
  /** Called with the current view and display settings whenever they change (to carry them to the next image). */
  onCarry?: (carry: ViewerCarry) => void;
  /** Blink with another image (same zoom and sky centre, same display settings); null: no blink. */
  blink?: BlinkRequest | null;
  /** WCS cards of the image's plate solution, used instead of the file header's WCS (the file has none); null: the header's. */
  wcsCards?: Readonly<Record<string, string | number>> | null;
}

interface Loaded {
  /** The decoded header. */
  cards: Card[];
  width: number;
  height: number;
  /** The plane shown (0-based) and the planes of the HDU (1: a 2-D image). */
  plane: number;
  planes: number;
  low: number;
  high: number;
  min: number;
  max: number;
  percentiles: Record<string, [number, number]>;
  histogram: { low: number; high: number; counts: number[] };
  wcs: Wcs | null;
  /** The header's celestial axes are galactic (GLON/GLAT): the readout adds l, b. */
  galactic: boolean;
  /** The frame the RA/Dec (always ICRS) came from, `Wcs.summary().frame`. */
  frame: string | null;
  /** Why the header's WCS cannot be read, `message [CODE]`; null if it can or there is none. */
  wcsError: string | null;
}

/** The WCS of the decoded header (with a plate solution's cards in place of its WCS when given), or why it cannot be read. */
function headerWcs(cards: Card[], solved: Readonly<Record<string, string | number>> | null = null): { wcs: Wcs | null; frame: string | null; galactic: boolean; wcsError: string | null } {
  try {
    const header = new Header(cards);
    const r = readWcs(solved ? headerWithWcsCards(header, solved) : header);
    if (r.wcs) {
      const summary = r.wcs.summary();
      return { wcs: r.wcs, frame: summary.frame, galactic: summary.ctype.some((c) => c.startsWith('GLON')), wcsError: null };
    }
    return { wcs: null, frame: null, galactic: false, wcsError: r.error ? formatWcsProblem(r.error) : null };
  } catch (err) {
    return { wcs: null, frame: null, galactic: false, wcsError: `unexpected error reading the WCS: ${err instanceof Error ? err.message : String(err)}` };
  }
}

/** Up to this many visible sources are SVG ellipses (inspectable); beyond, they are painted on the canvas. */
const MAX_SVG_ELLIPSES = 800;
const MAX_ELLIPSES = 20_000;

/** The order `l` steps through the limits in (typed limits are left out: they need typing). */
const LIMIT_CYCLE: readonly LimitMode[] = ['zscale', 'minmax', ...PERCENTILES.map((p) => `${p}` as const)];

/** A limit mode in words, for the shortcut help and the menu. */
const limitLabel = (m: LimitMode): string => (m === 'zscale' ? 'zscale' : m === 'minmax' ? 'min–max' : m === 'manual' ? 'manual' : `${m} %`);

/** ds9's default contrast and bias (the colour map as it is). */
const CB_DEFAULT = { contrast: 1, bias: 0.5 };

/**
 * The id of the source whose ellipse (the drawn 3a × 3b one, at least `minScreen` screen pixels
 * across) contains image point (x, y), the nearest in ellipse units when several do; else null.
 */
function hitSource(sources: readonly OverlaySource[], x: number, y: number, scale: number): number | null {
  let best: number | null = null;
  let bestD = 1;
  const minR = 4 / scale;
  for (const s of sources) {
    const dx = x - s.x;
    const dy = y - s.y;
    const ra = Math.max(3 * Math.max(s.a, 0.5), minR);
    const rb = Math.max(3 * Math.max(s.b, 0.5), minR);
    const reach = Math.max(ra, rb);
    if (Math.abs(dx) > reach || Math.abs(dy) > reach) continue;
    const t = (s.theta * Math.PI) / 180;
    const u = dx * Math.cos(t) + dy * Math.sin(t);
    const v = -dx * Math.sin(t) + dy * Math.cos(t);
    const d = (u / ra) ** 2 + (v / rb) ** 2;
    if (d <= bestD) {
      bestD = d;
      best = s.id;
    }
  }
  return best;
}

/**
 * A FITS image with zscale limits, stretches and colour maps, smooth pan (drag) and zoom
 * (wheel), source ellipses on top, and the cursor's pixel, value and RA/Dec. Decoding and
 * scaling happen in a worker; this component only draws the finished bitmap.
 */
export function ImageViewer({
  src,
  sources = [],
  focus = null,
  markers = [],
  selectedId = null,
  onSelectSource,
  onLoaded,
  regionFileName = 'sources.reg',
  initial = null,
  onCarry,
  blink = null,
  wcsCards = null,
}: ImageViewerProps) {
  const box = useRef<HTMLDivElement>(null);
  const canvas = useRef<HTMLCanvasElement>(null);
  const worker = useRef<Worker | null>(null);
  const bitmap = useRef<ImageBitmap | null>(null);
  const drag = useRef<{ x: number; y: number; view: View; mode: 'pan' | 'contrast'; cb: typeof CB_DEFAULT; moved: boolean } | null>(null);
  const seq = useRef(0);
  /** The focus request last applied (a new image applies the current one again). */
  const appliedFocus = useRef<ImageViewerProps['focus']>(null);
  const onLoadedRef = useRef(onLoaded);
  onLoadedRef.current = onLoaded;
  const wcsCardsRef = useRef(wcsCards);
  wcsCardsRef.current = wcsCards;
  const [size, setSize] = useState({ w: 600, h: 400 });
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [view, setView] = useState<View | null>(null);
  /** The view is the fitted one (no pan or zoom since): a resized stage fits again, else keeps its centre. */
  const fitted = useRef(true);
  const lastSize = useRef(size);
  const [stretch, setStretch] = useState<Stretch>(initial?.stretch ?? 'linear');
  const [colormap, setColormap] = useState<Colormap>(initial?.colormap ?? 'gray');
  const [limits, setLimits] = useState<LimitMode>(initial?.limits ?? 'zscale');
  const [manual, setManual] = useState(initial?.manual ?? { low: '', high: '' });
  const [cb, setCb] = useState(initial?.cb ?? CB_DEFAULT);
  /** The view carried from the image stepped from, kept centred on its sky point until the user moves the view (then null). */
  const initialRef = useRef(initial);
  /** The user moved the view (pan, zoom, a requested centre): it is neither the fitted one nor the carried one any more. */
  const moved = () => {
    fitted.current = false;
    initialRef.current = null;
  };
  const onCarryRef = useRef(onCarry);
  onCarryRef.current = onCarry;
  const other = useBlink(blink, { limits, manual, stretch, colormap, cb });
  // A DS9 region file loaded as an overlay: its name, its shapes in pixels, and any problem.
  const [regionOverlay, setRegionOverlay] = useState<{ name: string; shapes: Array<RegionShape & { text?: string }>; skipped: number } | null>(null);
  const [regionError, setRegionError] = useState<string | null>(null);
  const [showSources, setShowSources] = useState(true);
  const [frameTick, setFrameTick] = useState(0);
  const [cursor, setCursor] = useState<{ x: number; y: number; value: number | null; sky: [number, number] | null; gal: [number, number] | null } | null>(null);

  // A plate solution that arrives (or changes) after the image is decoded replaces its WCS.
  const wcsCardsKey = wcsCards ? JSON.stringify(wcsCards) : '';
  useEffect(() => {
    setLoaded((l) => (l ? { ...l, ...headerWcs(l.cards, wcsCardsRef.current) } : l));
  }, [wcsCardsKey]);

  // One worker per image.
  useEffect(() => {
    const w = new Worker(new URL('./image.worker.ts', import.meta.url), { type: 'module' });
    worker.current = w;
    appliedFocus.current = null;
    setLoaded(null);
    setError(null);
    setView(null);
    w.onmessage = (event: MessageEvent<FromWorker>) => {
      const msg = event.data;
      if (msg.type === 'loaded') {
        const { wcs, frame, galactic, wcsError } = headerWcs(msg.cards, wcsCardsRef.current);
        setLoaded({
          cards: msg.cards,
          width: msg.width,
          height: msg.height,
          plane: msg.plane,
          planes: msg.planes,
          low: msg.low,
          high: msg.high,
          min: msg.min,
          max: msg.max,
          percentiles: msg.percentiles,
          histogram: msg.histogram,
          wcs,
          frame,
          galactic,
          wcsError,
        });
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

  // The display limits in data units (manual ones that do not parse keep the zscale limits).
  const shownLimits = useMemo((): [number, number] | null => (loaded ? limitsFor(loaded, limits, manual) : null), [loaded, limits, manual]);
  const manualBad =
    limits === 'manual' &&
    (manual.low.trim() === '' || manual.high.trim() === '' || !Number.isFinite(Number(manual.low)) || !Number.isFinite(Number(manual.high)));

  // Re-render the bitmap when the display settings change.
  useEffect(() => {
    if (!shownLimits || !worker.current) return;
    const [low, high] = shownLimits;
    worker.current.postMessage({ type: 'render', low, high, stretch, colormap, contrast: cb.contrast, bias: cb.bias } satisfies ToWorker);
  }, [shownLimits, stretch, colormap, cb]);

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
    if (loaded && !view && !initialRef.current) {
      fitted.current = true;
      setView(fitView(loaded.width, loaded.height, size.w, size.h));
    }
  }, [loaded, view, size]);

  // Or start where the image stepped from was: the same zoom with the same sky (or pixel) at the
  // centre, kept at the centre while the stage settles (the toolbar wraps once the image is
  // known) until the user moves the view (`moved`). A layout effect: the view follows a new
  // stage size before anything reads the centre of the old view on the new stage.
  useLayoutEffect(() => {
    const from = initialRef.current;
    if (!loaded || !from) return;
    const c = matchingPixel(from.centre, loaded.wcs);
    fitted.current = false;
    setView(viewCentredOn(c.x, c.y, loaded.height, from.scale, size.w, size.h));
  }, [loaded, size.w, size.h]);

  // The pixel (and sky position) at the centre of the stage: carried to the next image, and shown to tests.
  const centre = useMemo((): ViewerCarry['centre'] | null => {
    if (!view || !loaded) return null;
    const [x, y] = screenToImage(view, loaded.height, size.w / 2, size.h / 2);
    const s = loaded.wcs ? loaded.wcs.pixToSky(x, y) : null;
    return { x, y, sky: s && Number.isFinite(s[0]) && Number.isFinite(s[1]) ? s : null };
  }, [view, loaded, size]);
  useEffect(() => {
    if (centre && view) onCarryRef.current?.({ scale: view.scale, centre, limits, manual, stretch, colormap, cb });
  }, [centre, view, limits, manual, stretch, colormap, cb]);
  // While blinking, the other image is drawn at the same zoom with the same sky (or pixel) at the centre.
  const otherView = useMemo(() => {
    if (!other.image || !centre || !view) return null;
    const c = matchingPixel(centre, other.image.wcs);
    return viewCentredOn(c.x, c.y, other.image.height, view.scale, size.w, size.h);
  }, [other.image, centre, view, size]);
  const showingOther = other.showingOther && otherView !== null && other.bitmap.current !== null;

  // A resized stage (the full-width layout, the window, a toolbar that wraps): a fitted view
  // fits again; one the user panned or zoomed keeps the image point at the stage's centre. A
  // layout effect, as the carried view's: no render shows the old view on the new stage.
  useLayoutEffect(() => {
    const prev = lastSize.current;
    lastSize.current = size;
    // (A view carried from the previous image is kept centred by its own effect until moved:
    // shifting it here too would move it twice.)
    if (!loaded || initialRef.current || (prev.w === size.w && prev.h === size.h)) return;
    setView((v) => {
      if (!v) return v;
      if (fitted.current) return fitView(loaded.width, loaded.height, size.w, size.h);
      return { ...v, offsetX: v.offsetX + (size.w - prev.w) / 2, offsetY: v.offsetY + (size.h - prev.h) / 2 };
    });
  }, [size, loaded]);

  const fit = () => {
    if (!loaded) return;
    fitted.current = true;
    initialRef.current = null;
    setView(fitView(loaded.width, loaded.height, size.w, size.h));
  };
  /** Zooms about the stage's centre by `factor`, or to `scale` screen pixels per image pixel. */
  const zoomCentre = (factor: number | { scale: number }) => {
    if (!view) return;
    moved();
    setView(zoomAt(view, size.w / 2, size.h / 2, typeof factor === 'number' ? factor : factor.scale / view.scale));
  };
  const stepLimits = (delta: 1 | -1) => {
    const i = LIMIT_CYCLE.indexOf(limits);
    setLimits(LIMIT_CYCLE[(i + delta + LIMIT_CYCLE.length) % LIMIT_CYCLE.length]!);
  };
  useShortcuts('Image viewer', [
    { keys: ['+', '='], label: '+', description: 'Zoom in', run: () => zoomCentre(1.25) },
    { keys: ['-', '_'], label: '−', description: 'Zoom out', run: () => zoomCentre(0.8) },
    { keys: ['f'], description: 'Fit the image to the view', run: fit },
    { keys: ['1'], description: 'Actual pixels (one screen pixel per image pixel)', run: () => zoomCentre({ scale: 1 }) },
    { keys: ['z'], description: 'Limits: zscale', run: () => setLimits('zscale') },
    { keys: ['m'], description: 'Limits: min–max', run: () => setLimits('minmax') },
    { keys: ['l'], description: `Next limits (${LIMIT_CYCLE.map(limitLabel).join(', ')})`, run: () => stepLimits(1) },
    { keys: ['L'], label: 'Shift+L', description: 'Previous limits', run: () => stepLimits(-1) },
    { keys: ['s'], description: 'Show or hide the source ellipses', run: () => setShowSources((v) => !v) },
    { keys: ['r'], description: 'Reset contrast and bias', run: () => setCb(CB_DEFAULT) },
  ]);

  // Centre on a requested pixel, once per request: a later resize of the stage (the toolbar
  // wrapping) must not pull the view back to it.
  useEffect(() => {
    if (!focus || !loaded || focus === appliedFocus.current) return;
    appliedFocus.current = focus;
    moved();
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
    // The stage around the image: dark in both schemes, as an image's sky is.
    ctx.fillStyle = '#0b0d12';
    ctx.fillRect(0, 0, size.w, size.h);
    if (showingOther && otherView) {
      ctx.imageSmoothingEnabled = otherView.scale < 1;
      ctx.setTransform(otherView.scale * dpr, 0, 0, otherView.scale * dpr, otherView.offsetX * dpr, otherView.offsetY * dpr);
      ctx.drawImage(other.bitmap.current!, 0, 0);
      return;
    }
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
  }, [view, size, frameTick, ellipses, showingOther, otherView, other.tick]);

  const selected = useMemo(() => {
    if (selectedId === null || !view || !loaded || !showSources) return null;
    const s = sources.find((o) => o.id === selectedId);
    if (!s) return null;
    const [sx, sy] = imageToScreen(view, loaded.height, s.x, s.y);
    return { ...s, sx, sy };
  }, [selectedId, sources, view, loaded, showSources]);

  // The sources as drawn (3a × 3b ellipses) in a DS9 region file: ICRS with a WCS, else image.
  const exportRegions = () => {
    if (!loaded) return;
    const drawn = sources.map((s) => ({ id: s.id, x: s.x, y: s.y, a: 3 * Math.max(s.a, 0.5), b: 3 * Math.max(s.b, 0.5), theta: s.theta }));
    const blob = new Blob([formatRegions(sourcesToRegions(drawn, loaded.wcs))], { type: 'text/plain' });
    const url = URL.createObjectURL(blob);
    const a = document.createElement('a');
    a.href = url;
    a.download = regionFileName;
    a.click();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  };
  const loadRegions = async (file: File) => {
    setRegionError(null);
    try {
      const parsed = parseRegions(await file.text());
      const shapes: Array<RegionShape & { text?: string }> = [];
      let skipped = 0;
      for (const r of parsed) {
        const shape = regionToPixels(r, loaded?.wcs ?? null);
        if (shape) shapes.push(r.text === undefined ? shape : { ...shape, text: r.text });
        else skipped++;
      }
      setRegionOverlay({ name: file.name, shapes, skipped });
    } catch (err) {
      const code = err instanceof Error && 'code' in err ? ` [${String((err as { code: unknown }).code)}]` : '';
      setRegionError(`${file.name}: ${err instanceof Error ? err.message : String(err)}${code}`);
    }
  };

  const onWheel = useCallback(
    (e: WheelEvent<HTMLDivElement>) => {
      if (!view) return;
      const rect = e.currentTarget.getBoundingClientRect();
      moved();
      setView(zoomAt(view, e.clientX - rect.left, e.clientY - rect.top, e.deltaY < 0 ? 1.25 : 0.8));
    },
    [view],
  );

  // Left-drag pans; right-drag (or Shift + left-drag) sets contrast and bias as in ds9:
  // horizontal motion moves the bias, vertical motion the contrast (up = more).
  const onPointerDown = (e: PointerEvent<HTMLDivElement>) => {
    if (!view || (e.button !== 0 && e.button !== 2)) return;
    e.currentTarget.setPointerCapture(e.pointerId);
    const mode = e.button === 2 || e.shiftKey ? 'contrast' : 'pan';
    drag.current = { x: e.clientX, y: e.clientY, view, mode, cb, moved: false };
  };
  const onPointerUp = (e: PointerEvent<HTMLDivElement>) => {
    const d = drag.current;
    drag.current = null;
    if (!d || d.moved || d.mode !== 'pan' || !view || !loaded || !showSources || !onSelectSource) return;
    // A click without a drag: select the source under it.
    const rect = e.currentTarget.getBoundingClientRect();
    const [x, y] = screenToImage(view, loaded.height, e.clientX - rect.left, e.clientY - rect.top);
    const id = hitSource(sources, x, y, view.scale);
    if (id !== null) onSelectSource(id);
  };
  const onPointerMove = (e: PointerEvent<HTMLDivElement>) => {
    if (!view || !loaded) return;
    if (drag.current) {
      const d = drag.current;
      const dx = e.clientX - d.x;
      const dy = e.clientY - d.y;
      if (Math.abs(dx) + Math.abs(dy) > 3) d.moved = true;
      if (d.mode === 'pan') {
        if (d.moved) moved();
        setView({ ...d.view, offsetX: d.view.offsetX + dx, offsetY: d.view.offsetY + dy });
      }
      else {
        const bias = Math.min(1, Math.max(0, d.cb.bias - dx / size.w));
        const contrast = Math.min(10, Math.max(0.05, d.cb.contrast * Math.exp((-2 * dy) / size.h)));
        setCb({ contrast, bias });
      }
      return;
    }
    const rect = e.currentTarget.getBoundingClientRect();
    const [x, y] = screenToImage(view, loaded.height, e.clientX - rect.left, e.clientY - rect.top);
    let sky: [number, number] | null = null;
    let gal: [number, number] | null = null;
    if (loaded.wcs) {
      const s = loaded.wcs.pixToSky(x, y);
      sky = Number.isFinite(s[0]) && Number.isFinite(s[1]) ? s : null;
      if (sky && loaded.galactic) gal = rotateLonLat(ICRS_TO_GALACTIC, sky[0], sky[1]);
    }
    seq.current += 1;
    setCursor({ x, y, value: null, sky, gal });
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
          <select
            value={limits}
            data-testid="limits"
            onChange={(e) => {
              const mode = e.target.value as LimitMode;
              // Typed limits start from the ones in use.
              if (mode === 'manual' && shownLimits) setManual({ low: String(Number(shownLimits[0].toPrecision(6))), high: String(Number(shownLimits[1].toPrecision(6))) });
              setLimits(mode);
            }}
          >
            {[...LIMIT_CYCLE, 'manual' as const].map((m) => (
              <option key={m} value={m}>
                {limitLabel(m)}
              </option>
            ))}
          </select>
        </label>
        {limits === 'manual' && (
          <>
            <label className="inline">
              low
              <input value={manual.low} size={9} inputMode="decimal" data-testid="limit-low" className={manualBad ? 'bad' : undefined} onChange={(e) => setManual((m) => ({ ...m, low: e.target.value }))} />
            </label>
            <label className="inline">
              high
              <input value={manual.high} size={9} inputMode="decimal" data-testid="limit-high" className={manualBad ? 'bad' : undefined} onChange={(e) => setManual((m) => ({ ...m, high: e.target.value }))} />
            </label>
          </>
        )}
        <label className="check">
          <input type="checkbox" checked={showSources} onChange={(e) => setShowSources(e.target.checked)} data-testid="toggle-sources" />
          Sources ({sources.length})
        </label>
        <span className="zoom-group" role="group" aria-label="Zoom">
          <button type="button" onClick={() => zoomCentre(0.8)} aria-label="Zoom out" title="Zoom out (−)">
            −
          </button>
          <button type="button" onClick={fit} title="Fit the image to the view (f)">
            Fit
          </button>
          <button type="button" onClick={() => zoomCentre(1.25)} aria-label="Zoom in" title="Zoom in (+)">
            +
          </button>
        </span>
        <button type="button" className="keys-button" onClick={showShortcutHelp} title="Keyboard shortcuts (?)" data-testid="show-shortcuts">
          Keys ?
        </button>
      </div>
      {loaded && loaded.planes > 1 && <CubePlanes plane={loaded.plane} planes={loaded.planes} onPlane={(plane) => worker.current?.postMessage({ type: 'plane', plane } satisfies ToWorker)} />}
      <div className="viewer-tools viewer-levels">
        {loaded && shownLimits && (
          <span className="hist-box">
            <Histogram hist={loaded.histogram} low={shownLimits[0]} high={shownLimits[1]} />
            <span className="muted" data-testid="limits-values">
              {shownLimits[0].toPrecision(5)} … {shownLimits[1].toPrecision(5)}
            </span>
          </span>
        )}
        <span className="muted" data-testid="contrast-bias" title="right-drag (or Shift + drag) on the image: left/right moves the bias, up/down the contrast">
          contrast {cb.contrast.toFixed(2)} bias {cb.bias.toFixed(2)}
        </span>
        {/* Always there (disabled at the default), so the row does not reflow when it applies. */}
        <button type="button" onClick={() => setCb(CB_DEFAULT)} disabled={cb.contrast === CB_DEFAULT.contrast && cb.bias === CB_DEFAULT.bias} data-testid="contrast-reset">
          Reset contrast
        </button>
        <details className="menu push-right" data-testid="regions-menu">
          <summary>Regions</summary>
          <div className="menu-list">
            <button
              type="button"
              onClick={(e) => {
                e.currentTarget.closest('details')?.removeAttribute('open');
                exportRegions();
              }}
              disabled={!loaded || sources.length === 0} data-testid="export-regions" title="the source ellipses as a DS9 region file (ICRS with a WCS, image coordinates otherwise)">
              Export the sources as DS9 regions
            </button>
            <label className="file-button" title="draw a DS9 region file (image, fk5 or icrs) over the image">
              Load a DS9 region file…
              <input
                type="file"
                accept=".reg,text/plain"
                data-testid="load-regions"
                onChange={(e) => {
                  const f = e.target.files?.[0];
                  e.target.value = '';
                  e.target.closest('details')?.removeAttribute('open');
                  if (f) void loadRegions(f);
                }}
              />
            </label>
          </div>
        </details>
      </div>
      <div
        ref={box}
        className="viewer-stage"
        data-testid="viewer"
        data-scale={view ? view.scale.toFixed(4) : undefined}
        data-centre={centre ? `${centre.x.toFixed(2)},${centre.y.toFixed(2)}` : undefined}
        onWheel={onWheel}
        onPointerDown={onPointerDown}
        onPointerUp={onPointerUp}
        onPointerMove={onPointerMove}
        onPointerLeave={() => setCursor(null)}
        onContextMenu={(e) => e.preventDefault()}
      >
        <canvas ref={canvas} style={{ width: size.w, height: size.h }} data-testid="viewer-canvas" data-ready={frameTick > 0 ? 'yes' : 'no'} />
        <svg className="overlay" width={size.w} height={size.h} data-testid="overlay" visibility={showingOther ? 'hidden' : undefined}>
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
          {selected && view && (
            <ellipse
              className="selected"
              data-testid="selected-source"
              data-selected-id={selected.id}
              cx={selected.sx}
              cy={selected.sy}
              rx={Math.max(3 * Math.max(selected.a, 0.5) * view.scale, 6)}
              ry={Math.max(3 * Math.max(selected.b, 0.5) * view.scale, 6)}
              transform={`rotate(${-selected.theta} ${selected.sx} ${selected.sy})`}
            />
          )}
          {view && loaded && regionOverlay && (
            <RegionLayer shapes={regionOverlay.shapes} view={view} height={loaded.height} box={visibleImageBox(view, loaded.width, loaded.height, size.w, size.h)} />
          )}
          {view &&
            loaded &&
            markers.map((m) => {
              const [sx, sy] = imageToScreen(view, loaded.height, m.x, m.y);
              // inside the visible image: flipped left of the marker near the right edge, kept off the top and bottom
              const at = placeLabel(
                { sx, sy, r: m.r * view.scale, ...textExtent(m.label, LABEL_FONT_PX) },
                visibleImageBox(view, loaded.width, loaded.height, size.w, size.h),
              );
              return (
                <g key={m.label} className="marker">
                  <circle cx={sx} cy={sy} r={m.r * view.scale} />
                  <text x={at.x} y={at.y} style={{ fontSize: LABEL_FONT_PX }} data-testid="marker-label">
                    {m.label}
                  </text>
                </g>
              );
            })}
        </svg>
        {(regionOverlay || regionError) && (
          // On the image, not in the toolbar: loading a file must not reflow the toolbar and resize the view.
          <div className="stage-notes" onPointerDown={(e) => e.stopPropagation()} onWheel={(e) => e.stopPropagation()}>
            {regionOverlay && (
              <span className="muted" data-testid="regions-loaded">
                {regionOverlay.name}: {regionOverlay.shapes.length} regions{regionOverlay.skipped > 0 ? ` (${regionOverlay.skipped} off the sky)` : ''}{' '}
                <button type="button" onClick={() => setRegionOverlay(null)}>
                  clear
                </button>
              </span>
            )}
            {regionError && (
              <span className="error" data-testid="regions-error">
                {regionError}
              </span>
            )}
          </div>
        )}
        {blink && (
          <div className="blink-label" data-testid="blink-label" data-showing={showingOther ? 'other' : 'this'}>
            {other.error ? <span className="error">{blink.name}: {other.error}</span> : showingOther ? blink.name : 'this image'}
          </div>
        )}
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
              <>
                <span title={loaded?.frame ?? undefined} data-testid="readout-radec">
                  <span className="muted">{loaded?.frame}</span> RA {formatRa(cursor.sky[0], 2)} Dec {formatDec(cursor.sky[1], 1)} ({cursor.sky[0].toFixed(6)}°,{' '}
                  {cursor.sky[1].toFixed(6)}°)
                </span>
                {cursor.gal && (
                  <span data-testid="readout-galactic">
                    <span className="muted">Galactic</span> l {cursor.gal[0].toFixed(5)}° b {cursor.gal[1].toFixed(5)}°
                  </span>
                )}
              </>
            ) : (
              <span className={loaded?.wcsError ? 'error' : undefined}>{loaded?.wcsError ? `WCS unreadable: ${loaded.wcsError}` : 'no celestial WCS'}</span>
            )}
          </>
        ) : loaded ? (
          <>
            <span className="muted">
              {loaded.width} × {loaded.height} px
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

/**
 * The label of a cube (the viewer shows one plane of it, the first at first) and buttons that
 * step through its planes. The catalog and the photometry are of the first plane.
 */
function CubePlanes({ plane, planes, onPlane }: { plane: number; planes: number; onPlane: (plane: number) => void }) {
  return (
    <div className="viewer-tools cube-planes" data-testid="viewer-cube" data-plane={plane} data-planes={planes}>
      <strong data-testid="viewer-plane">{cubeLabel(plane, planes)}</strong>
      <button type="button" disabled={plane === 0} onClick={() => onPlane(plane - 1)} aria-label="Previous plane" data-testid="plane-previous">
        ‹ plane
      </button>
      <button type="button" disabled={plane >= planes - 1} onClick={() => onPlane(plane + 1)} aria-label="Next plane" data-testid="plane-next">
        plane ›
      </button>
      <span className="muted">sources and photometry are measured on plane 1</span>
    </div>
  );
}
