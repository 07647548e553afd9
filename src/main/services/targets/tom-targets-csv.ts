/**
 * The TOM Toolkit's target CSV: as Nightshift writes it ({@link tomTargetsCsv}) and reads it
 * ({@link readTomTargets}).
 */
import { AppError } from '../../../shared/errors.js';
import { parseCsvRows, toCsv } from './csv.js';
import { finiteOrNull, type TargetInput } from './target-input.js';
import type { Target } from './target-rows.js';

/** The TOM Toolkit's Target model fields, in its export order (tom_targets/models.py). */
export const TOM_TARGET_FIELDS = [
  'name', 'type', 'created', 'modified', 'ra', 'dec', 'epoch', 'parallax', 'pm_ra', 'pm_dec', 'galactic_lng',
  'galactic_lat', 'distance', 'distance_err', 'scheme', 'epoch_of_elements', 'mean_anomaly', 'arg_of_perihelion',
  'eccentricity', 'lng_asc_node', 'inclination', 'mean_daily_motion', 'semimajor_axis', 'epoch_of_perihelion',
  'ephemeris_period', 'ephemeris_period_err', 'ephemeris_epoch', 'ephemeris_epoch_err', 'perihdist',
] as const;

/**
 * CSV in the TOM Toolkit's target export layout: the Target model fields (name, type
 * SIDEREAL/NON_SIDEREAL, created, modified, ra, dec in degrees, epoch, pm_ra, pm_dec in
 * mas/yr, …), then extra fields (`tags` as a comma-separated list, `notes`), then the
 * aliases as `name2`, `name3`, ….
 */
export function tomTargetsCsv(targets: readonly Target[]): string {
  const maxAliases = Math.max(0, ...targets.map((t) => t.aliases.length));
  const header = [...TOM_TARGET_FIELDS, 'tags', 'notes', ...Array.from({ length: maxAliases }, (_, i) => `name${i + 2}`)];
  const rows = targets.map((t) => {
    const base: Record<string, string | number | null> = {
      name: t.name,
      type: t.type === 'sidereal' ? 'SIDEREAL' : 'NON_SIDEREAL',
      created: t.createdAt,
      modified: t.updatedAt,
      ra: t.ra,
      dec: t.dec,
      epoch: t.epoch,
      pm_ra: t.pmRa,
      pm_dec: t.pmDec,
      scheme: '',
    };
    return [
      ...TOM_TARGET_FIELDS.map((f) => base[f] ?? null),
      t.tags.join(','),
      t.notes,
      ...Array.from({ length: maxAliases }, (_, i) => t.aliases[i] ?? ''),
    ];
  });
  return toCsv(header, rows);
}

/**
 * One data line of a target CSV: the target it gives, or why it was rejected. `line` is the
 * line number in the text (1-based; line 1 is the header).
 */
export type TomTargetLine = { line: number; input: TargetInput; error?: undefined } | { line: number; input?: undefined; error: string };

/**
 * Reads a TOM Toolkit target CSV: its export layout or any CSV with at least `name`, `ra`,
 * `dec` columns (ra/dec in degrees or sexagesimal; `name2`, `name3`, … or `aliases` are
 * aliases; `tags` (comma-separated) and `notes` are read; other columns are ignored; epoch
 * 2000 when absent). A line with a bad number or a non-sidereal target is rejected with its
 * reason; the names and coordinates are checked when the target is written. Throws
 * `invalid_argument` when the CSV is empty or lacks one of the three columns.
 */
export function readTomTargets(text: string): TomTargetLine[] {
  const parsed = parseCsvRows(text);
  const rows = parsed.map((r) => r.cells);
  if (rows.length === 0) throw new AppError('invalid_argument', 'the CSV is empty');
  const header = rows[0]!.map((h) => h.trim().toLowerCase());
  for (const need of ['name', 'ra', 'dec']) {
    if (!header.includes(need)) throw new AppError('invalid_argument', `the CSV has no "${need}" column`);
  }
  return rows.slice(1).map((cells, k): TomTargetLine => {
    const line = parsed[k + 1]!.line;
    const get = (col: string): string => (cells[header.indexOf(col)] ?? '').trim();
    try {
      const aliases = header
        .map((h, i) => (h !== 'name' && /^name\d+$/.test(h) ? (cells[i] ?? '').trim() : ''))
        .filter((s) => s !== '');
      if (header.includes('aliases')) aliases.push(...get('aliases').split(/[;,]/).map((s) => s.trim()).filter(Boolean));
      const type = get('type').toUpperCase();
      if (type === 'NON_SIDEREAL') throw new AppError('invalid_argument', 'non-sidereal targets are not supported yet');
      const input: TargetInput = {
        name: get('name'),
        ra: get('ra'),
        dec: get('dec'),
        epoch: finiteOrNull(get('epoch'), 'epoch') ?? 2000,
        pmRa: finiteOrNull(get('pm_ra'), 'pm_ra'),
        pmDec: finiteOrNull(get('pm_dec'), 'pm_dec'),
        aliases,
        tags: header.includes('tags') ? get('tags').split(',').map((s) => s.trim()).filter(Boolean) : [],
        notes: header.includes('notes') ? get('notes') : '',
      };
      return { line, input };
    } catch (err) {
      return { line, error: err instanceof Error ? err.message : String(err) };
    }
  });
}
