import { describe, expect, it } from 'vitest';
import { CalibError, formatSection, parseSection } from '../../../src/core/calib/index.js';

describe('FITS sections', () => {
  it('are 1-based, inclusive, x first', () => {
    expect(parseSection('[42:48,1:32]', 48, 32)).toEqual({ x0: 41, x1: 48, y0: 0, y1: 32 });
    expect(parseSection(' [ 1:40 , 2:31 ] ', 48, 32)).toEqual({ x0: 0, x1: 40, y0: 1, y1: 31 });
    expect(parseSection('[*,5:5]', 48, 32)).toEqual({ x0: 0, x1: 48, y0: 4, y1: 5 });
    expect(formatSection({ x0: 0, x1: 40, y0: 1, y1: 31 })).toBe('[1:40,2:31]');
  });
  it.each(['1:40,1:32', '[0:40,1:32]', '[1:49,1:32]', '[40:1,1:32]', '[1:40]', '[a:b,1:2]'])('rejects %s with bad_section', (text) => {
    let err: unknown;
    try {
      parseSection(text, 48, 32, 'TRIMSEC');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(CalibError);
    expect((err as CalibError).code).toBe('bad_section');
    expect((err as CalibError).message).toContain('TRIMSEC');
  });
});
