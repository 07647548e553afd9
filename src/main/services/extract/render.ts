/** Catalog → output text (CSV in the common schema, or one JSON document), and its file name. */
import { basename, join } from 'node:path';
import { catalogCsv } from '../../../shared/catalog-csv.js';
import type { Catalog, Source } from '../../../core/extract/index.js';

/**
 * The properties of a JSON catalog, in their order: the document's, then each source's (the
 * order of {@link Source}'s fields). Written by name, so that a catalog read back from the
 * library prints byte for byte as the extractor's own.
 */
const JSON_KEYS: readonly string[] = [
  'file', 'width', 'height', 'globalBackground', 'globalRms', 'sources',
  ...([
    'id', 'x', 'y', 'a', 'b', 'theta', 'npix', 'peak', 'fluxIso', 'fluxIsoErr', 'fluxAper', 'fluxAperErr',
    'fluxAuto', 'fluxAutoErr', 'kronRadius', 'fwhm', 'background', 'flags', 'ra', 'dec',
  ] satisfies ReadonlyArray<keyof Source>),
];

/**
 * The catalog as CSV (the common schema, see shared/catalog-csv.ts) or as one JSON document
 * `{ file, width, height, globalBackground, globalRms, sources }` (a missing value is null).
 */
export function renderCatalog(cat: Catalog, format: 'csv' | 'json', file: string): string {
  if (format === 'csv') return catalogCsv({ apertures: cat.options.apertures, sources: cat.sources });
  const doc = { file, width: cat.width, height: cat.height, globalBackground: cat.globalBackground, globalRms: cat.globalRms, sources: cat.sources };
  return JSON.stringify(doc, JSON_KEYS as string[]) + '\n';
}

/** Output file for `file` in `dir`: the input's name without .fits/.fit/.fts(.gz|.fz). */
export function outputName(dir: string, file: string, format: string): string {
  return join(dir, basename(file).replace(/\.(fits|fit|fts)(\.gz|\.fz)?$/i, '') + '.' + format);
}
