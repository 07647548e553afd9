/**
 * HCOMPRESS_1 tiles: R. White's H-transform coder, decoded as cfitsio's fits_hdecompress /
 * fits_hdecompress64 (quadtree bit planes, undigitize, inverse H-transform, optional smoothing).
 * Arithmetic is done on doubles with floor-based emulation of the C shifts and masks, exact
 * for the 64-bit integer version as long as values stay below 2**53.
 */
import { FitsError } from '../errors.js';

class BitReader {
  pos = 0;
  buffer = 0;
  bitsToGo = 0;
  constructor(readonly src: Uint8Array) {}
  byte(): number {
    if (this.pos >= this.src.length) throw new FitsError('bad_tile', 'HCOMPRESS_1 stream ended early');
    return this.src[this.pos++];
  }
  start(): void {
    this.bitsToGo = 0;
  }
  bit(): number {
    if (this.bitsToGo === 0) {
      this.buffer = this.byte();
      this.bitsToGo = 8;
    }
    this.bitsToGo--;
    return (this.buffer >> this.bitsToGo) & 1;
  }
  nbits(n: number): number {
    if (this.bitsToGo < n) {
      this.buffer = ((this.buffer << 8) | this.byte()) & 0xffff;
      this.bitsToGo += 8;
    }
    this.bitsToGo -= n;
    return (this.buffer >> this.bitsToGo) & ((1 << n) - 1);
  }
  nybble(): number {
    return this.nbits(4);
  }
  huffman(): number {
    let c = this.nbits(3);
    if (c < 4) return 1 << c;
    c = this.bit() | (c << 1);
    if (c < 13) {
      switch (c) {
        case 8: return 3;
        case 9: return 5;
        case 10: return 10;
        case 11: return 12;
        case 12: return 15;
      }
    }
    c = this.bit() | (c << 1);
    if (c < 31) {
      switch (c) {
        case 26: return 6;
        case 27: return 7;
        case 28: return 9;
        case 29: return 11;
        case 30: return 13;
      }
    }
    c = this.bit() | (c << 1);
    return c === 62 ? 0 : 14;
  }
}

function log2ceil(nmax: number): number {
  let log2n = Math.trunc(Math.log(Math.fround(nmax)) / Math.log(2.0) + 0.5);
  if (nmax > 2 ** log2n) log2n += 1;
  return log2n;
}

/** Insert the 4-bit codes of `a` (one per 2×2 block) into bit plane `bit` of `b` (row length n). */
function bitins(a: Uint8Array, nx: number, ny: number, b: Float64Array, off: number, n: number, planeVal: number): void {
  let k = 0;
  let i = 0;
  for (; i < nx - 1; i += 2) {
    let s00 = off + n * i;
    let j = 0;
    for (; j < ny - 1; j += 2) {
      const v = a[k];
      if (v & 1) b[s00 + n + 1] += planeVal;
      if (v & 2) b[s00 + n] += planeVal;
      if (v & 4) b[s00 + 1] += planeVal;
      if (v & 8) b[s00] += planeVal;
      s00 += 2;
      k++;
    }
    if (j < ny) {
      const v = a[k];
      if (v & 2) b[s00 + n] += planeVal;
      if (v & 8) b[s00] += planeVal;
      k++;
    }
  }
  if (i < nx) {
    let s00 = off + n * i;
    let j = 0;
    for (; j < ny - 1; j += 2) {
      const v = a[k];
      if (v & 4) b[s00 + 1] += planeVal;
      if (v & 8) b[s00] += planeVal;
      s00 += 2;
      k++;
    }
    if (j < ny) {
      if (a[k] & 8) b[s00] += planeVal;
      k++;
    }
  }
}

/** One quadtree expansion of the 4-bit codes in `b` (in place), reading new codes. */
function qtreeExpand(r: BitReader, b: Uint8Array, nx: number, ny: number): void {
  // qtree_copy(a = b, nx, ny, b, n = ny)
  const n = ny;
  const nx2 = (nx + 1) >> 1;
  const ny2 = (ny + 1) >> 1;
  let k = ny2 * (nx2 - 1) + ny2 - 1;
  for (let i = nx2 - 1; i >= 0; i--) {
    let s00 = 2 * (n * i + ny2 - 1);
    for (let j = ny2 - 1; j >= 0; j--) {
      b[s00] = b[k];
      k--;
      s00 -= 2;
    }
  }
  let i = 0;
  for (; i < nx - 1; i += 2) {
    let s00 = n * i;
    let s10 = s00 + n;
    let j = 0;
    for (; j < ny - 1; j += 2) {
      const v = b[s00];
      b[s10 + 1] = v & 1;
      b[s10] = (v >> 1) & 1;
      b[s00 + 1] = (v >> 2) & 1;
      b[s00] = (v >> 3) & 1;
      s00 += 2;
      s10 += 2;
    }
    if (j < ny) {
      b[s10] = (b[s00] >> 1) & 1;
      b[s00] = (b[s00] >> 3) & 1;
    }
  }
  if (i < nx) {
    let s00 = n * i;
    let j = 0;
    for (; j < ny - 1; j += 2) {
      b[s00 + 1] = (b[s00] >> 2) & 1;
      b[s00] = (b[s00] >> 3) & 1;
      s00 += 2;
    }
    if (j < ny) b[s00] = (b[s00] >> 3) & 1;
  }
  for (let q = nx * ny - 1; q >= 0; q--) if (b[q]) b[q] = r.huffman();
}

