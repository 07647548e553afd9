import { describe, expect, it } from 'vitest';
import { CoordsError, formatDec, formatRa, parseDec, parseRa } from '../../../src/core/coords/index.js';

describe('parseRa', () => {
  it('reads sexagesimal hours in several spellings', () => {
    const expected = (10 + 0 / 60 + 28 / 3600) * 15;
    for (const t of ['10:00:28.0', '10 00 28', '10h00m28s', '10h 00m 28.0s', ' 10:00:28 ']) {
      expect(parseRa(t)).toBeCloseTo(expected, 10);
    }
    expect(parseRa('23:59:59.999')).toBeCloseTo(359.99999583, 7);
    expect(parseRa('10:30')).toBeCloseTo(157.5, 12);
  });
  it('reads decimal degrees', () => {
    expect(parseRa('150.1166')).toBe(150.1166);
    expect(parseRa(150.1166)).toBe(150.1166);
    expect(parseRa('360')).toBe(0);
  });
  it('rejects bad values with a code', () => {
    for (const t of ['', 'abc', '24:00:00', '10:60:00', '10:00:60', '-10:00:00', '361', '10.5:00:00']) {
      expect(() => parseRa(t), t).toThrow(CoordsError);
    }
    try {
      parseRa('x');
    } catch (e) {
      expect((e as CoordsError).code).toBe('coords_bad_ra');
    }
  });
});

describe('parseDec', () => {
  it('reads sexagesimal degrees with the sign on the whole value', () => {
    expect(parseDec('+02:12:21')).toBeCloseTo(2 + 12 / 60 + 21 / 3600, 12);
    expect(parseDec('-00:30:00')).toBeCloseTo(-0.5, 12);
    expect(parseDec('-0d30m00s')).toBeCloseTo(-0.5, 12);
    expect(parseDec('−12 30 36')).toBeCloseTo(-12.51, 12);
    expect(parseDec('89:59:59.9')).toBeCloseTo(89.99997222, 7);
  });
  it('reads decimal degrees', () => {
    expect(parseDec('2.2058')).toBe(2.2058);
    expect(parseDec('-45')).toBe(-45);
    expect(parseDec('-1.5e1')).toBe(-15);
  });
  it('rejects out-of-range values', () => {
    for (const t of ['91', '-90:00:01', '+10:61:00', 'north']) expect(() => parseDec(t), t).toThrow(CoordsError);
  });
});

describe('formatRa / formatDec', () => {
  it('round-trips and carries rounding', () => {
    expect(formatRa(150.11666666666667)).toBe('10:00:28.000');
    expect(formatRa(359.9999999)).toBe('00:00:00.000');
    expect(formatRa(-15)).toBe('23:00:00.000');
    expect(formatRa(0.5, 1, ' ')).toBe('00 02 00.0');
    expect(formatDec(2 + 12 / 60 + 21 / 3600)).toBe('+02:12:21.00');
    expect(formatDec(-0.5)).toBe('-00:30:00.00');
    expect(formatDec(-0.000000001)).toBe('+00:00:00.00');
    expect(formatDec(-89.99999999, 1)).toBe('-90:00:00.0');
    for (let i = 0; i < 200; i++) {
      const ra = (i * 1.7777) % 360;
      const dec = ((i * 7.123) % 180) - 90;
      expect(parseRa(formatRa(ra, 4))).toBeCloseTo(ra, 5);
      expect(parseDec(formatDec(dec, 4))).toBeCloseTo(dec, 6);
    }
  });
});
