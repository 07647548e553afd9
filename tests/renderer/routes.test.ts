import { describe, expect, it } from 'vitest';
import { parseRoute, routeHref, sectionOf, type Route } from '../../src/renderer/src/router/routes.js';
import { formatDate } from '../../src/renderer/src/format/date.js';

describe('hash routes', () => {
  it('read the address of every page, an empty hash being the library', () => {
    expect(parseRoute('')).toEqual({ page: 'library' });
    expect(parseRoute('#/')).toEqual({ page: 'library' });
    expect(parseRoute('#/library')).toEqual({ page: 'library' });
    expect(parseRoute('#/products/12')).toEqual({ page: 'product', id: 12 });
    expect(parseRoute('#/targets')).toEqual({ page: 'targets' });
    expect(parseRoute('#/targets/3')).toEqual({ page: 'target', id: 3 });
    expect(parseRoute('#/tasks')).toEqual({ page: 'tasks' });
    expect(parseRoute('#/settings')).toEqual({ page: 'settings' });
  });

  it('say so for an address that is no page', () => {
    for (const hash of ['#/products', '#/products/0', '#/products/x', '#/targets/3/more', '#/nowhere', '#/library/2']) {
      expect(parseRoute(hash), hash).toEqual({ page: 'missing', hash });
    }
  });

  it('write every route back to the same address', () => {
    const routes: Route[] = [
      { page: 'library' },
      { page: 'product', id: 12 },
      { page: 'product', id: 12, from: { targetId: 3, marker: { x: 60.4, y: 66.25, r: 8, label: 'SN 2026a & co' } } },
      { page: 'product', id: 7, from: { targetId: 3, marker: null } },
      { page: 'targets' },
      { page: 'target', id: 3 },
      { page: 'tasks' },
      { page: 'settings' },
    ];
    for (const r of routes) expect(parseRoute(routeHref(r))).toEqual(r);
  });

  it('put an image opened from a target under Targets, one from the library under Library', () => {
    expect(sectionOf(parseRoute('#/products/12'))).toBe('library');
    expect(sectionOf(parseRoute('#/products/12?target=3&x=1&y=2'))).toBe('targets');
    expect(sectionOf(parseRoute('#/targets/3'))).toBe('targets');
  });
});

describe('dates as shown', () => {
  it('are ISO UTC with a blank for T and a fraction only when there is one', () => {
    expect(formatDate('2026-01-15T03:12:45.000')).toBe('2026-01-15 03:12:45');
    expect(formatDate('2026-01-15T03:12:45.250', true)).toBe('2026-01-15 03:12:45.25 UTC');
    expect(formatDate('1951-11-29')).toBe('1951-11-29');
    expect(formatDate('spring 1997')).toBe('spring 1997');
  });
});
