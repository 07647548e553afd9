import { describe, expect, it } from 'vitest';
import { frameLabel, listFiltersQuery, nightNamer, nightOf, parseListFilters, passes } from '../../src/renderer/src/library/list-filters.js';
import { parseRoute, routeHref, type Route } from '../../src/renderer/src/router/routes.js';

describe('the night of an image', () => {
  it('is the evening date of the local noon-to-noon night at the site, by mean solar time at its longitude', () => {
    // La Palma (17.88° W): local mean time is UTC − 1 h 11.5 min.
    expect(nightOf('2026-12-01T01:30:00', 'site', -17.88)).toBe('2026-11-30');
    expect(nightOf('2026-11-30T21:00:00.250', 'site', -17.88)).toBe('2026-11-30');
    expect(nightOf('2026-12-01T13:00:00', 'site', -17.88)).toBe('2026-11-30');
    expect(nightOf('2026-12-01T13:20:00', 'site', -17.88)).toBe('2026-12-01');
    // Siding Spring (149.06° E): 20:00 UTC is 05:56 local the next day, still that night.
    expect(nightOf('2026-12-01T20:00:00', 'site', 149.06)).toBe('2026-12-01');
    // 01:00 UTC is 10:56 local, the morning after the night of the 30th; 03:00 UTC is 12:56 local, the next night's afternoon.
    expect(nightOf('2026-12-01T01:00:00', 'site', 149.06)).toBe('2026-11-30');
    expect(nightOf('2026-12-01T03:00:00', 'site', 149.06)).toBe('2026-12-01');
  });

  it('is the UTC calendar date when asked, the date as written without a time, and null for no date', () => {
    expect(nightOf('2026-12-01T01:30:00', 'utc', -17.88)).toBe('2026-12-01');
    expect(nightOf('1951-11-29', 'site', -17.88)).toBe('1951-11-29');
    expect(nightOf(null, 'site', 0)).toBeNull();
    expect(nightOf('spring 1997', 'site', 0)).toBeNull();
  });
});

describe('the nights of many images (nightNamer)', () => {
  it('are what nightOf says of each, by either convention, the same text for the same night', () => {
    const dates = [
      null,
      'spring 1997',
      '1951-11-29',
      '2026-12-01T01:30:00',
      '2026-11-30T21:00:00.250',
      '2026-12-01T13:00:00',
      '2026-12-01T13:20:00',
      '2026-12-01T20:00:00',
      '2016-12-31T23:59:60',
      '2026-12-01T03:00:00',
      '2026-13-01T03:00:00',
    ];
    for (let h = 0; h < 72; h++) dates.push(new Date(Date.UTC(2026, 10, 29, h, 7)).toISOString().slice(0, 19));
    for (const [by, lon] of [['site', -17.88], ['site', 149.06], ['site', 0], ['utc', 0]] as const) {
      const night = nightNamer(by, lon);
      expect(dates.map(night)).toEqual(dates.map((d) => nightOf(d, by, lon)));
    }
    const night = nightNamer('site', -17.88);
    expect(night('2026-12-01T01:30:00')).toBe(night('2026-11-30T21:00:00.250'));
  });
});

describe("the nights of many images read without the browser's date parser (nightNamer's quick path)", () => {
  it('are what nightOf says of every form of date, valid or not, at the edges of nights and days', () => {
    // a small deterministic generator (no Math.random: the same cases every run)
    let seed = 12345;
    const next = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    const pad = (v: number, w: number) => String(v).padStart(w, '0');
    const dates: string[] = [
      '2026-12-01T12:00',
      '2026-12-01T11:59:59.999',
      '2026-12-01T13:11:31.200',
      '2026-12-01T13:11:31.2',
      '2026-12-01T13:11:31.29',
      '2026-12-01T13:11:31.2999',
      '2026-12-01T24:00:00',
      '2026-12-01T23:59:60',
      '2026-02-30T01:00:00',
      '2026-13-01T01:00:00',
      '0000-01-01T00:00:00',
      '1858-11-17T00:00:00',
      '2026-12-01T01:00:00Z',
      '2026-12-01 01:00:00',
      '2026-12-01T1:00:00',
      '2026-12-01T01:00:0',
      '2026-12-01T01:00:00.',
      '+02026-12-01T01:00',
      '2026-12-01T01:00:00.12a',
      'x026-12-01T01:00:00',
      '2026-12-01T01:60:00',
      '2026-12-01T-1:00:00',
    ];
    for (let i = 0; i < 3000; i++) {
      const form = next(4);
      const day = `${pad(1990 + next(50), 4)}-${pad(1 + next(12), 2)}-${pad(1 + next(31), 2)}`;
      const hm = `${pad(next(25), 2)}:${pad(next(61), 2)}`;
      const sec = pad(next(61), 2);
      const frac = String(next(100_000)).slice(0, 1 + next(5));
      dates.push(form === 0 ? `${day}T${hm}` : form === 1 ? `${day}T${hm}:${sec}` : `${day}T${hm}:${sec}.${frac}`);
    }
    for (const [by, lon] of [['site', -17.88], ['site', 149.06], ['site', -180], ['site', 180], ['site', 0], ['utc', 0]] as const) {
      const night = nightNamer(by, lon);
      expect(dates.map(night)).toEqual(dates.map((d) => nightOf(d, by, lon)));
    }
  });
});

