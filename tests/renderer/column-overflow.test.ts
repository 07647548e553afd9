import { describe, expect, it } from 'vitest';
import { columnOverflow, overflowNotice } from '../../src/renderer/src/catalog/column-overflow.js';

describe('the columns out of the catalog scroller\'s view', () => {
  const widths = [60, 72, 72, 104, 104];

  it('counts the columns cut on the right, and none when all fit', () => {
    expect(columnOverflow(widths, 0, 412)).toEqual({ left: 0, right: 0 });
    // 300 px show id, x, y (204 px) and cut RA: RA and Dec are (partly) hidden
    expect(columnOverflow(widths, 0, 300)).toEqual({ left: 0, right: 2 });
  });

  it('counts the columns scrolled past on the left', () => {
    // [112, 412]: id hidden, x cut
    expect(columnOverflow(widths, 112, 300)).toEqual({ left: 2, right: 0 });
    // [60, 360]: id hidden, Dec cut
    expect(columnOverflow(widths, 60, 300)).toEqual({ left: 1, right: 1 });
  });

  it('says so in words, or nothing when every column is in view', () => {
    expect(overflowNotice({ left: 0, right: 0 })).toBeNull();
    expect(overflowNotice({ left: 0, right: 3 })).toBe('3 more columns → (scroll sideways)');
    expect(overflowNotice({ left: 1, right: 0 })).toBe('← 1 more column (scroll sideways)');
    expect(overflowNotice({ left: 2, right: 1 })).toBe('← 2 more columns · 1 more column →');
  });
});
