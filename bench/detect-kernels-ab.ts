/**
 * Detection's WebAssembly kernels (detect-wasm.ts's `subtract`, `filterRecord` and lutz-wasm.ts's
 * `lutzRow`) of two modules timed in one process, alternately: this tree's module against an
 * older one, whose detect-wasm-bytes.ts is given as a file, both driven by this tree's
 * DetectKernels (the kernels' signatures must match). Rows of 2048 pixels; ns per pixel, median
 * and least of the repetitions. Checks that both modules give the same subtracted rows, records
 * and filtered values.
 *
 *   git show REV:src/core/extract/detect-wasm-bytes.ts > /tmp/old-bytes.ts
 *   npx tsx bench/detect-kernels-ab.ts /tmp/old-bytes.ts [repetitions, 60] [threshold, 12]
 *
 * The threshold 1e9 times the filter without records.
 */
import { loadavg } from 'node:os';
import { resolve } from 'node:path';
import { computeBackground, makeLineScratch, backgroundNodeLine } from '../src/core/extract/background.js';
import { DetectKernels } from '../src/core/extract/detect-wasm.js';
import { DETECT_MODULE_BASE64 } from '../src/core/extract/detect-wasm-bytes.js';
import { defaultKernel } from '../src/core/extract/filter.js';
import { Completions } from '../src/core/extract/lutz.js';
import { compileModule, fromBase64 } from '../src/core/wasm/index.js';
import { median } from './median.js';

const [oldFile, repArg, thrArg] = process.argv.slice(2);
if (!oldFile) {
  console.error('usage: npx tsx bench/detect-kernels-ab.ts OLD/detect-wasm-bytes.ts [repetitions] [threshold]');
  process.exit(2);
}
const reps = Number(repArg ?? 60);
const thr = Number(thrArg ?? 12);
const oldBase64 = ((await import(resolve(oldFile))) as { DETECT_MODULE_BASE64: string }).DETECT_MODULE_BASE64;

const w = 2048;
const h = 128;
let seed = 5;
const rnd = (): number => {
  seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
  return seed / 2 ** 32;
};
const image = Float32Array.from({ length: w * h }, () => 1000 + (rnd() - 0.5) * 20 + (rnd() < 0.01 ? 300 : 0));
const model = computeBackground(image, w, h, { backSize: 64 });
const scratch = makeLineScratch(model);
backgroundNodeLine(model, 40, scratch);
const kernel = defaultKernel();
const oldModule = compileModule(() => fromBase64(oldBase64));
const newModule = compileModule(() => fromBase64(DETECT_MODULE_BASE64));
if (!oldModule || !newModule) throw new Error('no WebAssembly SIMD');
const modules = { old: oldModule, new: newModule };
const kernels = { old: new DetectKernels(modules.old, w, 3, model.nx, 4 * w), new: new DetectKernels(modules.new, w, 3, model.nx, 4 * w) };
const raws = [0, 1, 2].map((j) => image.subarray(j * w, (j + 1) * w));
const CALLS = 200;

const subtract = (k: DetectKernels): void => {
  for (let i = 0; i < CALLS; i++) k.subtract(raws[i % 3], i % 3, scratch.xw, scratch.node, scratch.dnode);
};
const filter = (k: DetectKernels): number => {
  const [r0, r1, r2] = k.rows;
  let n = 0;
  for (let i = 0; i < CALLS; i++) n += k.filterRecord(r0, r1, r2, kernel.data, thr, 0, 0);
  return n;
};

// the Lutz scan over 256 rows of discs (radius 1–6) and scattered pixels
const lh = 256;
const mask = new Uint8Array(w * lh);
for (let i = 0; i < 300; i++) {
  const [cx, cy, r] = [rnd() * w, rnd() * lh, 1 + rnd() * 5];
  for (let y = Math.max(0, Math.floor(cy - r)); y < Math.min(lh, cy + r); y++) {
    for (let x = Math.max(0, Math.floor(cx - r)); x < Math.min(w, cx + r); x++) if ((x - cx) ** 2 + (y - cy) ** 2 < r * r) mask[y * w + x] = 1;
  }
}
for (let i = 0; i < w * lh; i++) if (rnd() < 0.002) mask[i] = 1;
const objectPixels = mask.reduce((s, v) => s + v, 0);
const lutz = (mod: object): number => {
  const k = new DetectKernels(mod, w, 3, 2, objectPixels + 1);
  const done = new Completions(64);
  let np = 0;
  let t = 0n;
  for (let y = 0; y <= lh; y++) {
    const np0 = np;
    for (let x = 0; x < w; x++) k.rec[x] = y < lh && mask[y * w + x] ? np++ : -1;
    const t0 = process.hrtime.bigint();
    k.lutzRow(0, k.next, np0, np, done, y);
    t += process.hrtime.bigint() - t0;
  }
  return Number(t) / (w * lh);
};

const times: Record<string, number[]> = {};
const add = (key: string, v: number): void => {
  (times[key] ??= []).push(v);
};
const load0 = loadavg()[0];
for (let r = 0; r < reps; r++) {
  for (const name of r % 2 ? (['old', 'new'] as const) : (['new', 'old'] as const)) {
    const k = kernels[name];
    let t = process.hrtime.bigint();
    subtract(k);
    add(`subtract ${name}`, Number(process.hrtime.bigint() - t) / CALLS / w);
    t = process.hrtime.bigint();
    filter(k);
    add(`filter   ${name}`, Number(process.hrtime.bigint() - t) / CALLS / w);
    add(`lutzRow  ${name}`, lutz(modules[name]));
  }
}
console.log(`rows of ${w}, ${reps} alternating repetitions (threshold ${thr}, lutzRow: ${((100 * objectPixels) / (w * lh)).toFixed(1)} % object pixels), ns/pixel median (least)`);
for (const key of Object.keys(times).sort()) console.log(`  ${key}  ${median(times[key]!).toFixed(3)} (${Math.min(...times[key]!).toFixed(3)})`);
console.log(`load average ${load0.toFixed(2)} → ${loadavg()[0].toFixed(2)}`);

// the same results
const bitsOf = (a: Float32Array): Uint32Array => new Uint32Array(a.buffer, a.byteOffset, a.length);
subtract(kernels.old);
subtract(kernels.new);
const sameRows = [0, 1, 2].every((j) => bitsOf(kernels.old.rows[j]).every((v, i) => v === bitsOf(kernels.new.rows[j])[i]));
const n = filter(kernels.old) / CALLS;
const sameRecords = filter(kernels.new) / CALLS === n && kernels.old.rec.subarray(1, w - 1).every((v, i) => v === kernels.new.rec[i + 1]) && bitsOf(kernels.old.cds.subarray(0, n)).every((v, i) => v === bitsOf(kernels.new.cds)[i]);
console.log(`subtracted rows ${sameRows ? 'identical' : 'DIFFER'}, records ${sameRecords ? 'identical' : 'DIFFER'}`);
