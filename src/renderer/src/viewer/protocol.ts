import type { Card } from '../../../core/fits/index.js';
import type { Colormap, Stretch } from '../../../core/display/index.js';

/** Messages to the image worker. */
export type ToWorker =
  | { type: 'load'; url: string; hdu?: number }
  | { type: 'render'; low: number; high: number; stretch: Stretch; colormap: Colormap }
  | { type: 'value'; seq: number; x: number; y: number };

/** Messages from the image worker. */
export type FromWorker =
  | { type: 'loaded'; width: number; height: number; hdu: number; cards: Card[]; low: number; high: number; min: number; max: number }
  | { type: 'frame'; width: number; height: number; rgba: ArrayBuffer }
  | { type: 'value'; seq: number; value: number | null }
  | { type: 'error'; message: string };
