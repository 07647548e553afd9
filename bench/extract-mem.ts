/**
 * Memory of one extraction on one thread, stage by stage: resident set, V8 heap and
 * ArrayBuffers (MB) after reading, background, detection, deblending, CLEAN, photometry and
 * the CSV, so that a change to what a stage keeps can be measured.
 *
 *   node --expose-gc --import tsx bench/extract-mem.ts FILE.fits
 */
import { meshCount } from '../src/core/extract/background.js';
import { catalogCsv } from '../src/shared/catalog-csv.js';
import { CRand } from '../src/core/extract/deblend.js';
import { mergeStrips } from '../src/core/extract/detect.js';
import { analyseComponents, backgroundMeshRows, backgroundModel, cleanStage, detectRows, measureObjects, resolveOptions } from '../src/core/extract/extract.js';
import { loadImage } from '../src/main/services/extract/load.js';

const file = process.argv[2];
if (!file) {
  console.error('usage: node --expose-gc --import tsx bench/extract-mem.ts FILE.fits');
  process.exit(2);
}
const gc = (globalThis as { gc?: () => void }).gc;
const mb = (n: number): string => (n / 1048576).toFixed(0).padStart(5);
const show = (stage: string): void => {
  const before = process.memoryUsage();
  gc?.();
  const m = process.memoryUsage();
  console.log(`${stage.padEnd(10)} rss ${mb(before.rss)}  heap ${mb(before.heapUsed)} (live ${mb(m.heapUsed)})  arrayBuffers ${mb(before.arrayBuffers)} (live ${mb(m.arrayBuffers)})`);
};
show('start');
const im = loadImage(file, undefined);
show('read');
const { image, width, height } = im;
const o = resolveOptions({ saturate: im.saturate, gain: im.gain, inPlace: true });
const rows = backgroundMeshRows(image, width, height, 0, meshCount(height, o.backSize), o);
const model = backgroundModel(rows, width, height, o);
show('background');
const strip = detectRows(image, width, height, 0, height, model, o, image);
show('detect');
const det = mergeStrips([strip], width, o.minarea);
show('merge');
const thresh = o.thresh * model.globalRms;
const raw = analyseComponents(det, 0, det.ncomp, width, height, thresh, o, false, new CRand(), model);
show('deblend');
const { kept, fluxIso } = cleanStage(raw, thresh, o);
show('clean');
const sources = measureObjects(kept, fluxIso, 0, kept.length, image, width, height, model, o, null);
show('measure');
const csv = catalogCsv({ apertures: o.apertures, sources });
show('csv');
console.log(`${sources.length} sources, csv ${csv.length} chars, peak rss ${mb(process.resourceUsage().maxRSS * 1024)} MB`);
