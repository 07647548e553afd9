/** Catalog → output text (CSV in the common schema, or one JSON document), and its file name. */
import { basename, join } from 'node:path';
import { catalogToCsv } from '../../core/extract/catalog-csv.js';
import type { Catalog } from '../../core/extract/extract.js';

export function renderCatalog(cat: Catalog, format: 'csv' | 'json', file: string): string {
  if (format === 'csv') return catalogToCsv(cat);
  return JSON.stringify({ file, width: cat.width, height: cat.height, globalBackground: cat.globalBackground, globalRms: cat.globalRms, sources: cat.sources }) + '\n';
}

/** Output file for `file` in `dir`: the input's name without .fits/.fit/.fts(.gz|.fz). */
export function outputName(dir: string, file: string, format: string): string {
  return join(dir, basename(file).replace(/\.(fits|fit|fts)(\.gz|\.fz)?$/i, '') + '.' + format);
}
