/**
 * FITS read and RICE_1 decompression speed against memory copies and cfitsio's funpack.
 *
 *   npx tsx bench/fits-read.ts [--size 4096] [--repeat 9] [--no-rice]
 *
 * Makes its own files in /tmp/nightshift-fits-bench/: SIZE² images in float32, uint16
 * (BITPIX 16 with BZERO 32768, the usual camera format) and float64 (writeFits), an int16 copy
 * RICE-compressed losslessly with `fpack -r`, and a float32 copy quantised and RICE-compressed
 * with `fpack -r -q 4`. Every comparison is interleaved run by run (so the load of a shared
 * machine hits all alike); times are medians, ratios the medians of the per-run ratios.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openFits, readImage, writeFits } from '../src/core/fits/index.js';

const args = process.argv.slice(2);
const opt = (name: string, def: number): number => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : def;
};
const SIZE = opt('size', 4096);
const REPEAT = opt('repeat', 9);
const DIR = '/tmp/nightshift-fits-bench';

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function timeProcess(cmd: string, repeat = REPEAT): number {
  spawnSync('sh', ['-c', cmd]);
  const t: number[] = [];
  for (let i = 0; i < repeat; i++) {
    const t0 = performance.now();
    const r = spawnSync('sh', ['-c', cmd]);
    t.push(performance.now() - t0);
    if (r.status !== 0) throw new Error(`${cmd} failed: ${r.stderr}`);
  }
  return median(t);
}

interface Case {
  name: string;
  /** Untimed preparation before each timed run (e.g. a fresh copy of the file bytes). */
  prepare?: () => void;
  run: () => unknown;
}

/**
 * Run every case once per round, REPEAT rounds after two warm-up rounds. Returns wall-clock
 * and CPU (user + system of this process) times in ms per case: on a machine shared with
 * other jobs the CPU time is the steadier of the two (it leaves out the time spent waiting
 * for a core, and still counts page faults).
 */
function interleave(cases: Case[]): { wall: number[][]; cpu: number[][] } {
  const wall = cases.map(() => [] as number[]);
  const cpu = cases.map(() => [] as number[]);
  for (let r = -2; r < REPEAT; r++) {
    cases.forEach((c, k) => {
      c.prepare?.();
      const t0 = performance.now();
      const c0 = process.cpuUsage();
      c.run();
      const dc = process.cpuUsage(c0);
      const t = performance.now() - t0;
      if (r >= 0) {
        wall[k].push(t);
        cpu[k].push((dc.user + dc.system) / 1000);
      }
    });
  }
  return { wall, cpu };
}

function ratio(a: number[], b: number[]): number {
  return median(a.map((t, i) => t / b[i]));
}

function makeImages(): { f32: string; u16: string; f64: string; i16: string; riceI16: string; riceF32: string } {
  rmSync(DIR, { recursive: true, force: true });
  mkdirSync(DIR, { recursive: true });
  const n = SIZE * SIZE;
  const f32 = new Float32Array(n);
  const i16 = new Int16Array(n);
  let seed = 12345;
  const rnd = (): number => {
    seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
    return seed / 4294967296;
  };
  for (let y = 0; y < SIZE; y++) {
    for (let x = 0; x < SIZE; x++) {
      // Sky with a gradient and Gaussian-ish noise (sum of uniforms), sigma ~ 10 ADU.
      const noise = (rnd() + rnd() + rnd() + rnd() - 2) * 17;
      const v = 1000 + 0.01 * x - 0.02 * y + noise;
      f32[y * SIZE + x] = v;
      i16[y * SIZE + x] = Math.round(v);
    }
  }
  for (let s = 0; s < 2000; s++) {
    const cx = Math.floor(rnd() * SIZE);
    const cy = Math.floor(rnd() * SIZE);
    const f = 200 + rnd() * 20000;
    for (let dy = -4; dy <= 4; dy++) {
      for (let dx = -4; dx <= 4; dx++) {
        const x = cx + dx;
        const y = cy + dy;
        if (x < 0 || y < 0 || x >= SIZE || y >= SIZE) continue;
        const v = f * Math.exp(-(dx * dx + dy * dy) / 4.5);
        f32[y * SIZE + x] += v;
        i16[y * SIZE + x] = Math.min(32767, i16[y * SIZE + x] + Math.round(v));
      }
    }
  }
  // uint16 as cameras write it: BITPIX 16, BZERO 32768, stored value = ADU − 32768.
  const u16 = new Int16Array(n);
  for (let i = 0; i < n; i++) u16[i] = Math.min(65535, Math.max(0, i16[i] * 8)) - 32768;
  const paths = {
    f32: join(DIR, 'f32.fits'),
    u16: join(DIR, 'u16.fits'),
    f64: join(DIR, 'f64.fits'),
    i16: join(DIR, 'i16.fits'),
    riceI16: join(DIR, 'i16.fits.fz'),
    riceF32: join(DIR, 'f32q.fits.fz'),
  };
  writeFileSync(paths.f32, writeFits([{ data: f32, shape: [SIZE, SIZE] }]));
  writeFileSync(paths.u16, writeFits([{ data: u16, shape: [SIZE, SIZE], header: { BSCALE: 1, BZERO: 32768 } }]));
  writeFileSync(paths.f64, writeFits([{ data: Float64Array.from(f32), shape: [SIZE, SIZE] }]));
  writeFileSync(paths.i16, writeFits([{ data: i16, shape: [SIZE, SIZE] }]));
  execFileSync('fpack', ['-r', '-O', paths.riceI16, paths.i16]);
  execFileSync('fpack', ['-r', '-q', '4', '-O', paths.riceF32, paths.f32]);
  return paths;
}

