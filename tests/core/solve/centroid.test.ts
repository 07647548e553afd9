import { describe, expect, it } from 'vitest';
import { extract } from '../../../src/core/extract/index.js';
import { refineCentroids, windowed } from '../../../src/core/solve/centroid.js';
import { mulberry32 as rng, starField, type SynthStar } from '../../../src/core/synth/index.js';

describe('windowed centroids', () => {
  it('find Gaussian stars at sub-pixel positions to 0.005 px without noise, where the isophotal barycentre is biased', () => {
    const r = rng(5);
    const stars: SynthStar[] = [];
    for (let k = 0; k < 40; k++) stars.push({ x: 20 + (k % 8) * 30 + r(), y: 20 + Math.floor(k / 8) * 30 + r(), flux: 2000 + 20000 * r() });
    const size = 260;
    const img = starField({ width: size, height: size, sky: 0, stars, psf: { sigma: 1.5 } });
    const sub = Float32Array.from(img);
    const cat = extract(sub, size, size, { thresh: 3, minarea: 5, inPlace: true, backSize: 64 });
    expect(cat.sources.length).toBe(40);
    const win = refineCentroids(sub, size, size, cat.sources.map((s) => ({ x: s.x, y: s.y, flux: s.fluxIso, fwhm: s.fwhm })));
    let worstIso = 0;
    let worstWin = 0;
    cat.sources.forEach((s, i) => {
      const t = stars.reduce((a, b) => (Math.hypot(a.x - s.x, a.y - s.y) < Math.hypot(b.x - s.x, b.y - s.y) ? a : b));
      worstIso = Math.max(worstIso, Math.hypot(s.x - t.x, s.y - t.y));
      worstWin = Math.max(worstWin, Math.hypot(win[i].x - t.x, win[i].y - t.y));
      expect(win[i].flux).toBe(s.fluxIso);
    });
    expect(worstWin).toBeLessThan(0.005);
    expect(worstIso).toBeGreaterThan(4 * worstWin);
  });

  it('keeps the position where the window holds no positive light, and skips masked pixels', () => {
    const img = new Float32Array(20 * 20);
    expect(windowed(img, 20, 20, 7.3, 8.6, 3)).toEqual([7.3, 8.6]);
    const star = starField({ width: 20, height: 20, sky: 0, stars: [{ x: 10.3, y: 9.7, flux: 5000 }], psf: { sigma: 1.5 } });
    star[13 * 20 + 14] = NaN;
    const [x, y] = windowed(star, 20, 20, 10, 10, 3.5);
    expect(Math.hypot(x - 10.3, y - 9.7)).toBeLessThan(0.05);
  });
});
