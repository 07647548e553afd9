/**
 * A catalog's sources as columns: how the `extract` task returns them. One array per field,
 * entry i for source i, so that a catalog of thousands of sources crosses a thread as a few
 * dozen arrays of doubles rather than thousands of objects, which the app's main thread would
 * have to rebuild, check and then collect as garbage (bench/extract-pool.ts: with objects, and
 * zod checking them, the main thread was busy ~320 ms of an 8 × 2048² batch; with columns
 * ~210 ms, most of it SQLite storing the rows).
 *
 * The arrays hold numbers only (V8 then sends them as packed doubles), with NaN where a value
 * is missing (RA/Dec without a celestial WCS, a flux that could not be measured). Through the
 * broker the result travels as JSON, where NaN becomes null: readers take both as "no value".
 */
import type { Source } from '../../../../../core/extract/index.js';

/** The fields that have one number per source, in the order the columns are listed. */
export const SOURCE_FIELDS = [
  'id',
  'x',
  'y',
  'ra',
  'dec',
  'a',
  'b',
  'theta',
  'npix',
  'peak',
  'fluxIso',
  'fluxIsoErr',
  'fluxAuto',
  'fluxAutoErr',
  'kronRadius',
  'fwhm',
  'background',
  'flags',
] as const satisfies ReadonlyArray<keyof Source>;

export type SourceField = (typeof SOURCE_FIELDS)[number];

/**
 * Columns of `count` sources. `fluxAper[i · apertures + k]` (and `fluxAperErr`) is source i's
 * flux in aperture k. Units and conventions are those of {@link Source} (0-based pixels, degrees).
 * A missing value is NaN, or null once the columns have been through JSON.
 */
export type SourceColumns = { count: number; apertures: number; fluxAper: Array<number | null>; fluxAperErr: Array<number | null> } & Record<SourceField, Array<number | null>>;

/**
 * The columns of `sources` (every source has the same number of apertures, as the extractor
 * gives them). The arrays are filled by `push`, never preallocated: V8 sends an array with
 * holes (which `new Array(n)` makes, even once filled) element by element.
 */
export function toColumns(sources: readonly Source[]): SourceColumns {
  const n = sources.length;
  const apertures = n > 0 ? sources[0]!.fluxAper.length : 0;
  const fluxAper: number[] = [];
  const fluxAperErr: number[] = [];
  for (let i = 0; i < n; i++) {
    const s = sources[i]!;
    for (let k = 0; k < apertures; k++) {
      fluxAper.push(s.fluxAper[k] ?? Number.NaN);
      fluxAperErr.push(s.fluxAperErr[k] ?? Number.NaN);
    }
  }
  const columns = { count: n, apertures, fluxAper, fluxAperErr } as SourceColumns;
  for (const field of SOURCE_FIELDS) {
    const column: number[] = [];
    for (let i = 0; i < n; i++) column.push(sources[i]![field] ?? Number.NaN);
    columns[field] = column;
  }
  return columns;
}
