import type Database from 'better-sqlite3';
import { frameInfo } from '../../../../core/calib/index.js';
import type { HeaderValue } from '../../../../core/fits/index.js';

/**
 * 0009 (issue 17): calibration in the library. Each product gets
 * - `frame_type`: `bias`, `dark`, `flat` or `light` from IMAGETYP (else FRAME), or null when the
 *   header names none (an image calibrated elsewhere); `frame_type_by_hand` 1 when the user set it;
 * - `kind`: `raw` (imported), `master` (a master bias/dark/flat, made here or imported) or
 *   `calibrated` (a light calibrated here);
 * - `raw_id`: a calibrated product's raw frame;
 * - `calib_json`: a master's group and inputs, or a calibrated product's masters (JSON);
 * - `calib_wait`: why a raw light is not calibrated yet ("no flat for filter R, 2×2 binning").
 * The library list's covering index (0008) gains these columns, which a ProductView shows.
 * Existing rows get their frame type from the stored header.
 */
export const sql = /* sql */ `
ALTER TABLE data_products ADD COLUMN frame_type TEXT CHECK (frame_type IN ('bias', 'dark', 'flat', 'light'));
ALTER TABLE data_products ADD COLUMN frame_type_by_hand INTEGER NOT NULL DEFAULT 0 CHECK (frame_type_by_hand IN (0, 1));
ALTER TABLE data_products ADD COLUMN kind TEXT NOT NULL DEFAULT 'raw' CHECK (kind IN ('raw', 'master', 'calibrated'));
ALTER TABLE data_products ADD COLUMN raw_id INTEGER REFERENCES data_products(id) ON DELETE SET NULL;
ALTER TABLE data_products ADD COLUMN calib_json TEXT;
ALTER TABLE data_products ADD COLUMN calib_wait TEXT;
CREATE INDEX data_products_by_frame_type ON data_products (frame_type, kind);
CREATE INDEX data_products_by_raw ON data_products (raw_id);
DROP INDEX data_products_list;
CREATE INDEX data_products_list ON data_products
  (id, name, sha256, size, status, source_count, error_code, error_message, object, date_obs, filter, width, height, has_wcs, created_at,
   frame_type, kind, raw_id, calib_json, calib_wait);
`;

export function run(db: Database.Database): void {
  const rows = db.prepare('SELECT id, header_json FROM data_products WHERE header_json IS NOT NULL').all() as Array<{ id: number; header_json: string }>;
  const update = db.prepare('UPDATE data_products SET frame_type = ?, kind = ? WHERE id = ?');
  for (const row of rows) {
    let cards: Record<string, HeaderValue>;
    try {
      cards = JSON.parse(row.header_json) as Record<string, HeaderValue>;
    } catch {
      continue;
    }
    const info = frameInfo({ get: (k) => cards[k] });
    if (info.type !== null) update.run(info.type, info.master ? 'master' : 'raw', row.id);
  }
}
