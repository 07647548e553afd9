/**
 * The pages of the app as addresses in the URL's hash (`#/library`, `#/products/12`,
 * `#/targets/3`, `#/tasks`, `#/settings`), so that a reload stays on the page, Back and
 * Forward move between pages, and a link opens in a new tab. Pure: no DOM.
 */

import { listFiltersQuery, parseListFilters, type ListFilters } from '../library/list-filters.js';

/** A circle drawn on an image opened from a target (image pixels, 0-based). */
export interface RouteMarker {
  x: number;
  y: number;
  r: number;
  label: string;
}

export type Route =
  | {
      page: 'library';
      /** The list's filters (night, object, filter, status, text), absent when none is set. */
      filters?: ListFilters;
    }
  | {
      page: 'product';
      id: number;
      /** The target it was opened from (its page is where "←" leads too), and the target's circle. */
      from?: { targetId: number; marker: RouteMarker | null };
    }
  | {
      page: 'targets';
      /** Only the targets observable tonight (`#/targets?tonight=1`). */
      tonight?: boolean;
    }
  | {
      page: 'target';
      id: number;
      /** Filters of the target's image list, absent when none is set. */
      filters?: ListFilters;
    }
  | { page: 'tasks' }
  | { page: 'settings' }
  | { page: 'missing'; hash: string };

/** The sidebar sections; each route belongs to one. */
export type Section = 'library' | 'tasks' | 'targets' | 'settings';

const ID = /^[1-9]\d{0,14}$/;

function finite(text: string | null): number | null {
  if (text === null || text.trim() === '') return null;
  const n = Number(text);
  return Number.isFinite(n) ? n : null;
}

/** The route of a location hash (`#/products/12?target=3&x=…`); an empty hash is the library. */
export function parseRoute(hash: string): Route {
  const text = hash.replace(/^#/, '');
  const [path = '', query = ''] = text.split('?', 2) as [string, string?];
  const parts = path.split('/').filter((p) => p !== '');
  const [head, id, ...rest] = parts;
  if (rest.length > 0) return { page: 'missing', hash };
  const params = new URLSearchParams(query);
  if (head === undefined) return { page: 'library' };
  if (id === undefined) {
    if (head === 'library') {
      const filters = parseListFilters(params);
      return filters ? { page: 'library', filters } : { page: 'library' };
    }
    if (head === 'targets') return params.get('tonight') === '1' ? { page: 'targets', tonight: true } : { page: 'targets' };
    if (head === 'tasks' || head === 'settings') return { page: head };
    return { page: 'missing', hash };
  }
  if (!ID.test(id)) return { page: 'missing', hash };
  if (head === 'targets') {
    const filters = parseListFilters(params);
    return filters ? { page: 'target', id: Number(id), filters } : { page: 'target', id: Number(id) };
  }
  if (head !== 'products') return { page: 'missing', hash };
  const target = params.get('target');
  if (target === null || !ID.test(target)) return { page: 'product', id: Number(id) };
  const x = finite(params.get('x'));
  const y = finite(params.get('y'));
  const r = finite(params.get('r'));
  const marker = x !== null && y !== null ? { x, y, r: r !== null && r > 0 ? r : 8, label: params.get('label') ?? '' } : null;
  return { page: 'product', id: Number(id), from: { targetId: Number(target), marker } };
}

/** The hash (with `#`) of a route: `href={routeHref(r)}` makes a link that opens in a new tab too. */
export function routeHref(route: Route): string {
  switch (route.page) {
    case 'product': {
      if (!route.from) return `#/products/${route.id}`;
      const params = new URLSearchParams({ target: String(route.from.targetId) });
      const m = route.from.marker;
      if (m) {
        params.set('x', String(m.x));
        params.set('y', String(m.y));
        params.set('r', String(m.r));
        params.set('label', m.label);
      }
      return `#/products/${route.id}?${params.toString()}`;
    }
    case 'target': {
      const q = listFiltersQuery(route.filters);
      return `#/targets/${route.id}${q ? `?${q}` : ''}`;
    }
    case 'targets':
      return route.tonight ? '#/targets?tonight=1' : '#/targets';
    case 'library': {
      const q = listFiltersQuery(route.filters);
      return `#/library${q ? `?${q}` : ''}`;
    }
    case 'missing':
      return route.hash;
    default:
      return `#/${route.page}`;
  }
}

/** The sidebar section a route is shown under (an image opened from a target is under Targets). */
export function sectionOf(route: Route): Section | null {
  switch (route.page) {
    case 'product':
      return route.from ? 'targets' : 'library';
    case 'target':
      return 'targets';
    case 'missing':
      return null;
    default:
      return route.page;
  }
}
