/**
 * Masters chosen by hand for a raw light (issue 17; table `calib_choices`, migration 0011): the
 * calibration planner uses them whatever its rule says. The library owns the table; the planner
 * (services/calibration) validates a choice and calls these.
 */
import { type Clock, isoNow } from '../clock.js';
import type { Db } from '../db/open.js';
import type { EventBus } from '../events.js';
import { prepared } from '../db/prepared.js';

/** A light's masters chosen by hand (product ids; null: chosen by the rule). */
export interface CalibChoice {
  bias: number | null;
  dark: number | null;
  flat: number | null;
}

interface ChoiceRow {
  product_id: number;
  bias_id: number | null;
  dark_id: number | null;
  flat_id: number | null;
}

const toChoice = (r: ChoiceRow): CalibChoice => ({ bias: r.bias_id, dark: r.dark_id, flat: r.flat_id });

/** Every light's choice by hand, by light id. */
export function calibChoices(db: Db): Map<number, CalibChoice> {
  const rows = prepared(db, 'SELECT product_id, bias_id, dark_id, flat_id FROM calib_choices').all() as ChoiceRow[];
  return new Map(rows.map((r) => [r.product_id, toChoice(r)]));
}

/** One light's choice by hand (all null when there is none). */
export function calibChoiceOf(db: Db, lightId: number): CalibChoice {
  const r = prepared(db, 'SELECT product_id, bias_id, dark_id, flat_id FROM calib_choices WHERE product_id = ?').get(lightId) as ChoiceRow | undefined;
  return r ? toChoice(r) : { bias: null, dark: null, flat: null };
}

/**
 * Stores a light's choice by hand (all null: none, the row goes). The ids are not checked here
 * (the planner does). Announces `products:changed` for the light.
 */
export function setCalibChoice(deps: { db: Db; clock: Clock; events: EventBus }, lightId: number, choice: CalibChoice): void {
  if (choice.bias === null && choice.dark === null && choice.flat === null) prepared(deps.db, 'DELETE FROM calib_choices WHERE product_id = ?').run(lightId);
  else {
    prepared(
      deps.db,
      `INSERT INTO calib_choices (product_id, bias_id, dark_id, flat_id, updated_at) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (product_id) DO UPDATE SET bias_id = excluded.bias_id, dark_id = excluded.dark_id, flat_id = excluded.flat_id, updated_at = excluded.updated_at`,
    ).run(lightId, choice.bias, choice.dark, choice.flat, isoNow(deps.clock));
  }
  deps.events.emit('products:changed', { ids: [lightId] });
}
