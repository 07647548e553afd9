/** Catalog → output text (CSV in the common schema, or one JSON document), and its file name. */
import { basename, join } from 'node:path';
import { catalogCsvChunks } from '../../../shared/catalog-csv.js';
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
  const parts: string[] = [];
  writeCatalog(cat, format, file, (text) => parts.push(text));
  return parts.join('');
}

/**
 * {@link renderCatalog}'s text in pieces (their concatenation is that text), handed to `write`
 * in order: a catalog of many sources goes out without its whole text in memory at once.
 * `rowsPerChunk`: sources per piece.
 */
export function writeCatalog(cat: Catalog, format: 'csv' | 'json', file: string, write: (text: string) => void, rowsPerChunk = 256): void {
  if (format === 'csv') {
    catalogCsvChunks({ apertures: cat.options.apertures, sources: cat.sources }, write, rowsPerChunk);
    return;
  }
  // JSON.stringify(doc, JSON_KEYS) in pieces: the same property list applies at every level, so
  // the document's own properties, then each source as JSON.stringify(source, JSON_KEYS)
  const head = JSON.stringify({ file, width: cat.width, height: cat.height, globalBackground: cat.globalBackground, globalRms: cat.globalRms }, JSON_KEYS as string[]);
  const sources = cat.sources;
  let parts = [`${head.slice(0, -1)},"sources":[`];
  for (let k = 0; k < sources.length; k++) {
    parts.push((k > 0 ? ',' : '') + JSON.stringify(sources[k], JSON_KEYS as string[]));
    if (parts.length >= rowsPerChunk) {
      write(parts.join(''));
      parts = [];
    }
  }
  parts.push(']}\n');
  write(parts.join(''));
}

/** Output file for `file` in `dir`: the input's name without .fits/.fit/.fts(.gz|.fz). */
export function outputName(dir: string, file: string, format: string): string {
  return join(dir, basename(file).replace(/\.(fits|fit|fts)(\.gz|\.fz)?$/i, '') + '.' + format);
}
