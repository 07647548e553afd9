import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { writeFits } from '../../src/core/fits/index.js';
import { rng } from './rng.js';


/**
 * A small float32 FITS image: sky 100 ± 5 (Gaussian noise) and `stars` Gaussian stars
 * (σ 1.5 px), with a TAN WCS near RA 150, Dec 2. `seed` makes each image distinct.
 */
export function starFits(options: { seed?: number; size?: number; stars?: number; object?: string } = {}): Uint8Array {
  const size = options.size ?? 128;
  const random = rng(options.seed ?? 1);
  const data = new Float32Array(size * size);
  for (let i = 0; i < data.length; i += 2) {
    const u = Math.max(random(), 1e-12);
    const v = random();
    const r = Math.sqrt(-2 * Math.log(u));
    data[i] = 100 + 5 * r * Math.cos(2 * Math.PI * v);
    if (i + 1 < data.length) data[i + 1] = 100 + 5 * r * Math.sin(2 * Math.PI * v);
  }
  const stars = options.stars ?? 6;
  for (let s = 0; s < stars; s++) {
    const cx = 10 + random() * (size - 20);
    const cy = 10 + random() * (size - 20);
    const flux = 2000 + random() * 8000;
    for (let y = Math.max(0, Math.floor(cy - 8)); y < Math.min(size, cy + 8); y++) {
      for (let x = Math.max(0, Math.floor(cx - 8)); x < Math.min(size, cx + 8); x++) {
        const d2 = (x - cx) ** 2 + (y - cy) ** 2;
        data[y * size + x] += (flux / (2 * Math.PI * 2.25)) * Math.exp(-d2 / (2 * 2.25));
      }
    }
  }
  return writeFits([
    {
      data,
      shape: [size, size],
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
    },
  ]);
}

export function writeStarFits(path: string, options: Parameters<typeof starFits>[0] = {}): string {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, starFits(options));
  return path;
}