function fmt(ms: number): string {
  return `${ms.toFixed(1).padStart(8)} ms`;
}

function sameBits(a: ArrayBufferView, b: ArrayBufferView): boolean {
  const x = new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
  const y = new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
  return x.length === y.length && x.every((v, i) => v === y[i]);
}

const files = makeImages();
const load = uptime();
console.log(`FITS read benchmark: ${SIZE}×${SIZE}, median of ${REPEAT}; node ${process.version}; load ${load}`);

// 1. Plain images: our reads (copying, and in place in a fresh copy of the file's bytes, as
// the callers that own their bytes do) against memory copies of the same data bytes.
const summary: string[] = [];
for (const [label, path] of [
  ['float32 (BITPIX -32)', files.f32],
  ['uint16 (BITPIX 16, BZERO 32768) → float32', files.u16],
  ['float64 (BITPIX -64)', files.f64],
] as const) {
  const bytes = new Uint8Array(readFileSync(path));
  const info = openFits(bytes).hdus[0];
  const off = info.dataOffset;
  const len = info.dataBytes;
  const src = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const dst = Buffer.allocUnsafe(len);
  const reference = readImage(openFits(bytes), 0).data;
  let fresh = new Uint8Array(0);
  const freshCopy = (): void => {
    fresh = new Uint8Array(bytes.length);
    fresh.set(bytes);
  };
  freshCopy();
  const check = readImage(openFits(fresh), 0, { inPlace: true });
  if (!sameBits(check.data, reference)) throw new Error(`${label}: in-place read differs from the copying read`);
  const inPlaceCase: Case[] = check.inPlace
    ? [{ name: 'openFits + readImage, inPlace', prepare: freshCopy, run: () => readImage(openFits(fresh), 0, { inPlace: true }) }]
    : [];
  const cases: Case[] = [
    { name: 'Buffer.copy (memcpy), preallocated', run: () => src.copy(dst, 0, off, off + len) },
    { name: 'new Uint8Array + set (alloc+copy)', run: () => new Uint8Array(len).set(bytes.subarray(off, off + len)) },
    ...(info.bitpix === 16
      ? [{ name: 'new Float32Array + set(Int16Array)', run: () => new Float32Array(len / 2).set(new Int16Array(bytes.buffer, bytes.byteOffset + off, len / 2)) }]
      : []),
    { name: 'openFits + readImage (copy)', run: () => readImage(openFits(bytes), 0) },
    ...inPlaceCase,
  ];
  const { wall, cpu } = interleave(cases);
  const mb = len / 1e6;
  console.log(`\n${label}: ${mb.toFixed(0)} MB of pixels${check.inPlace ? '' : ' (in place not possible: the output is wider than the input)'}`);
  console.log(`  ${''.padEnd(36)}     wall     cpu   wall ratio to memcpy, alloc+copy | cpu ratio to memcpy, alloc+copy`);
  cases.forEach((c, k) => {
    const rates =
      k < 2
        ? ''
        : `   ${ratio(wall[k], wall[0]).toFixed(2).padStart(5)} ${ratio(wall[k], wall[1]).toFixed(2).padStart(5)}` +
          `                            | ${ratio(cpu[k], cpu[0]).toFixed(2).padStart(5)} ${ratio(cpu[k], cpu[1]).toFixed(2).padStart(5)}`;
    console.log(`  ${c.name.padEnd(36)} ${median(wall[k]).toFixed(1).padStart(7)} ${median(cpu[k]).toFixed(1).padStart(7)} ms${rates}`);
    if (k >= 2) {
      summary.push(
        `${label} | ${c.name} | ${median(wall[k]).toFixed(1)} / ${median(cpu[k]).toFixed(1)} ms | ` +
          `${ratio(wall[k], wall[0]).toFixed(2)} / ${ratio(cpu[k], cpu[0]).toFixed(2)} | ${ratio(wall[k], wall[1]).toFixed(2)} / ${ratio(cpu[k], cpu[1]).toFixed(2)}`,
      );
    }
  });
  // End to end, as callers do it: the file read from disk (page cache) into its own buffer.
  const e2e: Case[] = [
    { name: 'readFileSync', run: () => readFileSync(path) },
    { name: 'readFileSync + open + read (copy)', run: () => readImage(openFits(readFileSync(path)), 0) },
    ...(check.inPlace ? [{ name: 'readFileSync + open + read (inPlace)', run: () => readImage(openFits(readFileSync(path)), 0, { inPlace: true }) }] : []),
  ];
  const te = interleave(e2e);
  e2e.forEach((c, k) => {
    const rates = k === 0 ? '' : `   ratio to readFileSync ${ratio(te.wall[k], te.wall[0]).toFixed(2)} (cpu ${ratio(te.cpu[k], te.cpu[0]).toFixed(2)})`;
    console.log(`  ${c.name.padEnd(36)} ${median(te.wall[k]).toFixed(1).padStart(7)} ${median(te.cpu[k]).toFixed(1).padStart(7)} ms${rates}`);
  });
}
console.log('\nsummary (what | how | median wall / cpu | ratio to memcpy wall / cpu | ratio to alloc+copy wall / cpu)');
for (const line of summary) console.log(`  ${line}`);

