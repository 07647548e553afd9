/**
 * Catalog → CSV in the common schema of `shared/bench/anchors.py`:
 * `id,x,y,flux_iso,flux_aper_r5,flux_auto,a,b,theta,flags,npix,fwhm,background,ra,dec`,
 * then extra columns (peak, errors, Kron radius, other aperture radii). x, y 0-based;
 * theta in degrees CCW from +x in (−90, 90]; empty field = not available. Every cell is a
 * number or empty, so none needs the formula guard the app's other CSVs get (a test checks it).
 */
import type { Catalog, Source } from './extract.js';

/** `digits` significant digits, trailing zeros removed. */
function num(v: number | null | undefined, digits: number): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return '';
  const a = Math.abs(v);
  if (a >= 1e-4 && a < 1e15) {
    const d = Math.max(0, digits - 1 - Math.floor(Math.log10(a)));
    let t = v.toFixed(Math.min(d, 20));
    if (t.indexOf('.') >= 0) {
      let e = t.length;
      while (t.charCodeAt(e - 1) === 48) e--;
      // a trailing point goes too (arithmetic rather than a branch V8 met late, see extract.ts)
      e -= +(t.charCodeAt(e - 1) === 46);
      t = t.slice(0, e);
    }
    return t;
  }
  return Number(v.toPrecision(digits)).toString();
}
const fix = (v: number | null | undefined, d: number): string => (v === null || v === undefined || !Number.isFinite(v) ? '' : v.toFixed(d));

/** Radius label used in column names (5 → "5", 2.5 → "2.5"). */
function rlabel(r: number): string {
  return String(Number(r.toPrecision(6)));
}

/** Render the catalog as CSV text (header line + one line per source, trailing newline). */
export function catalogToCsv(cat: Catalog): string {
  const radii = cat.options.apertures;
  const i5 = radii.indexOf(5);
  // indices of the other apertures, in a typed array: see csvRow
  const extra = Int32Array.from(radii.keys()).filter((i) => i !== i5);
  const head = ['id', 'x', 'y', 'flux_iso', 'flux_aper_r5', 'flux_auto', 'a', 'b', 'theta', 'flags', 'npix', 'fwhm', 'background', 'ra', 'dec', 'peak', 'flux_iso_err'];
  if (i5 >= 0) head.push('flux_aper_r5_err');
  for (const i of extra) head.push(`flux_aper_r${rlabel(radii[i])}`, `flux_aper_r${rlabel(radii[i])}_err`);
  head.push('flux_auto_err', 'kron_radius');
  const lines = [head.join(',')];
  const sources = cat.sources;
  for (let k = 0; k < sources.length; k++) lines.push(csvRow(sources[k], i5, extra));
  return lines.join('\n') + '\n';
}

/**
 * One source's line. A function called per source rather than the body of the loop above: the
 * loop runs once per catalog, so V8 would recompile it for every image of a batch. `extra`:
 * the indices of the apertures other than r = 5 (a typed array, not an array of objects made
 * per catalog, whose map V8's optimised code here depended on).
 */
function csvRow(s: Source, i5: number, extra: Int32Array): string {
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
    String(s.npix),
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
