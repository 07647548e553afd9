/**
 * FITS read and RICE_1 decompression speed against memory copies and cfitsio's funpack.
 *
 *   npx tsx bench/fits-read.ts [--size 4096] [--repeat 9]
 *
 * Makes its own files in /tmp/nightshift-fits-bench/: a SIZE² float32 image (writeFits), an
 * int16 copy RICE-compressed losslessly with `fpack -r`, and a float32 copy quantised and
 * RICE-compressed with `fpack -r -q 4`. Prints medians and ratios measured in the same run.
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

function time(fn: () => void, repeat = REPEAT): number {
  fn(); // warm-up
  const t: number[] = [];
  for (let i = 0; i < repeat; i++) {
    const t0 = performance.now();
    fn();
    t.push(performance.now() - t0);
  }
  return median(t);
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

function makeImages(): { f32: string; i16: string; riceI16: string; riceF32: string } {
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
  const paths = {
    f32: join(DIR, 'f32.fits'),
    i16: join(DIR, 'i16.fits'),
    riceI16: join(DIR, 'i16.fits.fz'),
    riceF32: join(DIR, 'f32q.fits.fz'),
  };
  writeFileSync(paths.f32, writeFits([{ data: f32, shape: [SIZE, SIZE] }]));
  writeFileSync(paths.i16, writeFits([{ data: i16, shape: [SIZE, SIZE] }]));
  execFileSync('fpack', ['-r', '-O', paths.riceI16, paths.i16]);
  execFileSync('fpack', ['-r', '-q', '4', '-O', paths.riceF32, paths.f32]);
  return paths;
}

function fmt(ms: number): string {
  return `${ms.toFixed(1).padStart(8)} ms`;
}

const files = makeImages();
const load = uptime();
console.log(`FITS read benchmark: ${SIZE}×${SIZE}, median of ${REPEAT}; node ${process.version}; load ${load}`);

// 1. Plain float32 image vs memory copy of the same bytes.
const f32Bytes = new Uint8Array(readFileSync(files.f32));
const f32File = openFits(f32Bytes);
const dataOff = f32File.hdus[0].dataOffset;
const dataLen = f32File.hdus[0].dataBytes;
const dst = Buffer.allocUnsafe(dataLen);
const srcBuf = Buffer.from(f32Bytes.buffer, f32Bytes.byteOffset, f32Bytes.byteLength);
const tCopy = time(() => {
  srcBuf.copy(dst, 0, dataOff, dataOff + dataLen);
});
const tSet = time(() => {
  new Uint8Array(dataLen).set(f32Bytes.subarray(dataOff, dataOff + dataLen));
});
const tRead = time(() => {
  readImage(openFits(f32Bytes), 0);
});
const tReadFile = time(() => {
  readImage(openFits(new Uint8Array(readFileSync(files.f32))), 0);
});
const mb = dataLen / 1e6;
console.log('\nfloat32 image, uncompressed (' + mb.toFixed(0) + ' MB of pixels)');
console.log(`  Buffer.copy (memcpy)            ${fmt(tCopy)}  ${(mb / (tCopy / 1000)).toFixed(0)} MB/s`);
console.log(`  new Uint8Array + set            ${fmt(tSet)}  ${(mb / (tSet / 1000)).toFixed(0)} MB/s`);
console.log(`  openFits + readImage → Float32  ${fmt(tRead)}  ${(mb / (tRead / 1000)).toFixed(0)} MB/s   ratio to Buffer.copy ${(tRead / tCopy).toFixed(2)}, to alloc+set ${(tRead / tSet).toFixed(2)}`);
console.log(`  readFileSync + open + read      ${fmt(tReadFile)}`);

// 2. RICE_1 int16 (lossless) and quantised float32 vs funpack, interleaved run by run so that
// the load of a shared machine hits both alike; the ratio reported is the median of the
// per-run ratios.
for (const [label, path] of [['RICE_1 int16 (lossless)', files.riceI16], ['RICE_1 float32 quantised q=4, dithered', files.riceF32]] as const) {
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
