import { csvLine } from '../../../shared/csv-cell.js';
import type { CatalogView, SourceView } from '../../../shared/domain.js';

/**
 * A catalog in the common CSV schema of the reference tools
 * (`id,x,y,flux_iso,flux_aper_r5,flux_auto,a,b,theta,flags,npix,fwhm,background,ra,dec`),
 * with one `flux_aper_rR` column per aperture radius. x, y are 0-based. Cells go through the
 * formula-safe rule of `shared/csv-cell.ts` like every CSV the project writes (non-finite
 * numbers are empty cells).
 */
export function catalogCsv(catalog: CatalogView, sources: readonly SourceView[] = catalog.sources): string {
  const aper = catalog.apertures.length > 0 ? catalog.apertures : [5];
  const header = ['id', 'x', 'y', 'flux_iso', ...aper.map((r) => `flux_aper_r${r}`), 'flux_auto', 'a', 'b', 'theta', 'flags', 'npix', 'fwhm', 'background', 'ra', 'dec'];
  const lines = [csvLine(header)];
  for (const s of sources) {
    lines.push(
      csvLine([
        s.id,
        s.x,
        s.y,
        s.fluxIso,
        ...aper.map((_, i) => s.fluxAper[i]),
        s.fluxAuto,
        s.a,
        s.b,
        s.theta,
        s.flags,
        s.npix,
        s.fwhm,
        s.background,
        s.ra,
        s.dec,
      ]),
    );
  }
  return `${lines.join('\n')}\n`;
}
