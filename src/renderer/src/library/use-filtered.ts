import { useMemo } from 'react';
import { formatDate } from '../format/date.js';
import type { FilterOptions } from './FilterBar.js';
import { nightNamer, noFilters, passes, type FilterableImage, type ListFilters } from './list-filters.js';
import { filterOptions } from './filter-options.js';

/**
 * The images that pass `filters`, and the values each filter offers (with counts over all the
 * images). Nights are computed once per list and convention, at east longitude `longitude`
 * (degrees; the site's). `withObject` offers the OBJECT filter. With no filter set, `rows` is
 * `images` itself (not a copy).
 */
export function useFiltered<T extends FilterableImage>(
  images: readonly T[] | undefined,
  filters: ListFilters,
  longitude: number,
  withObject: boolean,
): { rows: readonly T[]; options: FilterOptions } {
  const by = filters.nightBy ?? 'site';
  // the night of images[i] at i
  const nights = useMemo(() => {
    const night = nightNamer(by, longitude);
    return (images ?? []).map((im) => night(im.dateObs));
  }, [images, by, longitude]);

  const options = useMemo((): FilterOptions => filterOptions(images ?? [], nights, withObject), [images, nights, withObject]);

  const none = noFilters(filters);
  const rows = useMemo(
    () =>
      none
        ? (images ?? [])
        : (images ?? []).filter((im, i) => passes(im, filters, nights[i] ?? null, () => (im.dateObs !== null ? formatDate(im.dateObs) : null))),
    [images, nights, none, filters.night, filters.object, filters.filter, filters.status, filters.frame, filters.q],
  );
  return { rows, options };
}
