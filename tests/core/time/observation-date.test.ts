import { describe, expect, it } from 'vitest';
import { observationDate, TimeError, type TimeHeaderValue } from '../../../src/core/time/index.js';

const header = (cards: Record<string, TimeHeaderValue>) => ({ get: (k: string) => cards[k] });

describe('observationDate: the start of an observation as ISO UTC', () => {
  it('reads the old DD/MM/YY form as a day of 1900–1999', () => {
    expect(observationDate(header({ 'DATE-OBS': '29/11/51' }))).toEqual({ iso: '1951-11-29', mjd: 33979, source: 'DATE-OBS (day)' });
  });

  it('joins a DATE-OBS day with TIME-OBS or UT', () => {
    expect(observationDate(header({ 'DATE-OBS': '29/11/51', UT: '03:12:30' }))?.iso).toBe('1951-11-29T03:12:30.000');
    expect(observationDate(header({ 'DATE-OBS': '2026-01-15', 'TIME-OBS': '22:01:02.25' }))).toMatchObject({
      iso: '2026-01-15T22:01:02.250',
      source: 'DATE-OBS+TIME-OBS',
    });
  });

  it('writes an ISO DATE-OBS with milliseconds, with or without fraction, T or Z', () => {
    expect(observationDate(header({ 'DATE-OBS': '2026-01-15T03:12:45' }))?.iso).toBe('2026-01-15T03:12:45.000');
    expect(observationDate(header({ 'DATE-OBS': '2026-01-15T03:12:45.123456' }))?.iso).toBe('2026-01-15T03:12:45.123');
    expect(observationDate(header({ 'DATE-OBS': '2026-01-15 03:12:45Z' }))?.iso).toBe('2026-01-15T03:12:45.000');
  });

  it('takes MJD-OBS alone, then JD alone', () => {
    expect(observationDate(header({ 'MJD-OBS': 60000.5 }))).toEqual({ iso: '2023-02-25T12:00:00.000', mjd: 60000.5, source: 'MJD-OBS' });
    expect(observationDate(header({ JD: 2460000.75 }))).toEqual({ iso: '2023-02-25T06:00:00.000', mjd: 60000.25, source: 'JD' });
  });

  it('converts a TT header to UTC', () => {
    // TT − UTC = 32.184 + 37 s in 2020
    expect(observationDate(header({ 'DATE-OBS': '2020-06-01T00:01:09.184', TIMESYS: 'TT' }))?.iso).toBe('2020-06-01T00:00:00.000');
  });

  it('is null without a date; a malformed DATE-OBS gives way to MJD-OBS, or is an error', () => {
    expect(observationDate(header({ OBJECT: 'M 31' }))).toBeNull();
    expect(observationDate(header({ 'DATE-OBS': 'last tuesday', 'MJD-OBS': 60000 }))?.iso).toBe('2023-02-25T00:00:00.000');
    expect(() => observationDate(header({ 'DATE-OBS': '31/02/99' }))).toThrow(TimeError);
    try {
      observationDate(header({ 'DATE-OBS': 'last tuesday' }));
    } catch (err) {
      expect((err as TimeError).code).toBe('time_bad_date');
    }
  });

  it('gives text that sorts as the dates do, whatever form the headers used', () => {
    const cases: Array<Record<string, TimeHeaderValue>> = [{ 'DATE-OBS': '2026-03-01T00:00:00' }, { 'DATE-OBS': '29/11/51' }, { 'MJD-OBS': 51544.5 }, { JD: 2451544.4 }];
    const dates = cases
      .map((c) => observationDate(header(c))!);
    const byText = [...dates].sort((a, b) => (a.iso < b.iso ? -1 : 1)).map((d) => d.iso);
    const byMjd = [...dates].sort((a, b) => a.mjd - b.mjd).map((d) => d.iso);
    expect(byText).toEqual(byMjd);
    expect(byText[0]).toBe('1951-11-29');
  });
});
