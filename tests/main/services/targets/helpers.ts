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

export { tanHeader } from '../../../helpers/tan-header.js';
