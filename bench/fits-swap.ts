/**
 * Pure-JS ways to byte-swap big-endian 32-bit words (FITS float32/int32 pixels), in place and
 * into a preallocated destination, against memcpy of the same bytes. This is how the loops of
 * src/core/fits/image.ts were chosen.
 *
 *   npx tsx bench/fits-swap.ts [--mb 64] [--repeat 11]
 *
 * Interleaved rounds; medians of CPU time (user + system of this process, steadier than wall
 * time on a shared machine) and of wall time. Every variant is checked to give the same bytes.
 */
import { readFileSync } from 'node:fs';

const args = process.argv.slice(2);
const opt = (name: string, def: number): number => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : def;
};
const N = (opt('mb', 64) * 1024 * 1024) >>> 2;
const REPEAT = opt('repeat', 11);
const OFF = 2880; // data start after one header block, as in a FITS file
const LE = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

const source = new Uint8Array(OFF + 4 * N);
for (let i = 0; i < source.length; i++) source[i] = (Math.imul(i, 2654435761) >>> 24) & 0xff;
/** The in-place variants swap a fresh copy of the file bytes, made untimed before each run (as
 * a caller's freshly read file; reusing one buffer gave slower and erratic in-place times). */
let work = new Uint8Array(source.length);
function refill(): void {
  work = new Uint8Array(source.length);
  work.set(source);
}
const dest = new ArrayBuffer(4 * N);

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

// --- to a destination ---------------------------------------------------------------------

function dstShiftMask(src: Uint8Array, d: Int32Array): void {
  const s = new Int32Array(src.buffer, src.byteOffset + OFF, d.length);
  for (let i = 0; i < d.length; i++) {
    const x = s[i];
    d[i] = (x << 24) | ((x << 8) & 0xff0000) | ((x >> 8) & 0xff00) | (x >>> 24);
  }
}

function dstRotate(src: Uint8Array, d: Int32Array): void {
  const s = new Int32Array(src.buffer, src.byteOffset + OFF, d.length);
  for (let i = 0; i < d.length; i++) {
    const x = s[i];
    const y = ((x >>> 8) & 0x00ff00ff) | ((x & 0x00ff00ff) << 8);
    d[i] = (y << 16) | (y >>> 16);
  }
}

function dstBytes(src: Uint8Array, d: Int32Array): void {
  const o = new Uint8Array(d.buffer, d.byteOffset, d.byteLength);
  for (let i = 0, j = OFF; i < o.length; i += 4, j += 4) {
    o[i] = src[j + 3];
    o[i + 1] = src[j + 2];
    o[i + 2] = src[j + 1];
    o[i + 3] = src[j];
  }
}

function dstDataView(src: Uint8Array, d: Int32Array): void {
  const dv = new DataView(src.buffer, src.byteOffset + OFF, d.byteLength);
  for (let i = 0, j = 0; i < d.length; i++, j += 4) d[i] = dv.getInt32(j);
}

function dstDataViewX4(src: Uint8Array, d: Int32Array): void {
  const dv = new DataView(src.buffer, src.byteOffset + OFF, d.byteLength);
  let i = 0;
  let j = 0;
  for (; i + 3 < d.length; i += 4, j += 16) {
    d[i] = dv.getInt32(j);
    d[i + 1] = dv.getInt32(j + 4);
    d[i + 2] = dv.getInt32(j + 8);
    d[i + 3] = dv.getInt32(j + 12);
  }
  for (; i < d.length; i++, j += 4) d[i] = dv.getInt32(j);
}

function dstSetThenSwap(src: Uint8Array, d: Int32Array): void {
  new Uint8Array(d.buffer, d.byteOffset, d.byteLength).set(src.subarray(OFF, OFF + d.byteLength));
  const dv = new DataView(d.buffer, d.byteOffset, d.byteLength);
  const n = dv.byteLength;
  for (let j = 0; j < n; j += 4) dv.setInt32(j, dv.getInt32(j), LE);
}

// --- in place -------------------------------------------------------------------------------

function inShiftMask(bytes: Uint8Array): void {
  const v = new Int32Array(bytes.buffer, bytes.byteOffset + OFF, N);
  for (let i = 0; i < N; i++) {
    const x = v[i];
    v[i] = (x << 24) | ((x << 8) & 0xff0000) | ((x >> 8) & 0xff00) | (x >>> 24);
  }
}

