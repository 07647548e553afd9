/** The TOM Toolkit's target CSV as Nightshift writes it (see {@link tomTargetsCsv}). */
import { toCsv } from './csv.js';
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