describe('list filters in the address', () => {
  it('read back what they wrote, ignoring bad values', () => {
    const f = { night: '2026-11-30', nightBy: 'utc' as const, object: 'M 31', filter: 'Hα', status: 'failed' as const, q: 'a&b' };
    expect(parseListFilters(new URLSearchParams(listFiltersQuery(f)))).toEqual(f);
    expect(parseListFilters(new URLSearchParams('night=30/11/2026&status=lost&nightBy=tai'))).toBeUndefined();
    expect(parseListFilters(new URLSearchParams('filter='))).toEqual({ filter: '' });
  });

  it('are part of the library and target routes', () => {
    const routes: Route[] = [
      { page: 'library', filters: { night: '2026-11-30', filter: 'R' } },
      { page: 'target', id: 3, filters: { status: 'extracted', object: 'NGC 891' } },
    ];
    for (const r of routes) expect(parseRoute(routeHref(r))).toEqual(r);
    expect(routeHref({ page: 'library', filters: {} })).toBe('#/library');
    expect(parseRoute('#/library?night=2026-11-30&filter=R')).toEqual({ page: 'library', filters: { night: '2026-11-30', filter: 'R' } });
  });

  it('keep an image only when every filter set agrees', () => {
    const im = { name: 'a.fits', object: 'M31', dateObs: '2026-12-01T01:30:00', filter: 'R', status: 'extracted' };
    expect(passes(im, { night: '2026-11-30', filter: 'R', object: 'M31', status: 'extracted' }, '2026-11-30', () => '2026-12-01 01:30:00')).toBe(true);
    expect(passes(im, { night: '2026-12-01' }, '2026-11-30', () => null)).toBe(false);
    expect(passes(im, { filter: '' }, null, () => null)).toBe(false);
    expect(passes({ ...im, filter: null }, { filter: '' }, null, () => null)).toBe(true);
    expect(passes(im, { q: '01:30' }, null, () => '2026-12-01 01:30:00')).toBe(true);
    expect(passes(im, { q: 'm33' }, null, () => null)).toBe(false);
  });
});

describe('the night of a leap second', () => {
  it('is read by the FITS date parser when the browser refuses 23:59:60', () => {
    expect(nightOf('2016-12-31T23:59:60.5', 'utc', 0)).toBe('2016-12-31');
    expect(nightOf('2016-12-31T23:59:60.5', 'site', 0)).toBe('2016-12-31');
  });
});

describe('the frame filter (issue 17)', () => {
  it('names frames by kind and type, sits in the address and keeps only the frames asked for', () => {
    expect(frameLabel({ kind: 'raw', frameType: 'bias' })).toBe('bias');
    expect(frameLabel({ kind: 'raw', frameType: null })).toBe('');
    expect(frameLabel({ kind: 'master', frameType: 'flat' })).toBe('master flat');
    expect(frameLabel({ kind: 'calibrated', frameType: 'light' })).toBe('calibrated');
    expect(listFiltersQuery({ frame: 'master flat', filter: 'R' })).toBe('filter=R&frame=master+flat');
    expect(parseListFilters(new URLSearchParams('frame=master+flat'))).toEqual({ frame: 'master flat' });
    const im = { name: 'a.fits', dateObs: null, filter: 'R', status: 'imported', frame: 'bias' };
    expect(passes(im, { frame: 'bias' }, null, () => null)).toBe(true);
    expect(passes(im, { frame: 'calibrated' }, null, () => null)).toBe(false);
    expect(passes({ ...im, frame: '' }, { frame: '' }, null, () => null)).toBe(true);
  });
});
