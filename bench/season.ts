import type { SeedImage } from '../tests/helpers/seed-library.js';

const OBJECTS = ['M31', 'M33', 'NGC 7331', 'SN 2026abc', 'NGC 891', 'M74', null];
const FILTERS = ['B', 'V', 'R', 'I', 'Ha', null];
const STATUSES = ['extracted', 'extracted', 'extracted', 'imported', 'failed'] as const;

/** `n` images over a season: about 60 a night from 2026-09-01, spread over the night. */
export function season(n: number): SeedImage[] {
  return Array.from({ length: n }, (_, i) => {
    const night = Math.floor(i / 60);
    const t = Date.UTC(2026, 8, 1, 20, 0, 0) + night * 86_400_000 + (i % 60) * 9 * 60_000;
    return {
      name: `img-${String(i).padStart(5, '0')}.fits`,
      object: OBJECTS[i % OBJECTS.length]!,
      dateObs: i % 97 === 0 ? null : new Date(t).toISOString().replace('Z', ''),
      filter: FILTERS[i % FILTERS.length]!,
      status: STATUSES[i % STATUSES.length]!,
    };
  });
}