function qtreeDecode(r: BitReader, a: Float64Array, off: number, n: number, nqx: number, nqy: number, nbitplanes: number): void {
  const nqmax = Math.max(nqx, nqy);
  const log2n = nqmax < 1 ? 0 : log2ceil(nqmax);
  const nqx2 = (nqx + 1) >> 1;
  const nqy2 = (nqy + 1) >> 1;
  const scratch = new Uint8Array(Math.max(nqx2, 1) * Math.max(nqy2, 1));
  for (let bit = nbitplanes - 1; bit >= 0; bit--) {
    const planeVal = 2 ** bit;
    const code = r.nybble();
    if (code === 0) {
      // bit map written directly, 4 pixels per nybble
      const cnt = nqx2 * nqy2;
      for (let q = 0; q < cnt; q++) scratch[q] = r.nybble();
      bitins(scratch, nqx, nqy, a, off, n, planeVal);
    } else if (code !== 0xf) {
      throw new FitsError('bad_tile', 'HCOMPRESS_1 bad format code');
    } else {
      scratch[0] = r.huffman();
      let nx = 1;
      let ny = 1;
      let nfx = nqx;
      let nfy = nqy;
      let c = 2 ** log2n;
      for (let k = 1; k < log2n; k++) {
        c = c / 2;
        nx *= 2;
        ny *= 2;
        if (nfx <= c) nx -= 1;
        else nfx -= c;
        if (nfy <= c) ny -= 1;
        else nfy -= c;
        qtreeExpand(r, scratch, nx, ny);
      }
      bitins(scratch, nqx, nqy, a, off, n, planeVal);
    }
  }
}

function unshuffle(a: Float64Array, start: number, n: number, n2: number, tmp: Float64Array): void {
  const nhalf = (n + 1) >> 1;
  let pt = 0;
  let p1 = start + n2 * nhalf;
  for (let i = nhalf; i < n; i++) {
    tmp[pt++] = a[p1];
    p1 += n2;
  }
  let p2 = start + n2 * (nhalf - 1);
  p1 = start + ((n2 * (nhalf - 1)) << 1);
  for (let i = nhalf - 1; i >= 0; i--) {
    a[p1] = a[p2];
    p2 -= n2;
    p1 -= n2 + n2;
  }
  pt = 0;
  p1 = start + n2;
  for (let i = 1; i < n; i += 2) {
    a[p1] = tmp[pt++];
    p1 += n2 + n2;
  }
}

/** x & -m for a power of two m (two's complement), on doubles. */
function maskTo(x: number, m: number): number {
  return Math.floor(x / m) * m;
}
/** (x & bit) for a power of two bit, on doubles. */
function bitOf(x: number, bit: number): number {
  const q = Math.floor(x / bit);
  return q - 2 * Math.floor(q / 2) === 1 ? bit : 0;
}
/** x >> s (arithmetic) on doubles. */
function shr(x: number, s: number): number {
  return Math.floor(x / 2 ** s);
}
function clamp(v: number, lo: number, hi: number): number {
  return Math.max(Math.min(v, hi), lo);
}

