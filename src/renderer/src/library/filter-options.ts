/**
 * The values each filter of an image list offers, with how many images have each (the
 * {@link FilterOptions} of FilterBar), counted in one pass over the images: a season is 10,000
 * images, and a pass (and a list of values) per filter cost the library's opening tens of
 * milliseconds. Pure: no DOM.
 */
import { countsInOrder, type FilterableImage } from './list-filters.js';

/** A value a list can be filtered by, with how many images have it. */
export interface FilterOption {
  value: string;
  count: number;
}

export interface FilterOptions {
  /** Nights (`YYYY-MM-DD`) by the filters' convention. */
  nights: readonly FilterOption[];
  /** OBJECT values ('' for images without one); leave out to offer no object filter. */
  objects?: readonly FilterOption[];
  filters: readonly FilterOption[];
  statuses: readonly FilterOption[];
  /** Frames (frameLabel: bias, master flat, calibrated…; '' for none); leave out to offer no frame filter. */
  frames?: readonly FilterOption[];
}

/** Adds one to `value`'s count. */
function bump(counts: Map<string, number>, value: string): void {
  counts.set(value, (counts.get(value) ?? 0) + 1);
}

/**
 * The options of `images`' filters: nights (`nights[i]` is image i's, null for none; latest
 * first), OBJECT values if `withObject`, FILTER values, statuses, and frames if any image has a
 * frame label; each but the nights most frequent first, then by value (see `valueCounts`), ''
 * standing for images without the value.
 */
export function filterOptions(images: readonly FilterableImage[], nights: ReadonlyArray<string | null>, withObject: boolean): FilterOptions {
  const night = new Map<string, number>();
  const object = new Map<string, number>();
  const filter = new Map<string, number>();
  const status = new Map<string, number>();
  const frame = new Map<string, number>();
  let framed = false;
  for (let i = 0; i < images.length; i++) {
    const im = images[i]!;
    const n = nights[i];
    if (n !== null && n !== undefined) bump(night, n);
    if (withObject) bump(object, im.object ?? '');
    bump(filter, im.filter ?? '');
    bump(status, im.status);
    if (im.frame !== undefined) framed = true;
    bump(frame, im.frame ?? '');
  }
  return {
    nights: [...night].map(([value, count]) => ({ value, count })).sort((a, b) => (a.value < b.value ? 1 : -1)),
    objects: withObject ? countsInOrder(object) : undefined,
    filters: countsInOrder(filter),
    statuses: countsInOrder(status),
    frames: framed ? countsInOrder(frame) : undefined,
  };
}
