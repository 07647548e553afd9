/**
 * The pixels of an image for extraction: an image too small to measure (1×1, as astropy's
 * blank.fits) is said to be too small, not "not a 2-D image" (it is one).
 */
import { describe, expect, it } from 'vitest';
import { writeFits } from '../../../../src/core/fits/index.js';
import { pixelsOfFits } from '../../../../src/main/services/extract/load.js';

describe('pixelsOfFits', () => {
  it('says a 1×1 image is too small to extract from', () => {
    const bytes = writeFits([{ data: new Float32Array([5]), shape: [1, 1], header: {} }]);
    expect(() => pixelsOfFits(bytes, undefined, 'blank.fits')).toThrow('blank.fits: HDU 0 is 1×1 px, too small to extract sources from (at least 2×2)');
  });

  it('reads a 2×2 image', () => {
    const bytes = writeFits([{ data: new Float32Array([1, 2, 3, 4]), shape: [2, 2], header: {} }]);
    expect(pixelsOfFits(bytes, undefined, 'tiny.fits')).toMatchObject({ width: 2, height: 2, hdu: 0 });
  });
});
