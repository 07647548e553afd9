/**
 * Detection filter: convolution of the background-subtracted image with a kernel
 * normalised by Σ|k| (SExtractor's CONV NORM, SEP's default). Pixels outside the image
 * count as 0; NaN (masked) pixels count as 0.
 */

/** A convolution kernel, row-major, odd width and height (a class: see background.ts). */
export class Kernel {
  constructor(
    public data: Float32Array,
    public width: number,
    public height: number,
  ) {}
}

/** SExtractor's default 3×3 kernel `[1 2 1; 2 4 2; 1 2 1]` (normalised). */
export function defaultKernel(): Kernel {
  return normaliseKernel([1, 2, 1, 2, 4, 2, 1, 2, 1], 3, 3);
}

/** Divide a kernel by the sum of the absolute values of its coefficients. */
export function normaliseKernel(kernel: ArrayLike<number>, width: number, height: number): Kernel {
  if (width % 2 !== 1 || height % 2 !== 1 || kernel.length !== width * height) {
    throw new RangeError(`filter kernel must be odd-sized and have width*height values (got ${width}x${height}, ${kernel.length})`);
  }
  let sum = 0;
  for (let i = 0; i < kernel.length; i++) sum += Math.abs(kernel[i]);
  if (!(sum > 0)) throw new RangeError('filter kernel sums to zero');
  const data = new Float32Array(kernel.length);
  for (let i = 0; i < kernel.length; i++) data[i] = kernel[i] / sum;
  return new Kernel(data, width, height);
}

/**
 * Convolve one row. `rows[j]` is the image row `y - height/2 + j` (or `null` outside
 * the image), each of length ≥ width; NaN values are treated as 0. Writes `out[0..width)`.
 * A row of zeros in place of a `null` row gives the same floats: every sum starts from +0,
 * and adding ±0 products leaves it unchanged.
 */
export function convolveRow(rows: ReadonlyArray<Float32Array | null>, width: number, kernel: Kernel, out: Float32Array, noNaN = false): void {
  const kw = kernel.width;
  const kw2 = kw >> 1;
  const k = kernel.data;
  if (noNaN && kw === 3 && kernel.height === 3 && rows[0] && rows[1] && rows[2] && width >= 2) {
    convolve3Fast(rows[0], rows[1], rows[2], width, k, out);
    return;
  }
  out.fill(0, 0, width);
  if (kw === 3 && kernel.height === 3) {
    convolve3(rows, width, k, out);
    return;
  }
  for (let j = 0; j < kernel.height; j++) {
    const src = rows[j];
    if (!src) continue;
    for (let i = 0; i < kw; i++) {
      const c = k[j * kw + i];
      if (c === 0) continue;
      const d = i - kw2;
      const x0 = Math.max(0, -d);
      const x1 = Math.min(width, width - d);
      for (let x = x0; x < x1; x++) {
        const v = src[x + d];
        if (v === v) out[x] += c * v;
      }
    }
  }
}

function convolve3(rows: ReadonlyArray<Float32Array | null>, width: number, k: Float32Array, out: Float32Array): void {
  for (let j = 0; j < 3; j++) {
    const s = rows[j];
    if (!s) continue;
    const a = k[j * 3];
    const b = k[j * 3 + 1];
    const c = k[j * 3 + 2];
    // x = 0
    let vm = 0;
    let v0 = s[0];
    if (v0 !== v0) v0 = 0;
    for (let x = 0; x < width; x++) {
      let vp = x + 1 < width ? s[x + 1] : 0;
      if (vp !== vp) vp = 0;
      out[x] += a * vm + b * v0 + c * vp;
      vm = v0;
      v0 = vp;
    }
  }
}

/** 3×3 kernel, three rows inside the image and no NaN: one pass, same sums as {@link convolve3} (detect.ts's convolveRecord3 is this loop fused with the thresholding). */
function convolve3Fast(r0: Float32Array, r1: Float32Array, r2: Float32Array, width: number, k: Float32Array, out: Float32Array): void {
  const f32 = Math.fround;
  const [a0, b0, c0, a1, b1, c1, a2, b2, c2] = k;
  const last = width - 1;
  // rounded to float after each kernel row, exactly as the row-by-row accumulation
  out[0] = f32(f32(f32(b0 * r0[0] + c0 * r0[1]) + (b1 * r1[0] + c1 * r1[1])) + (b2 * r2[0] + c2 * r2[1]));
  // sliding 3×3 window: each pixel is loaded once (same products and sums as indexing)
  let p0 = r0[0];
  let q0 = r0[1];
  let p1 = r1[0];
  let q1 = r1[1];
  let p2 = r2[0];
  let q2 = r2[1];
  for (let x = 1; x < last; x++) {
    const s0 = r0[x + 1];
    const s1 = r1[x + 1];
    const s2 = r2[x + 1];
    const t0 = a0 * p0 + b0 * q0 + c0 * s0;
    const t1 = a1 * p1 + b1 * q1 + c1 * s1;
    const t2 = a2 * p2 + b2 * q2 + c2 * s2;
    out[x] = f32(f32(f32(t0) + t1) + t2);
    p0 = q0;
    q0 = s0;
    p1 = q1;
    q1 = s1;
    p2 = q2;
    q2 = s2;
  }
  out[last] = f32(f32(f32(a0 * r0[last - 1] + b0 * r0[last]) + (a1 * r1[last - 1] + b1 * r1[last])) + (a2 * r2[last - 1] + b2 * r2[last]));
}
