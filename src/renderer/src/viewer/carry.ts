/**
 * What the image viewer carries from one image to the next when the user steps or blinks
 * between images of the same target or field: the zoom, the centre of the view (on the sky
 * when the image has a WCS, else in pixels) and the display settings (limits mode, typed limits,
 * stretch, colours, contrast and bias). Limits given as a mode (zscale, min–max, a percentile)
 * are recomputed for each image, as DS9 does with its scale locked; typed limits are kept as
 * numbers.
 */
import type { Colormap, PERCENTILES, Stretch } from '../../../core/display/index.js';
import type { Wcs } from '../../../core/wcs/index.js';

/** Where the display limits come from: zscale, min/max, a percentile interval ("99.5" …) or typed values. */
export type LimitMode = 'zscale' | 'minmax' | 'manual' | `${(typeof PERCENTILES)[number]}`;

export interface ViewerCarry {
  /** Screen pixels per image pixel. */
  scale: number;
  /** The image pixel (0-based FITS) at the centre of the stage, and its ICRS RA/Dec (degrees) when the image has a WCS. */
  centre: { x: number; y: number; sky: [number, number] | null };
  limits: LimitMode;
  manual: { low: string; high: string };
  stretch: Stretch;
  colormap: Colormap;
  cb: { contrast: number; bias: number };
}

/** What an image offers for its display limits (the worker's `loaded` message). */
export interface LimitSource {
  low: number;
  high: number;
  min: number;
  max: number;
  percentiles: Record<string, [number, number]>;
}

/** The display limits in data units for a mode; typed limits that do not parse keep the zscale limits. */
export function limitsFor(image: LimitSource, mode: LimitMode, manual: { low: string; high: string }): [number, number] {
  if (mode === 'zscale') return [image.low, image.high];
  if (mode === 'minmax') return [image.min, image.max];
  if (mode === 'manual') {
    const lo = Number(manual.low);
    const hi = Number(manual.high);
    return manual.low.trim() !== '' && manual.high.trim() !== '' && Number.isFinite(lo) && Number.isFinite(hi) ? [lo, hi] : [image.low, image.high];
  }
  return image.percentiles[mode] ?? [image.low, image.high];
}

/**
 * The pixel of another image that shows what `centre` shows: through the sky when both images
 * have a WCS (and the point is on the other's sky), else the same pixel.
 */
export function matchingPixel(centre: ViewerCarry['centre'], wcs: Wcs | null): { x: number; y: number } {
  if (centre.sky && wcs) {
    const [x, y] = wcs.skyToPix(centre.sky[0], centre.sky[1]);
    if (Number.isFinite(x) && Number.isFinite(y)) return { x, y };
  }
  return { x: centre.x, y: centre.y };
}

/** A view (scale and offsets, see view.ts) that puts image pixel (x, y) at the centre of a `w` × `h` stage. */
export function viewCentredOn(x: number, y: number, height: number, scale: number, w: number, h: number): { scale: number; offsetX: number; offsetY: number } {
  return { scale, offsetX: w / 2 - (x + 0.5) * scale, offsetY: h / 2 - (height - 0.5 - y) * scale };
}

let pending: { productId: number; carry: ViewerCarry } | null = null;

/** Keeps the view for the image about to open (a step to product `productId`). */
export function carryToNextImage(productId: number, carry: ViewerCarry | null): void {
  pending = carry ? { productId, carry } : null;
}

/**
 * The view a step left for product `productId`, or null (a reload or a plain opening starts
 * afresh). Reading does not use it up (a render may run twice); {@link forgetCarriedView} does.
 */
export function takeCarriedView(productId: number): ViewerCarry | null {
  return pending?.productId === productId ? pending.carry : null;
}

/** Drops the view carried to product `productId` (its page closes), so opening it later starts afresh. */
export function forgetCarriedView(productId: number): void {
  if (pending?.productId === productId) pending = null;
}
