import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { downsample, renderRgba, zscale } from '../../../../../core/display/index.js';
import { firstImageHdu, openFits, readImage } from '../../../../../core/fits/index.js';
import { encodePng } from './png.js';

/** Longest side of a thumbnail, in pixels. */
export const THUMB_SIZE = 128;

/**
 * Renders the first image of the FITS file at `path` as a PNG thumbnail at `out`: block-mean
 * downsampled to at most {@link THUMB_SIZE} px, zscale limits, grey, the last FITS row on top.
 * Written to a temporary name and renamed, so a reader never sees half a PNG. Decodes the
 * whole image (a gzipped one inflated within the bounds of `openFits`): run it on a worker
 * thread, never on the main thread of the app or host. `options.maxDataBytes`: the largest
 * image read, in bytes (default: what `openFits` reads).
 */
export function renderThumbnail(path: string, out: string, options: { maxDataBytes?: number } = {}): void {
  const fits = openFits(readFileSync(path), { maxDataBytes: options.maxDataBytes });
  const image = readImage(fits, firstImageHdu(fits), { type: 'float32', inPlace: true });
  const small = downsample(image.data, image.width, image.height, THUMB_SIZE);
  const [low, high] = zscale(small.data);
  const rgba = renderRgba(small.data, small.width, small.height, { low, high, stretch: 'linear', colormap: 'gray' });
  const tmp = `${out}.${process.pid}.${Math.random().toString(36).slice(2, 8)}.tmp`;
  writeFileSync(tmp, encodePng(rgba, small.width, small.height));
  renameSync(tmp, out);
}