function inBytes(bytes: Uint8Array): void {
  for (let j = OFF; j < OFF + 4 * N; j += 4) {
    const a = bytes[j];
    const b = bytes[j + 1];
    bytes[j] = bytes[j + 3];
    bytes[j + 1] = bytes[j + 2];
    bytes[j + 2] = b;
    bytes[j + 3] = a;
  }
}

function inDataViewToInt32(bytes: Uint8Array): void {
  const dv = new DataView(bytes.buffer, bytes.byteOffset + OFF, 4 * N);
  const v = new Int32Array(bytes.buffer, bytes.byteOffset + OFF, N);
  for (let i = 0, j = 0; i < N; i++, j += 4) v[i] = dv.getInt32(j);
}

/** DataView get (big-endian) and set (native): what image.ts uses in place. */
function inDataViewOnly(bytes: Uint8Array): void {
  const dv = new DataView(bytes.buffer, bytes.byteOffset + OFF, 4 * N);
  const n = dv.byteLength;
  for (let j = 0; j < n; j += 4) dv.setInt32(j, dv.getInt32(j), LE);
}

interface Variant {
  name: string;
  inPlace: boolean;
  run: () => void;
}

const d32 = new Int32Array(dest);
const variants: Variant[] = [
  { name: 'memcpy (Uint8Array.set), preallocated', inPlace: false, run: () => new Uint8Array(dest).set(source.subarray(OFF)) },
  { name: 'in place: Int32Array + shift/mask', inPlace: true, run: () => inShiftMask(work) },
  { name: 'in place: Uint8Array byte shuffle', inPlace: true, run: () => inBytes(work) },
  { name: 'in place: DataView get → Int32Array', inPlace: true, run: () => inDataViewToInt32(work) },
  { name: 'in place: DataView get + set', inPlace: true, run: () => inDataViewOnly(work) },
  { name: 'dst: Int32Array + shift/mask', inPlace: false, run: () => dstShiftMask(source, d32) },
  { name: 'dst: Int32Array + rotate/mask', inPlace: false, run: () => dstRotate(source, d32) },
  { name: 'dst: Uint8Array byte shuffle', inPlace: false, run: () => dstBytes(source, d32) },
  { name: 'dst: DataView getInt32 → Int32Array', inPlace: false, run: () => dstDataView(source, d32) },
  { name: 'dst: same, unrolled ×4', inPlace: false, run: () => dstDataViewX4(source, d32) },
  { name: 'dst: memcpy then in-place DataView', inPlace: false, run: () => dstSetThenSwap(source, d32) },
];

// Same bytes from every variant.
const expected = new Int32Array(N);
dstShiftMask(source, expected);
for (const v of variants.slice(1)) {
  refill();
  d32.fill(0);
  v.run();
  const got = v.inPlace ? new Int32Array(work.buffer, OFF, N) : d32;
  for (let i = 0; i < N; i++) if (got[i] !== expected[i]) throw new Error(`${v.name}: word ${i} differs`);
}

const cpu = variants.map(() => [] as number[]);
const wall = variants.map(() => [] as number[]);
for (let r = -2; r < REPEAT; r++) {
  variants.forEach((v, k) => {
    if (v.inPlace) refill();
    const t0 = performance.now();
    const c0 = process.cpuUsage();
    v.run();
    const dc = process.cpuUsage(c0);
    if (r >= 0) {
      wall[k].push(performance.now() - t0);
      cpu[k].push((dc.user + dc.system) / 1000);
    }
  });
}
const load = (() => {
  try {
    return readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
  } catch {
    return '?';
  }
})();
console.log(`byte swap of ${((4 * N) / 1e6).toFixed(0)} MB of 32-bit words, median of ${REPEAT}; node ${process.version}; load ${load}`);
console.log(`${''.padEnd(40)}  cpu ms  wall ms  cpu ratio to memcpy`);
const ref = cpu[0];
variants.forEach((v, k) => {
  const r = median(cpu[k].map((t, i) => t / ref[i]));
  console.log(`${v.name.padEnd(40)} ${median(cpu[k]).toFixed(1).padStart(7)} ${median(wall[k]).toFixed(1).padStart(8)}  ${k === 0 ? '' : r.toFixed(2)}`);
});
