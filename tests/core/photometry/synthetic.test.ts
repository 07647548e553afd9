import { describe, expect, it } from 'vitest';
import { field, model, poisson, rng } from './synthetic.js';

describe('synthetic field generator (used by the series test)', () => {
  it('draws Poisson deviates with the right mean and variance', () => {
    const u = rng(3);
    for (const lam of [3, 50, 2000]) {
      let s = 0;
      let ss = 0;
      const n = 20000;
      for (let i = 0; i < n; i++) {
        const k = poisson(lam, u);
        s += k;
        ss += k * k;
      }
      const mean = s / n;
      const v = ss / n - mean * mean;
      expect(Math.abs(mean - lam)).toBeLessThan(5 * Math.sqrt(lam / n));
      expect(v / lam).toBeGreaterThan(0.95);
      expect(v / lam).toBeLessThan(1.05);
    }
  });
  it('integrates the stars to their flux and is reproducible', () => {
    const o = { width: 40, height: 40, sky: 0, sigma: 1.3, gain: 2, readNoise: 5, seed: 9 };
    const m = model([{ x: 20.3, y: 19.6, flux: 1000 }], o);
    expect(m.reduce((a, b) => a + b, 0)).toBeCloseTo(1000, 5);
    expect(field([{ x: 20, y: 20, flux: 5e4 }], o)).toEqual(field([{ x: 20, y: 20, flux: 5e4 }], o));
  });
});