// 2. RICE_1 int16 (lossless) and quantised float32 vs funpack, interleaved run by run so that
// the load of a shared machine hits both alike; the ratio reported is the median of the
// per-run ratios.
for (const [label, path] of args.includes('--no-rice') ? [] : ([['RICE_1 int16 (lossless)', files.riceI16], ['RICE_1 float32 quantised q=4, dithered', files.riceF32]] as const)) {
  const bytes = new Uint8Array(readFileSync(path));
  const check = readImage(openFits(bytes), 1);
  const cmd = `funpack -S ${path} > /dev/null`;
  spawnSync('sh', ['-c', cmd]);
  readImage(openFits(bytes), 1);
  const tf: number[] = [];
  const to: number[] = [];
  const toFile: number[] = [];
  for (let i = 0; i < REPEAT; i++) {
    let t0 = performance.now();
    const r = spawnSync('sh', ['-c', cmd]);
    tf.push(performance.now() - t0);
    if (r.status !== 0) throw new Error(`${cmd} failed: ${r.stderr}`);
    t0 = performance.now();
    readImage(openFits(bytes), 1);
    to.push(performance.now() - t0);
    t0 = performance.now();
    readImage(openFits(new Uint8Array(readFileSync(path))), 1);
    toFile.push(performance.now() - t0);
  }
  const tCat = timeProcess(`cat ${path} > /dev/null`);
  const ratio = median(to.map((t, i) => t / tf[i]));
  const ratioFile = median(toFile.map((t, i) => t / tf[i]));
  console.log(`\n${label}: ${(bytes.length / 1e6).toFixed(1)} MB compressed, ${check.data.length} pixels`);
  console.log(`  funpack -S > /dev/null (process)     ${fmt(median(tf))}   (cat of the same file: ${tCat.toFixed(1)} ms)`);
  console.log(`  ours in-process, bytes in memory     ${fmt(median(to))}   ratio ours/funpack ${ratio.toFixed(2)}`);
  console.log(`  ours in-process incl. readFileSync   ${fmt(median(toFile))}   ratio ours/funpack ${ratioFile.toFixed(2)}`);
}

function uptime(): string {
  try {
    return readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
  } catch {
    return '?';
  }
}
