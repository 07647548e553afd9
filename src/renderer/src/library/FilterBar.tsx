import { noFilters, type ListFilters, type NightBy } from './list-filters.js';

export type { FilterOption, FilterOptions } from './filter-options.js';
import type { FilterOption, FilterOptions } from './filter-options.js';

const ALL = '\u0000all';

type Key = 'night' | 'object' | 'filter' | 'status' | 'frame';

/**
 * The filters of an image list: text search, night (with its convention said), object,
 * filter, status and frame (bias, master flat, calibrated…), each a choice among the values the list has (with counts), and Clear.
 */
export function FilterBar({
  filters,
  options,
  siteName,
  onChange,
  searchPlaceholder = 'Search name, object, filter, date',
}: {
  filters: ListFilters;
  options: FilterOptions;
  /** The configured site, named in the night convention. */
  siteName: string | null;
  onChange: (next: ListFilters) => void;
  searchPlaceholder?: string;
}) {
  const set = (key: Key | 'q' | 'nightBy', value: string | undefined) => {
    const next: ListFilters = { ...filters };
    if (value === undefined) delete next[key];
    else (next as Record<string, string>)[key] = value;
    onChange(next);
  };
  const choice = (key: Key, label: string, list: readonly FilterOption[], shown: (v: string) => string) => {
    const current = filters[key];
    // A value from the address that no image has any more is still shown (with 0), not lost.
    const values = current !== undefined && !list.some((o) => o.value === current) ? [...list, { value: current, count: 0 }] : list;
    return (
      <label>
        {label}
        <select
          value={current ?? ALL}
          className={current !== undefined ? 'set' : undefined}
          data-testid={`filter-${key}`}
          onChange={(e) => set(key, e.target.value === ALL ? undefined : e.target.value)}
        >
          <option value={ALL}>all</option>
          {values.map((o) => (
            <option key={o.value} value={o.value}>
              {shown(o.value)} ({o.count})
            </option>
          ))}
        </select>
      </label>
    );
  };
  const by: NightBy = filters.nightBy ?? 'site';
  return (
    <div className="filter-bar" data-testid="filter-bar">
      <input type="search" placeholder={searchPlaceholder} value={filters.q ?? ''} onChange={(e) => set('q', e.target.value === '' ? undefined : e.target.value)} data-testid="library-search" />
      {choice('night', 'Night', options.nights, (v) => v)}
      <label
        title={`Site night: an observing night at ${siteName ?? 'the configured site'} runs from local noon to local noon (mean solar time at the site's longitude) and is named by the date of its evening. UTC date: the calendar date of DATE-OBS in UTC.`}
      >
        by
        <select value={by} data-testid="filter-night-by" onChange={(e) => set('nightBy', e.target.value === 'utc' ? 'utc' : undefined)}>
          <option value="site">site night (evening date)</option>
          <option value="utc">UTC date</option>
        </select>
      </label>
      {options.objects && choice('object', 'Object', options.objects, (v) => (v === '' ? '(none)' : v))}
      {choice('filter', 'Filter', options.filters, (v) => (v === '' ? '(none)' : v))}
      {choice('status', 'Status', options.statuses, (v) => v)}
      {options.frames && choice('frame', 'Frame', options.frames, (v) => (v === '' ? '(none)' : v))}
      {!noFilters(filters) && (
        <button type="button" className="clear" onClick={() => onChange({})} data-testid="filters-clear">
          Clear filters
        </button>
      )}
    </div>
  );
}
