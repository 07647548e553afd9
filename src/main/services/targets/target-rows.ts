import type { Db } from '../db/open.js';

/** A `targets` row as SQLite returns it. */
export interface TargetRow {
  id: number;
  name: string;
  aliases: string;
  ra: number;
  dec: number;
  epoch: number;
  pm_ra: number | null;
  pm_dec: number | null;
  type: 'sidereal' | 'non_sidereal';
  notes: string;
  tags: string;
  created_at: string;
  updated_at: string;
}

/** A target as services hand it out. RA/Dec in degrees (ICRS/J2000 at `epoch`). */
export interface Target {
  id: number;
  name: string;
  aliases: string[];
  /** Degrees, [0, 360). */
  ra: number;
  /** Degrees, [−90, 90]. */
  dec: number;
  /** Julian epoch of the position (e.g. 2000, 2016). */
  epoch: number;
  /** μα·cos δ and μδ, milliarcseconds per year (null: none). */
  pmRa: number | null;
  pmDec: number | null;
  type: 'sidereal' | 'non_sidereal';
  notes: string;
  tags: string[];
  createdAt: string;
  updatedAt: string;
}

function jsonList(text: string): string[] {
  try {
    const v = JSON.parse(text) as unknown;
    return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
  } catch {
    return [];
  }
}

/** The service view of a `targets` row (aliases and tags parsed from their JSON columns). */
export function toTarget(row: TargetRow): Target {
  return {
    id: row.id,
    name: row.name,
    aliases: jsonList(row.aliases),
    ra: row.ra,
    dec: row.dec,
    epoch: row.epoch,
    pmRa: row.pm_ra,
    pmDec: row.pm_dec,
    type: row.type,
    notes: row.notes,
    tags: jsonList(row.tags),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** The `targets` row of an id, if any. */
export function targetRow(db: Db, id: number): TargetRow | undefined {
  return db.prepare('SELECT * FROM targets WHERE id = ?').get(id) as TargetRow | undefined;
}

/** Whether a target with this id exists. */
export function targetExists(db: Db, id: number): boolean {
  return db.prepare('SELECT 1 FROM targets WHERE id = ?').get(id) !== undefined;
}

/** Every `targets` row, by name (case-insensitive). */
export function allTargetRows(db: Db): TargetRow[] {
  return db.prepare('SELECT * FROM targets ORDER BY name COLLATE NOCASE').all() as TargetRow[];
}
