import type { CatalogView, SourceView } from '../../../shared/domain.js';

const cell = (v: number | null | undefined) => (v === null || v === undefined || !Number.isFinite(v) ? '' : String(v));

/**
 * A catalog in the common CSV schema of the reference tools
 * (`id,x,y,flux_iso,flux_aper_r5,flux_auto,a,b,theta,flags,npix,fwhm,background,ra,dec`),
 * with one `flux_aper_rR` column per aperture radius. x, y are 0-based.
 */
export function catalogCsv(catalog: CatalogView, sources: readonly SourceView[] = catalog.sources): string {
  const aper = catalog.apertures.length > 0 ? catalog.apertures : [5];
  const header = ['id', 'x', 'y', 'flux_iso', ...aper.map((r) => `flux_aper_r${r}`), 'flux_auto', 'a', 'b', 'theta', 'flags', 'npix', 'fwhm', 'background', 'ra', 'dec'];
  const lines = [header.join(',')];
  for (const s of sources) {
    lines.push(
      [
        s.id,
        cell(s.x),
        cell(s.y),
        cell(s.fluxIso),
        ...aper.map((_, i) => cell(s.fluxAper[i])),
        cell(s.fluxAuto),
        cell(s.a),
        cell(s.b),
        cell(s.theta),
        s.flags,
        cell(s.npix),
        cell(s.fwhm),
        cell(s.background),
        cell(s.ra),
        cell(s.dec),
      ].join(','),
    );
  }
  return `${lines.join('\n')}\n`;
}