function hsmooth(a: Float64Array, nxtop: number, nytop: number, ny: number, scale: number): void {
  const smax = scale >> 1;
  if (smax <= 0) return;
  const ny2 = ny * 2;
  for (let i = 2; i < nxtop - 2; i += 2) {
    let s00 = ny * i;
    let s10 = s00 + ny;
    for (let j = 0; j < nytop; j += 2) {
      const hm = a[s00 - ny2];
      const h0 = a[s00];
      const hp = a[s00 + ny2];
      let diff = hp - hm;
      const dmax = Math.max(Math.min(hp - h0, h0 - hm), 0) * 4;
      const dmin = Math.min(Math.max(hp - h0, h0 - hm), 0) * 4;
      if (dmin < dmax) {
        diff = clamp(diff, dmin, dmax);
        let s = diff - a[s10] * 8;
        s = s >= 0 ? shr(s, 3) : shr(s + 7, 3);
        s = clamp(s, -smax, smax);
        a[s10] = a[s10] + s;
      }
      s00 += 2;
      s10 += 2;
    }
  }
  for (let i = 0; i < nxtop; i += 2) {
    let s00 = ny * i + 2;
    for (let j = 2; j < nytop - 2; j += 2) {
      const hm = a[s00 - 2];
      const h0 = a[s00];
      const hp = a[s00 + 2];
      let diff = hp - hm;
      const dmax = Math.max(Math.min(hp - h0, h0 - hm), 0) * 4;
      const dmin = Math.min(Math.max(hp - h0, h0 - hm), 0) * 4;
      if (dmin < dmax) {
        diff = clamp(diff, dmin, dmax);
        let s = diff - a[s00 + 1] * 8;
        s = s >= 0 ? shr(s, 3) : shr(s + 7, 3);
        s = clamp(s, -smax, smax);
        a[s00 + 1] = a[s00 + 1] + s;
      }
      s00 += 2;
    }
  }
  for (let i = 2; i < nxtop - 2; i += 2) {
    let s00 = ny * i + 2;
    let s10 = s00 + ny;
    for (let j = 2; j < nytop - 2; j += 2) {
      const hmm = a[s00 - ny2 - 2];
      const hpm = a[s00 + ny2 - 2];
      const hmp = a[s00 - ny2 + 2];
      const hpp = a[s00 + ny2 + 2];
      const h0 = a[s00];
      let diff = hpp + hmm - hmp - hpm;
      const hx2 = a[s10] * 2;
      const hy2 = a[s00 + 1] * 2;
      let m1 = Math.min(Math.max(hpp - h0, 0) - hx2 - hy2, Math.max(h0 - hpm, 0) + hx2 - hy2);
      let m2 = Math.min(Math.max(h0 - hmp, 0) - hx2 + hy2, Math.max(hmm - h0, 0) + hx2 + hy2);
      const dmax = Math.min(m1, m2) * 16;
      m1 = Math.max(Math.min(hpp - h0, 0) - hx2 - hy2, Math.min(h0 - hpm, 0) + hx2 - hy2);
      m2 = Math.max(Math.min(h0 - hmp, 0) - hx2 + hy2, Math.min(hmm - h0, 0) + hx2 + hy2);
      const dmin = Math.max(m1, m2) * 16;
      if (dmin < dmax) {
        diff = clamp(diff, dmin, dmax);
        let s = diff - a[s10 + 1] * 64;
        s = s >= 0 ? shr(s, 6) : shr(s + 63, 6);
        s = clamp(s, -smax, smax);
        a[s10 + 1] = a[s10 + 1] + s;
      }
      s00 += 2;
      s10 += 2;
    }
  }
}

