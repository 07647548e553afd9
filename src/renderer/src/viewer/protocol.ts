import type { Card } from '../../../core/fits/index.js';
import type { Colormap, Stretch } from '../../../core/display/index.js';

/** Messages to the image worker. */
export type ToWorker =
  | { type: 'load'; url: string; hdu?: number }
  /** Show plane `plane` (0-based over NAXIS3..n) of the cube loaded. */
  | { type: 'plane'; plane: number }
  | { type: 'render'; low: number; high: number; stretch: Stretch; colormap: Colormap; contrast: number; bias: number }
  | { type: 'value'; seq: number; x: number; y: number };

/** Messages from the image worker. */
export type FromWorker =
  | {
      type: 'loaded';
      width: number;
      height: number;
      hdu: number;
      /** The plane shown (0-based over NAXIS3..n; 0 for a 2-D image). */
      plane: number;
      /** Planes in the HDU: 1 for a 2-D image, NAXIS3 × … for a cube. */
      planes: number;
      cards: Card[];
      /** zscale limits. */
      low: number;
      high: number;
      min: number;
      max: number;
      /** Percentile intervals keyed by the percent kept (`"99.5"` …), in data units. */
      percentiles: Record<string, [number, number]>;
      /** Histogram of the pixel values over [low, high] (a range around the usual limits). */
      histogram: { low: number; high: number; counts: number[] };
    }
  | { type: 'frame'; width: number; height: number; rgba: ArrayBuffer }
  | { type: 'value'; seq: number; value: number | null }
  | { type: 'error'; message: string };
