import { describe, expect, it } from 'vitest';
import { decText, instrumentalMag, instrumentalMagErr, raText, signalToNoise, zeroPointCaption } from '../../src/renderer/src/catalog/catalog-values.js';
import type { SourceView } from '../../src/shared/domain.js';

const source = (over: Partial<SourceView>): SourceView => ({
  id: 1, x: 0, y: 0, ra: null, dec: null, a: null, b: null, theta: null, npix: null, peak: null,
  fluxIso: null, fluxIsoErr: null, fluxAper: [], fluxAperErr: [], fluxAuto: null, fluxAutoErr: null, kronRadius: null, fwhm: null, background: null, flags: 0, ...over,
});

describe('catalog table values', () => {
  it('gives instrumental magnitudes per second with zero point 25, and ADU without an exposure time', () => {
    expect(instrumentalMag(source({ fluxAuto: 1000 }), 10)).toBeCloseTo(25 - 2.5 * 2, 12);
    expect(instrumentalMag(source({ fluxAuto: 100 }), null)).toBeCloseTo(20, 12);
    expect(instrumentalMag(source({ fluxAuto: 100 }), 0)).toBeCloseTo(20, 12);
    expect(instrumentalMag(source({ fluxAuto: -5 }), 10)).toBeNull();
    expect(instrumentalMag(source({ fluxAuto: null }), 10)).toBeNull();
    expect(zeroPointCaption(30)).toBe('mag = 25 − 2.5 log10(flux auto / 30 s)');
    expect(zeroPointCaption(null)).toContain('no exposure time');
  });

  it('gives S/N and the magnitude error from FLUX_AUTO and its error, null when undefined', () => {
    expect(signalToNoise(source({ fluxAuto: 500, fluxAutoErr: 10 }))).toBe(50);
    expect(signalToNoise(source({ fluxAuto: 500, fluxAutoErr: 0 }))).toBeNull();
    expect(signalToNoise(source({ fluxAuto: 500, fluxAutoErr: null }))).toBeNull();
    expect(instrumentalMagErr(source({ fluxAuto: 500, fluxAutoErr: 10 }))).toBeCloseTo(1.0857362 / 50, 7);
    expect(instrumentalMagErr(source({ fluxAuto: 0, fluxAutoErr: 10 }))).toBeNull();
  });

  it('writes RA/Dec in degrees or sexagesimal, empty when unknown', () => {
    expect(raText(150.101, 'degrees')).toBe('150.101000');
    expect(raText(150.101, 'sexagesimal')).toBe('10:00:24.240');
    expect(decText(-0.5, 'sexagesimal')).toBe('-00:30:00.00');
    expect(raText(null, 'sexagesimal')).toBe('');
    expect(decText(Number.NaN, 'degrees')).toBe('');
  });
});
