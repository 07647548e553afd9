/**
 * The one catalog CSV writer: `nightshift extract`, `nightshift catalog` and the product page's
 * export all write a catalog through it, so for the same sources they write the same bytes.
 *
 * The common schema of the reference tools (`shared/bench/anchors.py`):
 * `id,x,y,flux_iso,flux_aper_r5,flux_auto,a,b,theta,flags,npix,fwhm,background,ra,dec`, then
 * extra columns: `peak,flux_iso_err[,flux_aper_r5_err]`, a `flux_aper_rR,flux_aper_rR_err` pair
 * per other aperture radius R (in the catalog's order), `flux_auto_err,kron_radius`. x, y are
 * 0-based pixels (the centre of the first pixel is 0,0); theta in degrees counter-clockwise
 * from +x in (−90, 90]; fluxes in ADU. A value that is missing (null, NaN, infinite) is an
 * empty cell; without an aperture of radius 5 the `flux_aper_r5` cells are empty. Lines end
 * with `\n`, the last one too.
 *
 * The formula-safe rule of `csv-cell.ts`, which every CSV the project writes follows: the
 * header's cells go through it; every other cell is a number, which the rule leaves as it is
 * (it guards text), written by `toFixed` or `toString` as a plain decimal number (`-1.5`,
 * `2e-7`, `1.5e+21`) or left empty, so the rule is not run again on each of a catalog's
 * hundreds of thousands of cells (that cost the CSV stage 15–20 %); a test checks it holds.
 *
 * Where there is WebAssembly the rows are formatted by csv-wasm.ts's module into bytes (in a
 * short-lived `nightshift extract` at 2048², 2,704 sources, the writing stage's CPU went from
 * ~12 to ~4 ms): the same bytes as the TypeScript below (`csvRow`, `num`, `fix`), which still
 * writes every row holding a value outside the module's exact domain, and every catalog where
 * there is no WebAssembly; tests/shared/csv-wasm.test.ts compares the two.
 */
import { csvCell } from './csv-cell.js';
import { csvRowsWasm, fixKind, INT_KIND, numKind } from './csv-wasm.js';

type Value = number | null;

/** What the writer reads of a source: the extractor's `Source` and the app's `SourceView` both are one. */
export interface CatalogCsvSource {
  id: number;
  x: number;
  y: number;
  a: Value;
  b: Value;
  theta: Value;
  npix: Value;
  peak: Value;
  fluxIso: Value;
  fluxIsoErr: Value;
  /** One per aperture radius, in the order of the catalog's `apertures`. */
  fluxAper: ArrayLike<Value>;
  fluxAperErr: ArrayLike<Value>;
  fluxAuto: Value;
  fluxAutoErr: Value;
  kronRadius: Value;
  fwhm: Value;
  background: Value;
  flags: number;
  ra: Value;
  dec: Value;
}

/** `digits` significant digits, trailing zeros removed. */
function num(v: Value | undefined, digits: number): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return '';
  const a = Math.abs(v);
  if (a >= 1e-4 && a < 1e15) {
    const d = Math.max(0, digits - 1 - Math.floor(Math.log10(a)));
    let t = v.toFixed(Math.min(d, 20));
    if (t.indexOf('.') >= 0) {
      let e = t.length;
      while (t.charCodeAt(e - 1) === 48) e--;
      // a trailing point goes too (arithmetic rather than a branch V8 met late, see core/extract/extract.ts)
      e -= +(t.charCodeAt(e - 1) === 46);
      t = t.slice(0, e);
    }
    return t;
  }
  return Number(v.toPrecision(digits)).toString();
}
/** `d` decimals. */
const fix = (v: Value | undefined, d: number): string => (v === null || v === undefined || !Number.isFinite(v) ? '' : v.toFixed(d));

/** Radius label used in column names (5 → "5", 2.5 → "2.5"). */
function rlabel(r: number): string {
  return String(Number(r.toPrecision(6)));
}

