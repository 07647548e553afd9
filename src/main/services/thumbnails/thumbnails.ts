import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { downsample, renderRgba, zscale } from '../../../core/display/index.js';
import { firstImageHdu, openFits, readImage } from '../../../core/fits/index.js';
import type { Db } from '../db/open.js';
import { productFilePath } from '../library/product-file.js';
import type { DataPaths } from '../paths.js';
import { encodePng } from './png.js';

/** Longest side of a thumbnail, in pixels. */
export const THUMB_SIZE = 128;

/**
 * A product's thumbnail as PNG bytes: block-mean downsampled, zscale limits, grey, with the
 * last FITS row on top. Made on first request and kept in `<library>/thumbs/<sha256>.png`.
 */
export function productThumbnail(db: Db, paths: DataPaths, productId: number): { path: string } {
  const file = productFilePath(db, paths, productId);
  const sha = (db.prepare('SELECT sha256 FROM data_products WHERE id = ?').get(productId) as { sha256: string }).sha256;
  const dir = join(paths.root, 'thumbs');
  const out = join(dir, `${sha}.png`);
  if (existsSync(out)) return { path: out };
  const fits = openFits(readFileSync(file.path));
  const image = readImage(fits, firstImageHdu(fits), { type: 'float32', inPlace: true });
  const small = downsample(image.data, image.width, image.height, THUMB_SIZE);
  const [low, high] = zscale(small.data);
  const rgba = renderRgba(small.data, small.width, small.height, { low, high, stretch: 'linear', colormap: 'gray' });
  mkdirSync(dir, { recursive: true });
  const tmp = `${out}.${process.pid}.tmp`;
  writeFileSync(tmp, encodePng(rgba, small.width, small.height));
  renameSync(tmp, out);
  return { path: out };
}
