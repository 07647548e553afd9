/** Catalog → output text (CSV in the common schema, or one JSON document), and batch runs. */
import { writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { catalogToCsv } from '../../core/extract/catalog-csv.js';
import { type Catalog, extract, type ExtractOptions } from '../../core/extract/extract.js';
import { loadImage, LoadError } from './load.js';

export function renderCatalog(cat: Catalog, format: 'csv' | 'json', file: string): string {
  if (format === 'csv') return catalogToCsv(cat);
  return JSON.stringify({ file, width: cat.width, height: cat.height, globalBackground: cat.globalBackground, globalRms: cat.globalRms, sources: cat.sources }) + '\n';
}

/** Output file for `file` in `dir`: the input's name without .fits/.fit/.fts(.gz|.fz). */
export function outputName(dir: string, file: string, format: string): string {
  return join(dir, basename(file).replace(/\.(fits|fit|fts)(\.gz|\.fz)?$/i, '') + '.' + format);
}

/**
 * Process files of a batch until none is left, claiming indices with an atomic counter shared
 * by all threads (`counter[0]`; `counter[2]`, when present, counts the files written). Returns
 * how many this thread did.
 */
export function runBatch(paths: string[], counter: Int32Array, hdu: number | undefined, options: ExtractOptions, format: 'csv' | 'json', outDir: string): number {
  let done = 0;
  for (;;) {
    const i = Atomics.add(counter, 0, 1);
    if (i >= paths.length) return done;
    const im = loadImage(paths[i], hdu);
    let cat: Catalog;
    try {
      cat = extract(im.image, im.width, im.height, { ...options, saturate: options.saturate ?? im.saturate, gain: options.gain ?? im.gain, inPlace: true }, { pixToSky: im.pixToSky });
    } catch (e) {
      throw new LoadError(`${paths[i]}: ${(e as Error).message}`);
    }
    writeFileSync(outputName(outDir, paths[i], format), renderCatalog(cat, format, paths[i]));
    if (counter.length > 2) Atomics.add(counter, 2, 1);
    done++;
  }
}
