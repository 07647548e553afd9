import { describe, expect, it } from 'vitest';
import { Header } from '../../../src/core/fits/index.js';
import { CalibError, frameInfo, frameTypeOf, parseTypeMap } from '../../../src/core/calib/index.js';

describe('frame types', () => {
  it.each([
    ['Bias Frame', 'bias'], ['BIAS', 'bias'], ['zero', 'bias'], ['Dark Frame', 'dark'], ['DARK', 'dark'], ['Flat Field', 'flat'],
    ['FLAT', 'flat'], ['Sky Flat', 'flat'], ['Light Frame', 'light'], ['LIGHT', 'light'], ['OBJECT', 'light'], ['  light   frame ', 'light'],
    ['Master Dark', 'dark'], ['Flat_Frame', 'flat'],
  ])('%s is a %s frame', (word, type) => {
    expect(frameTypeOf(word)).toBe(type);
  });
  it('does not guess at unknown words, and takes a mapping for them', () => {
    expect(frameTypeOf('Tricolour')).toBeNull();
    expect(frameTypeOf('Calibration Bias', { 'calibration bias': 'bias' })).toBe('bias');
    expect(frameTypeOf('SKY', parseTypeMap('Sky=flat, Zero Frame=bias'))).toBe('flat');
    expect(() => parseTypeMap('Sky=flats')).toThrow(CalibError);
  });
  it('reads the grouping keywords, IMAGETYP before FRAME and EXPTIME before EXPOSURE', () => {
    const h = Header.fromRecord({ FRAME: 'Dark', IMAGETYP: 'Bias Frame', EXPOSURE: 30, 'CCD-TEMP': -9.8, 'SET-TEMP': -10, XBINNING: 2, YBINNING: 2, GAIN: 120, OFFSET: 30, FILTER: 'Ha ' });
    expect(frameInfo(h)).toEqual({
      type: 'bias', rawType: 'Bias Frame', master: false, exposure: 30, temperature: -9.8, setTemperature: -10, xBinning: 2, yBinning: 2, gain: 120, offset: 30, filter: 'Ha',
    });
    const bare = frameInfo(Header.fromRecord({ FRAME: 'Flat', EXPTIME: 1.5 }));
    expect([bare.type, bare.exposure, bare.xBinning, bare.temperature]).toEqual(['flat', 1.5, 1, null]);
    expect(frameInfo(Header.fromRecord({ IMAGETYP: 'Master Flat' })).master).toBe(true);
    expect(frameInfo(Header.fromRecord({})).type).toBeNull();
  });
});
