import type Database from 'better-sqlite3';
import type { TimeHeaderValue } from '../../../../core/time/index.js';
import { storedDate } from '../../library/header-summary.js';

/**
 * 0006: `data_products.date_obs` becomes the start of the observation as ISO 8601 UTC
 * (`YYYY-MM-DDThh:mm:ss.sss`, or `YYYY-MM-DD` for a day only), read from the stored header by
 * the same parser as photometry: the old `DD/MM/YY` form, `DATE-OBS` + `TIME-OBS`/`UT`,
 * `MJD-OBS` or `JD` alone. Before, it held DATE-OBS as written, so `29/11/51` sorted above 2026
 * and an image dated by MJD-OBS only had no date. A row without a stored header has its
 * DATE-OBS text normalised when it is one; anything unreadable is left as it was.
 */
export const sql = '';

export function run(db: Database.Database): void {
  const rows = db.prepare('SELECT id, header_json, date_obs FROM data_products').all() as Array<{ id: number; header_json: string | null; date_obs: string | null }>;
  const update = db.prepare('UPDATE data_products SET date_obs = ? WHERE id = ?');
  for (const row of rows) {
    let cards: Record<string, TimeHeaderValue> | null = null;
    if (row.header_json !== null) {
      try {
        cards = JSON.parse(row.header_json) as Record<string, TimeHeaderValue>;
      } catch {
        cards = null;
      }
    }
    const date = cards !== null ? storedDate({ get: (k) => cards[k] }) : row.date_obs !== null ? storedDate({ get: (k) => (k === 'DATE-OBS' ? row.date_obs : undefined) }) : null;
    if (date !== row.date_obs && (date !== null || cards !== null)) update.run(date, row.id);
  }
}
