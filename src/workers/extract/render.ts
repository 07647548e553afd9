/** Catalog → output text (CSV in the common schema, or one JSON document). */
import { catalogToCsv } from '../../core/extract/catalog-csv.js';
import type { Catalog } from '../../core/extract/extract.js';

export function renderCatalog(cat: Catalog, format: 'csv' | 'json', file: string): string {
  if (format === 'csv') return catalogToCsv(cat);
  return JSON.stringify({ file, width: cat.width, height: cat.height, globalBackground: cat.globalBackground, globalRms: cat.globalRms, sources: cat.sources }) + '\n';
}