/**
 * The catalog as CSV text (header line, one line per source in the order given). `apertures`:
 * the radii, pixels, that the sources' `fluxAper` and `fluxAperErr` follow. Written by the
 * TypeScript writer, never in WebAssembly: this is the renderer's export (a table on screen), and
 * the app's page may not compile WebAssembly (its Content-Security-Policy refuses it: a
 * CompileError, and a `securitypolicyviolation` event, before the fallback). The same bytes as {@link catalogCsvChunks}'.
 */
export function catalogCsv(catalog: { apertures: readonly number[]; sources: readonly CatalogCsvSource[] }): string {
  const parts: string[] = [];
  catalogCsvText(catalog, (text) => parts.push(text), 256);
  return parts.join('');
}

let useWasm = true;

/** Whether the writer formats rows in WebAssembly when it can (default true); for tests and comparisons. */
export function setCatalogCsvWasm(on: boolean): void {
  useWasm = on;
}

/**
 * {@link catalogCsv}'s text in pieces of at most `rowsPerChunk` lines, handed to `write` in
 * order (their concatenation is that text): a large catalog need not be held whole in memory.
 */
export function catalogCsvChunks(catalog: { apertures: readonly number[]; sources: readonly CatalogCsvSource[] }, write: (text: string) => void, rowsPerChunk = 256): void {
  const decoder = new TextDecoder();
  if (!catalogCsvWasm(catalog, (bytes) => write(decoder.decode(bytes)), rowsPerChunk)) catalogCsvText(catalog, write, rowsPerChunk);
}

/**
 * {@link catalogCsvChunks}'s pieces as bytes (ASCII, so UTF-8 too): each a view that is valid
 * only during the call of `write` (its memory is reused for the next piece), which needs no
 * string made.
 */
export function catalogCsvByteChunks(catalog: { apertures: readonly number[]; sources: readonly CatalogCsvSource[] }, write: (bytes: Uint8Array) => void, rowsPerChunk = 256): void {
  if (catalogCsvWasm(catalog, write, rowsPerChunk)) return;
  const encoder = new TextEncoder();
  catalogCsvText(catalog, (text) => write(encoder.encode(text)), rowsPerChunk);
}

/** The columns: the header's cells, `i5` the index of radius 5 among the apertures (−1: none), `extra` the indices of the others. */
function columns(radii: readonly number[]): { head: string; i5: number; extra: Int32Array } {
  const i5 = radii.indexOf(5);
  // indices of the other apertures, in a typed array: see csvRow
  const extra = Int32Array.from(radii.keys()).filter((i) => i !== i5);
  const head = ['id', 'x', 'y', 'flux_iso', 'flux_aper_r5', 'flux_auto', 'a', 'b', 'theta', 'flags', 'npix', 'fwhm', 'background', 'ra', 'dec', 'peak', 'flux_iso_err'];
  if (i5 >= 0) head.push('flux_aper_r5_err');
  for (const i of extra) head.push(`flux_aper_r${rlabel(radii[i])}`, `flux_aper_r${rlabel(radii[i])}_err`);
  head.push('flux_auto_err', 'kron_radius');
  return { head: head.map(csvCell).join(','), i5, extra };
}

/** The catalog's pieces formatted in WebAssembly (csv-wasm.ts), handed to `write`; false, having written nothing, without it. */
function catalogCsvWasm(catalog: { apertures: readonly number[]; sources: readonly CatalogCsvSource[] }, write: (bytes: Uint8Array) => void, rowsPerChunk: number): boolean {
  if (!useWasm) return false;
  const { head, i5, extra } = columns(catalog.apertures);
  const sources = catalog.sources;
  // the cells of csvRow, in its order
  const kinds = [INT_KIND, fixKind(5), fixKind(5), numKind(9), numKind(9), numKind(9), fixKind(5), fixKind(5), fixKind(4), INT_KIND, fixKind(0), fixKind(4), numKind(9), fixKind(9), fixKind(9), numKind(9), numKind(7)];
  if (i5 >= 0) kinds.push(numKind(7));
  for (let k = 0; k < extra.length; k++) kinds.push(numKind(9), numKind(7));
  kinds.push(numKind(7), fixKind(5));
  return csvRowsWasm(
    head,
    kinds,
    sources.length,
    (k, n, vals, at) => fillRows(sources, k, n, vals, at, i5, extra),
    (k) => csvRow(sources[k], i5, extra),
    write,
    rowsPerChunk,
  );
}

