/** Shared set-up of the target-service tests: services with migration 0003 applied, WCS headers. */
import { sql as photometrySql } from '../../../../src/main/services/db/migrations/0003-photometry.js';
import type { Db } from '../../../../src/main/services/db/open.js';
import { TargetService } from '../../../../src/main/services/targets/index.js';
import type { Services } from '../../../../src/main/services/services.js';

/** Applies 0003 unless the registered migrations already did (it is registered as version 3 later). */
export function withPhotometrySchema(db: Db): void {
  const has = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'photometry'").get();
  if (!has) db.exec(photometrySql);
}

export function targetService(services: Services): TargetService {
  withPhotometrySchema(services.db);
  return new TargetService({ db: services.db, clock: services.clock, root: services.paths.root });
}

/** A TAN WCS header (0.4″/px, north up, east left) centred on (ra, dec) for a width×height image. */
export function tanHeader(ra: number, dec: number, width: number, height: number): Record<string, string | number> {
  const s = 0.4 / 3600;
  return {
    CTYPE1: 'RA---TAN',
    CTYPE2: 'DEC--TAN',
    CRVAL1: ra,
    CRVAL2: dec,
    CRPIX1: (width + 1) / 2,
    CRPIX2: (height + 1) / 2,
    CD1_1: -s,
    CD1_2: 0,
    CD2_1: 0,
    CD2_2: s,
    RADESYS: 'ICRS',
    EQUINOX: 2000,
  };
}
