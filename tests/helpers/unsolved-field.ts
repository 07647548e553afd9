/**
 * Images with no WCS for the plate-solving tests of the library: a field of the fixture
 * catalogue's stars (tests/fixtures/solve/, made by scripts/fixtures/solve-make.py) through a
 * known TAN WCS, rendered by core/synth's generator, whose header has only what a camera writes —
 * OBJCTRA/OBJCTDEC (the mount's pointing), FOCALLEN and XPIXSZ — and a date; and a folder with
 * the fixture's index file.
 */
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeFits } from '../../src/core/fits/index.js';
import { readIndexFile, xyzToRadec, type IndexFile } from '../../src/core/solve/index.js';
import { starField } from '../../src/core/synth/index.js';
import { synthField, truePixel, type TrueWcs } from '../core/solve/synth-field.js';

const fixtures = new URL('../fixtures/solve/', import.meta.url).pathname;

let q4: IndexFile | null = null;
/** The fixture's index (quads of 4, 4′–5.6′). */
export function fixtureIndex(): IndexFile {
  q4 ??= readIndexFile(new Uint8Array(readFileSync(join(fixtures, 'index-synth-q4.fits'))), 'index-synth-q4.fits');
  return q4;
}

/** A folder `dir` holding the fixture's index file; returns `dir`. */
export function indexFolder(dir: string): string {
  mkdirSync(dir, { recursive: true });
  copyFileSync(join(fixtures, 'index-synth-q4.fits'), join(dir, 'index-synth-q4.fits'));
  return dir;
}

/** The default field: 600×500 pixels of 2.2″ at RA 149.8, Dec +30.2, rotated 63°. */
export const FIELD: TrueWcs = { ra: 149.8, dec: 30.2, scale: 2.2, rotation: 63, flip: false, width: 600, height: 500 };

/** Sexagesimal text of `v` (hours or degrees) as cameras write OBJCTRA/OBJCTDEC. */
function sexagesimal(v: number, sign: boolean): string {
  const s = v < 0 ? '-' : sign ? '+' : '';
  const a = Math.abs(v);
  const d = Math.floor(a);
  const m = Math.floor((a - d) * 60);
  const sec = ((a - d) * 60 - m) * 60;
  return `${s}${String(d).padStart(2, '0')} ${String(m).padStart(2, '0')} ${sec.toFixed(1).padStart(4, '0')}`;
}

/**
 * Writes the field `t` (default {@link FIELD}) to `path` with a header of OBJCTRA/OBJCTDEC (the
 * pointing, `offsetDeg` off in Dec), XPIXSZ 3.76 µm and the FOCALLEN that gives the field's
 * scale, DATE-OBS and EXPTIME; `scaleStar` multiplies one star's flux (the brightest index star
 * 60 pixels or more from the edges, returned as `star` with its pixel position) for a variable
 * target.
 */
export function writeUnsolvedField(
  path: string,
  options: { t?: TrueWcs; seed?: number; dateObs?: string; offsetDeg?: number; scaleStar?: number } = {},
): { path: string; star: { ra: number; dec: number; x: number; y: number } } {
  const t = options.t ?? FIELD;
  const sources = synthField(fixtureIndex(), t, options.seed ?? 5, 0, 0);
  // the brightest index star away from the edges
  const ix = fixtureIndex();
  const p = new Float64Array(3);
  let best: { ra: number; dec: number; x: number; y: number } | null = null;
  let bestMag = Infinity;
  for (let i = 0; i < ix.stars.ndata; i++) {
    ix.stars.point(i, p);
    const [ra, dec] = xyzToRadec(p[0]!, p[1]!, p[2]!);
    const [x, y] = truePixel(t, ra, dec);
    if (x < 60 || y < 60 || x > t.width - 61 || y > t.height - 61) continue;
    const mag = ix.mags ? ix.mags[i]! : 12;
    if (!best || mag < bestMag) {
      best = { ra, dec, x, y };
      bestMag = mag;
    }
  }
  if (!best) throw new Error('no bright index star in the field');
  const scale = options.scaleStar ?? 1;
  const stars = sources.map((s) => {
    const flux = Math.min(s.flux, 1e5) * 2 * (Math.hypot(s.x - best!.x, s.y - best!.y) < 1.5 ? scale : 1);
    return { x: s.x, y: s.y, flux };
  });
  const data = starField({ width: t.width, height: t.height, sky: 100, stars, psf: { sigma: 1.3 }, radius: 7, noise: { sigma: 5 }, seed: (options.seed ?? 5) + 1000 });
  const focal = (206.265 * 3.76) / t.scale;
  const header = {
    OBJECT: 'synthetic',
    OBJCTRA: sexagesimal(t.ra / 15, false),
    OBJCTDEC: sexagesimal(t.dec + (options.offsetDeg ?? 0), true),
    XPIXSZ: 3.76,
    FOCALLEN: +focal.toFixed(2),
    'DATE-OBS': options.dateObs ?? '2026-03-01T22:00:00',
    EXPTIME: 60,
    GAIN: 1.5,
  };
  writeFileSync(path, writeFits([{ data, shape: [t.width, t.height], header }]));
  return { path, star: best };
}

/** Pure noise (sky 100 ± 5): no star to solve with. */
export function writeNoise(path: string, size = 300): string {
  const data = starField({ width: size, height: size, sky: 100, stars: [], psf: { sigma: 1.3 }, radius: 7, noise: { sigma: 5 }, seed: 4 });
  writeFileSync(path, writeFits([{ data, shape: [size, size], header: { OBJCTRA: '10 00 00', OBJCTDEC: '+30 00 00', XPIXSZ: 3.76, FOCALLEN: 350 } }]));
  return path;
}