function hinv(a: Float64Array, nx: number, ny: number, smooth: boolean, scale: number): void {
  const nmax = Math.max(nx, ny);
  const log2n = log2ceil(nmax);
  if (log2n === 0) return;
  const tmp = new Float64Array((nmax + 1) >> 1);
  let shift = 1;
  let bit0 = 2 ** (log2n - 1);
  let bit1 = bit0 * 2;
  const bit2 = bit0 * 4;
  let prnd0 = bit0 / 2;
  let prnd1 = bit1 / 2;
  const prnd2 = bit2 / 2;
  let nrnd0 = prnd0 - 1;
  let nrnd1 = prnd1 - 1;
  const nrnd2 = prnd2 - 1;
  // masks are -bitN: maskTo(x, bitN)
  a[0] = maskTo(a[0] + (a[0] >= 0 ? prnd2 : nrnd2), bit2);
  let nxtop = 1;
  let nytop = 1;
  let nxf = nx;
  let nyf = ny;
  let c = 2 ** log2n;
  for (let k = log2n - 1; k >= 0; k--) {
    c = c / 2;
    nxtop *= 2;
    nytop *= 2;
    if (nxf <= c) nxtop -= 1;
    else nxf -= c;
    if (nyf <= c) nytop -= 1;
    else nyf -= c;
    if (k === 0) {
      nrnd0 = 0;
      shift = 2;
    }
    for (let i = 0; i < nxtop; i++) unshuffle(a, ny * i, nytop, 1, tmp);
    for (let j = 0; j < nytop; j++) unshuffle(a, j, nxtop, ny, tmp);
    if (smooth) hsmooth(a, nxtop, nytop, ny, scale);
    const oddx = nxtop % 2;
    const oddy = nytop % 2;
    const div = 2 ** shift;
    let i = 0;
    for (; i < nxtop - oddx; i += 2) {
      let s00 = ny * i;
      let s10 = s00 + ny;
      for (let j = 0; j < nytop - oddy; j += 2) {
        let h0 = a[s00];
        let hx = a[s10];
        let hy = a[s00 + 1];
        let hc = a[s10 + 1];
        hx = maskTo(hx + (hx >= 0 ? prnd1 : nrnd1), bit1);
        hy = maskTo(hy + (hy >= 0 ? prnd1 : nrnd1), bit1);
        hc = maskTo(hc + (hc >= 0 ? prnd0 : nrnd0), bit0);
        const lowbit0 = bitOf(hc, bit0);
        hx = hx >= 0 ? hx - lowbit0 : hx + lowbit0;
        hy = hy >= 0 ? hy - lowbit0 : hy + lowbit0;
        const lowbit1 = (bitOf(hc, bit1) ^ bitOf(hx, bit1) ^ bitOf(hy, bit1)) === 0 ? 0 : bit1;
        h0 = h0 >= 0 ? h0 + lowbit0 - lowbit1 : h0 + (lowbit0 === 0 ? lowbit1 : lowbit0 - lowbit1);
        a[s10 + 1] = Math.floor((h0 + hx + hy + hc) / div);
        a[s10] = Math.floor((h0 + hx - hy - hc) / div);
        a[s00 + 1] = Math.floor((h0 - hx + hy - hc) / div);
        a[s00] = Math.floor((h0 - hx - hy + hc) / div);
        s00 += 2;
        s10 += 2;
      }
      if (oddy) {
        let h0 = a[s00];
        let hx = a[s10];
        hx = maskTo(hx >= 0 ? hx + prnd1 : hx + nrnd1, bit1);
        const lowbit1 = bitOf(hx, bit1);
        h0 = h0 >= 0 ? h0 - lowbit1 : h0 + lowbit1;
        a[s10] = Math.floor((h0 + hx) / div);
        a[s00] = Math.floor((h0 - hx) / div);
      }
    }
    if (oddx) {
      let s00 = ny * i;
      for (let j = 0; j < nytop - oddy; j += 2) {
        let h0 = a[s00];
        let hy = a[s00 + 1];
        hy = maskTo(hy >= 0 ? hy + prnd1 : hy + nrnd1, bit1);
        const lowbit1 = bitOf(hy, bit1);
        h0 = h0 >= 0 ? h0 - lowbit1 : h0 + lowbit1;
        a[s00 + 1] = Math.floor((h0 + hy) / div);
        a[s00] = Math.floor((h0 - hy) / div);
        s00 += 2;
      }
      if (oddy) a[s00] = Math.floor(a[s00] / div);
    }
    bit1 = bit0;
    bit0 = bit0 / 2;
    prnd1 = prnd0;
    prnd0 = Math.floor(prnd0 / 2);
    nrnd1 = nrnd0;
    nrnd0 = prnd0 - 1;
  }
}

/**
 * Decode one HCOMPRESS_1 tile into `n` integer values (as doubles), row-major with the
 * fastest axis first. `smooth` is ZVAL2 (SMOOTH). Throws `bad_tile` on any inconsistency.
 */
export function hcompressDecode(src: Uint8Array, n: number, smooth: boolean): Float64Array {
  const r = new BitReader(src);
  if (r.byte() !== 0xdd || r.byte() !== 0x99) throw new FitsError('bad_tile', 'HCOMPRESS_1 tile has a bad magic number');
  const readInt = (): number => ((r.byte() << 24) | (r.byte() << 16) | (r.byte() << 8) | r.byte()) | 0;
  const nx = readInt();
  const ny = readInt();
  const scale = readInt();
  if (nx <= 0 || ny <= 0 || nx * ny !== n) throw new FitsError('bad_tile', `HCOMPRESS_1 tile is ${nx}×${ny}, expected ${n} pixels`);
  // 64-bit signed sum of all pixels, exact while below 2**53 in magnitude.
  const hi = readInt();
  const lo = readInt() >>> 0;
  const sumall = hi * 4294967296 + lo;
  const nbitplanes = [r.byte(), r.byte(), r.byte()];
  const a = new Float64Array(n);
  const nx2 = (nx + 1) >> 1;
  const ny2 = (ny + 1) >> 1;
  r.start();
  qtreeDecode(r, a, 0, ny, nx2, ny2, nbitplanes[0]);
  qtreeDecode(r, a, ny2, ny, nx2, ny >> 1, nbitplanes[1]);
  qtreeDecode(r, a, ny * nx2, ny, nx >> 1, ny2, nbitplanes[1]);
  qtreeDecode(r, a, ny * nx2 + ny2, ny, nx >> 1, ny >> 1, nbitplanes[2]);
  if (r.nybble() !== 0) throw new FitsError('bad_tile', 'HCOMPRESS_1 bad bit plane values');
  r.start();
  for (let i = 0; i < n; i++) if (a[i] !== 0 && r.bit()) a[i] = -a[i];
  a[0] = sumall;
  if (scale > 1) for (let i = 0; i < n; i++) a[i] *= scale;
  hinv(a, nx, ny, smooth, scale);
  return a;
}
