import { describe, expect, it } from 'vitest';
import { firstImageHdu, noImageReason, openFits } from '../../../src/core/fits/index.js';
import { randomGroupsFits, rawFits, tableFits } from '../../helpers/raw-fits.js';

/** A file with no image says what it holds instead, not a generic refusal. */
describe('why a FITS file has no image', () => {
  it('names a table', () => {
    expect(() => firstImageHdu(openFits(tableFits()))).toThrow('a FITS table (BINTABLE in HDU 1), not an image');
  });

  it('names random-groups data', () => {
    expect(() => firstImageHdu(openFits(randomGroupsFits()))).toThrow(/^random-groups data \(radio interferometry.*\), not an image$/);
  });

  it('names a one-dimensional array', () => {
    const spectrum = rawFits([{ cards: [['SIMPLE', true], ['BITPIX', -32], ['NAXIS', 1], ['NAXIS1', 2048]], dataBytes: 4 * 2048 }]);
    expect(noImageReason([{ xtension: null, groups: false, shape: [2048] }])).toBe('a one-dimensional array of 2048 values (a spectrum?), not an image');
    // openFits counts a 1-D array as image data: the readers refuse it as "not a 2-D image"
    expect(firstImageHdu(openFits(spectrum))).toBe(0);
  });

  it('says nothing more than it knows of an empty file', () => {
    expect(() => firstImageHdu(openFits(rawFits([{ cards: [['SIMPLE', true], ['BITPIX', 8], ['NAXIS', 0]] }])))).toThrow('the file has no HDU with a two-dimensional image');
  });
});
