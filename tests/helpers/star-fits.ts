import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { mulberry32 as rng } from '../../src/core/synth/index.js';
import { starFieldFits } from '../../src/core/synth-fits/index.js';

/**
 * A small float32 FITS image: sky 100 ± 5 (Gaussian noise) and `stars` Gaussian stars
 * (σ 1.5 px, 2000–10000 ADU, at least 10 px from the edges) at random places, with a TAN WCS
 * near RA 150, Dec 2: core/synth's generator. `seed` makes each image distinct.
 */
export function starFits(options: { seed?: number; size?: number; stars?: number; object?: string } = {}): Uint8Array {
  const size = options.size ?? 128;
  const random = rng(options.seed ?? 1);
  const stars = Array.from({ length: options.stars ?? 6 }, () => ({ x: 10 + random() * (size - 20), y: 10 + random() * (size - 20), flux: 2000 + random() * 8000 }));
  return starFieldFits({
    width: size,
    height: size,
    sky: 100,
    stars,
    psf: { sigma: 1.5 },
    radius: 8,
    noise: { sigma: 5 },
    random,
    header: {
      OBJECT: options.object ?? `field-${options.seed ?? 1}`,
      'DATE-OBS': '2026-11-27T01:02:03',
      'MJD-OBS': 61371.04309,
      EXPTIME: 60,
      FILTER: 'R',
      TELESCOP: 'Test 0.4m',
      INSTRUME: 'TestCam',
      CTYPE1: 'RA---TAN',
      CTYPE2: 'DEC--TAN',
      CRPIX1: size / 2,
      CRPIX2: size / 2,
      CRVAL1: 150 + (options.seed ?? 1) * 0.01,
      CRVAL2: 2,
      CD1_1: -0.0003,
      CD1_2: 0,
      CD2_1: 0,
      CD2_2: 0.0003,
    },
  });
}

export function writeStarFits(path: string, options: Parameters<typeof starFits>[0] = {}): string {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, starFits(options));
  return path;
}
