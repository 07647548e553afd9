import { describe, expect, it } from 'vitest';
import { PointFlags } from '../../src/core/photometry/index.js';
import type { LightCurvePointView } from '../../src/shared/targets.js';
import { lightCurveEmptyText } from '../../src/renderer/src/targets/lightcurve-empty.js';

const point = (over: Partial<LightCurvePointView>): LightCurvePointView =>
  ({
    productId: 1, product: 'a.fits', mjd: 61000.5, bjdTdb: null, filter: 'R', flux: 1000, fluxErr: 10, mag: null, magErr: null, magLimit: null,
    relFlux: 1, relFluxErr: 0.01, airmass: null, nComparisons: 0, flags: PointFlags.NO_COMPARISON, x: 10, y: 10,
    ...over,
  }) as LightCurvePointView;

describe('what the light-curve area says instead of an empty plot', () => {
  it('says there are no measurements yet, and what makes points appear', () => {
    expect(lightCurveEmptyText('SN 2026abc', [], 'mag')).toBe(
      'No measurements yet — points appear once an image of SN 2026abc with a sky position (a WCS in its header, or a plate solution) has been extracted: its photometry then runs by itself (or use Measure again).',
    );
  });

  it('says it is loading while the points are on their way', () => {
    expect(lightCurveEmptyText('X', undefined, 'mag')).toBe('Loading the light curve…');
  });

  it('says why no point has a Δ magnitude when none can be plotted in that mode, and points to relative flux', () => {
    const text = lightCurveEmptyText('X', [point({}), point({ mjd: 61001.5 })], 'mag');
    expect(text).toMatch(/^None of the 2 measurements has a Δ magnitude \(2: .+\); Relative flux shows them\.$/);
  });

  it('is null when some point can be plotted', () => {
    expect(lightCurveEmptyText('X', [point({ mag: 0.1, magErr: 0.01, flags: 0 })], 'mag')).toBeNull();
    expect(lightCurveEmptyText('X', [point({})], 'flux')).toBeNull();
  });
});
