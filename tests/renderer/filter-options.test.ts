/**
 * The filters' options counted in one pass (src/renderer/src/library/filter-options.ts): the
 * same values, counts and order as counting each filter's values apart with valueCounts.
 */
import { describe, expect, it } from 'vitest';
import { filterOptions } from '../../src/renderer/src/library/filter-options.js';
import { valueCounts, type FilterableImage } from '../../src/renderer/src/library/list-filters.js';

/** The options as the library page counted them before, one valueCounts per filter. */
function byEachFilter(list: readonly FilterableImage[], nights: ReadonlyArray<string | null>, withObject: boolean) {
  return {
    nights: valueCounts(nights.filter((n): n is string => n !== null)).sort((a, b) => (a.value < b.value ? 1 : -1)),
    objects: withObject ? valueCounts(list.map((im) => im.object ?? '')) : undefined,
    filters: valueCounts(list.map((im) => im.filter ?? '')),
    statuses: valueCounts(list.map((im) => im.status)),
    frames: list.some((im) => im.frame !== undefined) ? valueCounts(list.map((im) => im.frame ?? '')) : undefined,
  };
}

let seed = 7;
const pick = <T,>(xs: readonly T[]): T => {
  seed = (seed * 1103515245 + 12345) % 2147483648;
  return xs[seed % xs.length]!;
};

describe("the filters' options, counted in one pass", () => {
  it('are what counting each filter apart gives: values, counts and order, with and without objects and frames', () => {
    const images: FilterableImage[] = [];
    const nights: Array<string | null> = [];
    for (let i = 0; i < 2000; i++) {
      images.push({
        name: `im-${i}.fits`,
        object: pick(['M31', 'M 31', 'NGC 7000', 'ngc 7000', 'Éta Car', null, '']),
        dateObs: null,
        filter: pick(['V', 'R', 'B', 'Hα', null]),
        status: pick(['new', 'extracted', 'failed', 'extracting']),
        frame: pick(['bias', 'master flat', 'calibrated', '', null]),
      });
      nights.push(pick(['2026-09-01', '2026-09-02', '2026-10-11', null]));
    }
    for (const withObject of [true, false]) expect(filterOptions(images, nights, withObject)).toEqual(byEachFilter(images, nights, withObject));
    const unframed = images.map(({ frame: _, ...im }) => im);
    expect(filterOptions(unframed, nights, true)).toEqual(byEachFilter(unframed, nights, true));
    expect(filterOptions(unframed, nights, true).frames).toBeUndefined();
  });

  it('are empty for no images', () => {
    expect(filterOptions([], [], true)).toEqual({ nights: [], objects: [], filters: [], statuses: [], frames: undefined });
  });
});
