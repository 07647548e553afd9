/**
 * Per-stage CPU time of the extractor on one thread, in process: read, background mesh
 * statistics, background model, detection (subtraction + filter + threshold + Lutz), strip
 * merge, deblending and analysis, CLEAN, photometry and CSV. Prints the first (cold, JIT
 * warming up) pass and the best of the following passes, so that a change to one stage can be
 * measured without the start-up and load noise of whole-process runs.
 *
 *   npx tsx bench/extract-stages.ts FILE.fits [FILE...] [--repeat 6] [--all]
 *
 * With several files the passes cycle through them (a batch on one thread); --all prints every pass.
 *
 * FILE: any image `nightshift extract` reads, e.g. a synthetic field from
 * `/usr/bin/python3 ../shared/bench/make_images.py --size 4096 --seed 1 --out /tmp/s4096.fits`.
 */
import { meshCount } from '../src/core/extract/background.js';
import { catalogCsv } from '../src/shared/catalog-csv.js';
import { CRand } from '../src/core/extract/deblend.js';
import { mergeStrips } from '../src/core/extract/detect.js';
import { analyseComponents, backgroundMeshRows, backgroundModel, cleanStage, detectRows, measureObjects, resolveOptions } from '../src/core/extract/extract.js';
import { loadImage } from '../src/main/services/extract/load.js';

const args = process.argv.slice(2);
const files = args.filter((a, i) => !a.startsWith('--') && (i === 0 || !args[i - 1].startsWith('--')));
const file = files[0];
const all = args.includes('--all');
if (!file) {
  console.error('usage: npx tsx bench/extract-stages.ts FILE.fits [--repeat 6]');
  process.exit(2);
}
const ri = args.indexOf('--repeat');
const repeat = Math.max(2, ri >= 0 ? Number(args[ri + 1]) : 6);

const stages = ['read', 'mesh', 'model', 'detect', 'merge', 'deblend', 'clean', 'measure', 'csv'] as const;
type Stage = (typeof stages)[number];
const first = {} as Record<Stage, number>;
const best = {} as Record<Stage, number>;
let nsources = 0;

for (let rep = 0; rep < repeat; rep++) {
  const t: Partial<Record<Stage, number>> = {};
  let t0 = performance.now();
  const lap = (s: Stage): void => {
    const t1 = performance.now();
    t[s] = t1 - t0;
    t0 = t1;
  };
  const im = loadImage(files[rep % files.length], undefined);
  lap('read');
  const { image, width, height } = im;
  const o = resolveOptions({ saturate: im.saturate, gain: im.gain, inPlace: true });
  const rows = backgroundMeshRows(image, width, height, 0, meshCount(height, o.backSize), o);
  lap('mesh');
  const model = backgroundModel(rows, width, height, o);
  lap('model');
  const strip = detectRows(image, width, height, 0, height, model, o, image);
  lap('detect');
  const det = mergeStrips([strip], width, o.minarea);
  lap('merge');
  const thresh = o.thresh * model.globalRms;
  const raw = analyseComponents(det, 0, det.ncomp, width, height, thresh, o, false, new CRand(), model);
  lap('deblend');
  const { kept, fluxIso } = cleanStage(raw, thresh, o);
  lap('clean');
  const sources = measureObjects(kept, fluxIso, 0, kept.length, image, width, height, model, o, null);
  if (im.pixToSky) {
    for (const s of sources) [s.ra, s.dec] = im.pixToSky(s.x, s.y);
  }
  lap('measure');
  catalogCsv({ apertures: o.apertures, sources });
  lap('csv');
  nsources = sources.length;
  if (all) console.log(`pass ${rep}: ${stages.map((s) => `${s} ${(t[s] ?? 0).toFixed(0)}`).join('  ')}  | total ${stages.reduce((a, s) => a + (t[s] ?? 0), 0).toFixed(0)}`);
  for (const s of stages) {
    const v = t[s] ?? 0;
    if (rep === 0) first[s] = v;
    else best[s] = Math.min(best[s] ?? Infinity, v);
  }
}

const fmt = (r: Record<Stage, number>): string => stages.map((s) => `${s} ${r[s].toFixed(0)}`).join('  ');
const total = (r: Record<Stage, number>): number => stages.reduce((a, s) => a + r[s], 0);
console.log(`${file}: ${nsources} sources, ${repeat} passes (ms)`);
console.log(`first: ${fmt(first)}  | total ${total(first).toFixed(0)}`);
console.log(`best:  ${fmt(best)}  | total ${total(best).toFixed(0)}`);
