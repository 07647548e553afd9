import { describe, expect, it } from 'vitest';
import type { Source } from '../../src/core/extract/index.js';
import { catalogCsv } from '../../src/shared/catalog-csv.js';
import { csvCell } from '../../src/shared/csv-cell.js';
import { mulberry32 } from '../../src/core/synth/index.js';
import type { SourceView } from '../../src/shared/domain.js';

/** An extractor source with every value given; `over` replaces some. */
function source(over: Partial<Source> = {}): Source {
  return {
    id: 1, x: 10.123456, y: 20.5, a: 1.5, b: 1.25, theta: -30.12346, npix: 42, peak: 1234.5678901, fluxIso: 98765.4321,
    fluxIsoErr: 12.345678912, fluxAper: [5000.123, 3000.5, 7000], fluxAperErr: [10.1, 8.25, 12], fluxAuto: 99999.1,
    fluxAutoErr: 15.5, kronRadius: 3.5, fwhm: 2.75, background: -0.000123456789, flags: 2, ra: 150.123456789012, dec: -2.5, ...over,
  };
}

/** The source as the library gives it back to the app (sources:list): a missing value is null. */
function view(s: Source): SourceView {
  const v = (n: number | null): number | null => (n === null || !Number.isFinite(n) ? null : n);
  return {
    id: s.id, x: s.x, y: s.y, ra: v(s.ra), dec: v(s.dec), a: v(s.a), b: v(s.b), theta: v(s.theta), npix: v(s.npix), peak: v(s.peak),
    fluxIso: v(s.fluxIso), fluxIsoErr: v(s.fluxIsoErr), fluxAper: s.fluxAper.map(v), fluxAperErr: s.fluxAperErr.map(v),
    fluxAuto: v(s.fluxAuto), fluxAutoErr: v(s.fluxAutoErr), kronRadius: v(s.kronRadius), fwhm: v(s.fwhm), background: v(s.background), flags: s.flags,
  };
}

describe('the catalog CSV', () => {
  it('writes the common schema first, then the errors and the other apertures in the catalog\'s order', () => {
    const csv = catalogCsv({ apertures: [3, 5, 2.5], sources: [source()] });
    const [head, line, end] = csv.split('\n');
    expect(head).toBe(
      'id,x,y,flux_iso,flux_aper_r5,flux_auto,a,b,theta,flags,npix,fwhm,background,ra,dec,peak,flux_iso_err,flux_aper_r5_err,flux_aper_r3,flux_aper_r3_err,flux_aper_r2.5,flux_aper_r2.5_err,flux_auto_err,kron_radius',
    );
    expect(line).toBe('1,10.12346,20.50000,98765.4321,3000.5,99999.1,1.50000,1.25000,-30.1235,2,42,2.7500,-0.000123456789,150.123456789,-2.500000000,1234.56789,12.34568,8.25,5000.123,10.1,7000,12,15.5,3.50000');
    expect(end).toBe('');
  });

  it('leaves a cell empty for a missing value, whether missing is NaN (the extractor) or null (the app)', () => {
    const missing = source({ fluxIso: NaN, fluxAper: [NaN, 1, 2], theta: NaN, ra: null, dec: null, kronRadius: Infinity });
    const fromExtractor = catalogCsv({ apertures: [3, 5, 2.5], sources: [missing] });
    const cells = fromExtractor.split('\n')[1]!.split(',');
    expect([cells[3], cells[8], cells[13], cells[14], cells[18], cells[23]]).toEqual(['', '', '', '', '', '']);
    expect(catalogCsv({ apertures: [3, 5, 2.5], sources: [view(missing)] })).toBe(fromExtractor);
  });

  it('writes the same bytes for an extractor catalog and the app\'s view of it', () => {
    const sources = [source(), source({ id: 2, x: 0, y: 127.99999, flags: 0, background: 1e-7, peak: 1.5e15, fluxAper: [-12.5, 0, 1e-5] }), source({ id: 3, npix: 1, ra: null, dec: null })];
    for (const apertures of [[5], [3, 5, 2.5], [2, 3, 4]]) {
      const fluxes = sources.map((s) => ({ ...s, fluxAper: s.fluxAper.slice(0, apertures.length), fluxAperErr: s.fluxAperErr.slice(0, apertures.length) }));
      expect(catalogCsv({ apertures, sources: fluxes.map(view) })).toBe(catalogCsv({ apertures, sources: fluxes }));
    }
    // without an aperture of radius 5 its column is there, empty
    expect(catalogCsv({ apertures: [2, 3, 4], sources: [source()] }).split('\n')[1]!.split(',')[4]).toBe('');
  });

  it('writes only cells the formula-safe rule leaves as they are, whatever the values', () => {
    const u = mulberry32(11);
    const extremes = [0, -0, 1e-300, -1e-300, 5e-324, 1e-5, -1e-5, 0.99999, 1e15, -1e15, 1e21, -1.5e21, 1.7976931348623157e308, -1.7976931348623157e308, NaN, Infinity, -Infinity];
    const value = (): number => (u() < 0.3 ? extremes[Math.floor(u() * extremes.length)]! : (u() - 0.5) * 10 ** (60 * u() - 30));
    const sources = Array.from({ length: 400 }, (_, k) =>
      source({
        id: k + 1, x: value(), y: value(), a: value(), b: value(), theta: value(), npix: Math.floor(u() * 1e6), peak: value(), fluxIso: value(), fluxIsoErr: value(),
        fluxAper: [value(), value()], fluxAperErr: [value(), value()], fluxAuto: value(), fluxAutoErr: value(), kronRadius: value(), fwhm: value(),
        background: value(), flags: Math.floor(u() * 256), ra: value(), dec: value(),
      }),
    );
    const csv = catalogCsv({ apertures: [5, 2.5], sources });
    const cells = csv.trimEnd().split('\n').flatMap((l) => l.split(','));
    expect(cells.length).toBe(401 * 22);
    for (const c of cells) expect(csvCell(c)).toBe(c);
  });
});