/**
 * csvRow's values of sources k … k + n − 1 at `vals[at …]`, row after row, a missing one as NaN (a
 * Float64Array would store null as 0). One call a chunk, the rows in its loop: a call a row cost
 * the cold writer more than its stores.
 */
function fillRows(sources: readonly CatalogCsvSource[], k: number, n: number, vals: Float64Array, at: number, i5: number, extra: Int32Array): void {
  const ne = extra.length;
  for (let end = k + n; k < end; k++) {
    const s = sources[k];
    vals[at] = s.id;
    vals[at + 1] = s.x;
    vals[at + 2] = s.y;
    vals[at + 3] = s.fluxIso ?? NaN;
    vals[at + 4] = i5 >= 0 ? (s.fluxAper[i5] ?? NaN) : NaN;
    vals[at + 5] = s.fluxAuto ?? NaN;
    vals[at + 6] = s.a ?? NaN;
    vals[at + 7] = s.b ?? NaN;
    vals[at + 8] = s.theta ?? NaN;
    vals[at + 9] = s.flags;
    vals[at + 10] = s.npix ?? NaN;
    vals[at + 11] = s.fwhm ?? NaN;
    vals[at + 12] = s.background ?? NaN;
    vals[at + 13] = s.ra ?? NaN;
    vals[at + 14] = s.dec ?? NaN;
    vals[at + 15] = s.peak ?? NaN;
    vals[at + 16] = s.fluxIsoErr ?? NaN;
    at += 17;
    if (i5 >= 0) vals[at++] = s.fluxAperErr[i5] ?? NaN;
    for (let e = 0; e < ne; e++) {
      vals[at] = s.fluxAper[extra[e]] ?? NaN;
      vals[at + 1] = s.fluxAperErr[extra[e]] ?? NaN;
      at += 2;
    }
    vals[at] = s.fluxAutoErr ?? NaN;
    vals[at + 1] = s.kronRadius ?? NaN;
    at += 2;
  }
}

/** The TypeScript writer: {@link catalogCsvChunks} without WebAssembly. */
function catalogCsvText(catalog: { apertures: readonly number[]; sources: readonly CatalogCsvSource[] }, write: (text: string) => void, rowsPerChunk: number): void {
  const { head, i5, extra } = columns(catalog.apertures);
  const sources = catalog.sources;
  let lines = [head];
  for (let k = 0; k < sources.length; k++) {
    lines.push(csvRow(sources[k], i5, extra));
    if (lines.length >= rowsPerChunk) {
      write(lines.join('\n') + '\n');
      lines = [];
    }
  }
  if (lines.length > 0) write(lines.join('\n') + '\n');
}

/**
 * One source's line. A function called per source rather than the body of the loop above: the
 * loop runs once per catalog, so V8 would recompile it for every image of a batch. `extra`:
 * the indices of the apertures other than r = 5 (a typed array, not an array of objects made
 * per catalog, whose map V8's optimised code here depended on).
 */
function csvRow(s: CatalogCsvSource, i5: number, extra: Int32Array): string {
  const row = [
    String(s.id),
    fix(s.x, 5),
    fix(s.y, 5),
    num(s.fluxIso, 9),
    i5 >= 0 ? num(s.fluxAper[i5], 9) : '',
    num(s.fluxAuto, 9),
    fix(s.a, 5),
    fix(s.b, 5),
    fix(s.theta, 4),
    String(s.flags),
    fix(s.npix, 0),
    fix(s.fwhm, 4),
    num(s.background, 9),
    fix(s.ra, 9),
    fix(s.dec, 9),
    num(s.peak, 9),
    num(s.fluxIsoErr, 7),
  ];
  if (i5 >= 0) row.push(num(s.fluxAperErr[i5], 7));
  for (let k = 0; k < extra.length; k++) row.push(num(s.fluxAper[extra[k]], 9), num(s.fluxAperErr[extra[k]], 7));
  row.push(num(s.fluxAutoErr, 7), fix(s.kronRadius, 5));
  return row.join(',');
}
