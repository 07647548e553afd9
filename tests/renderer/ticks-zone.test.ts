import { describe, expect, it } from 'vitest';
import { tickDecimals, tickLabels } from '../../src/renderer/src/targets/ticks.js';
import { clockIn, offsetIn } from '../../src/renderer/src/format/zone-time.js';

describe('axis tick labels', () => {
  it('write the spacing exactly, so adjacent ticks differ', () => {
    expect(tickDecimals(5)).toBe(0);
    expect(tickDecimals(0.5)).toBe(1);
    expect(tickDecimals(0.25)).toBe(2);
    expect(tickDecimals(0.025)).toBe(3);
    expect(tickDecimals(0.002)).toBe(3);
    expect(tickDecimals(1e-12)).toBe(9);
    expect(tickLabels([60310, 60310.25, 60310.5, 60310.75], 0.25)).toEqual(['60310.00', '60310.25', '60310.50', '60310.75']);
    for (const incr of [2, 1, 0.5, 0.25, 0.2, 0.1, 0.05, 0.025, 0.02, 0.01, 0.005, 0.0025, 0.001]) {
      const splits = Array.from({ length: 6 }, (_, i) => 60310 + (i + 1) * incr);
      const labels = tickLabels(splits, incr);
      expect(new Set(labels).size, `incr ${incr}`).toBe(labels.length);
      labels.forEach((l, i) => expect(Math.abs(Number(l) - splits[i]!)).toBeLessThan(incr / 100));
    }
  });
});

describe('times in a zone', () => {
  // MJD 61000.5 = 2025-12-24 12:00 UTC.
  it('the clock and the offset at an instant', () => {
    expect(clockIn(61000.5, 'UTC')).toBe('12:00');
    expect(clockIn(61000.5, 'America/Santiago')).toBe('09:00'); // summer time, UTC−3
    expect(offsetIn(61000.5, 'America/Santiago')).toBe('UTC−3');
    expect(clockIn(61000.5, 'Asia/Kolkata')).toBe('17:30');
    expect(offsetIn(61000.5, 'Asia/Kolkata')).toBe('UTC+5:30');
    expect(offsetIn(61000.5, 'UTC')).toBe('UTC');
    // Rounded to the minute.
    expect(clockIn(61000.5 + 59.6 / 86400, 'UTC')).toBe('12:01');
  });
});
