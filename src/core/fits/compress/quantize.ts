/**
 * Un-quantisation of floating-point tiles (ZQUANTIZ): value = (i - r + 0.5) * ZSCALE + ZZERO
 * with cfitsio's subtractive dither sequence r, or i * ZSCALE + ZZERO without dithering.
 * Follows cfitsio's unquantize_i4r4/_i4r8 exactly (double arithmetic, float random values).
 */

/** Quantisation methods, as written in ZQUANTIZ. */
export type QuantizeMethod = 'NO_DITHER' | 'SUBTRACTIVE_DITHER_1' | 'SUBTRACTIVE_DITHER_2';

const N_RANDOM = 10000;
/** Integer that SUBTRACTIVE_DITHER_2 uses for an exact 0.0. */
export const ZERO_VALUE = -2147483646;

let randoms: Float32Array | undefined;

/** cfitsio's fits_rand_value table: a Park–Miller sequence from seed 1, stored as float. */
export function ditherRandoms(): Float32Array {
  if (randoms) return randoms;
  const r = new Float32Array(N_RANDOM);
  const a = 16807.0;
  const m = 2147483647.0;
  let seed = 1;
  for (let i = 0; i < N_RANDOM; i++) {
    const temp = a * seed;
    seed = temp - m * Math.trunc(temp / m);
    r[i] = seed / m;
  }
  randoms = r;
  return r;
}

/**
 * Turn quantised integers into floating-point values in place in `out`.
 * `tileSeed` is ZDITHER0 + (1-based tile number) - 1, as cfitsio computes it.
 * `nullValue`: integer marking an undefined pixel (ZBLANK), or undefined.
 */
export function unquantize(
  ints: Int32Array | Float64Array,
  n: number,
  out: Float32Array | Float64Array,
  scale: number,
  zero: number,
  method: QuantizeMethod,
  tileSeed: number,
  nullValue: number | undefined,
): void {
  if (method === 'NO_DITHER') {
    for (let i = 0; i < n; i++) {
      const v = ints[i];
      out[i] = nullValue !== undefined && v === nullValue ? NaN : v * scale + zero;
    }
    return;
  }
  const rnd = ditherRandoms();
  let iseed = (((tileSeed - 1) % N_RANDOM) + N_RANDOM) % N_RANDOM;
  let nextrand = Math.trunc(Math.fround(rnd[iseed] * 500));
  const dither2 = method === 'SUBTRACTIVE_DITHER_2';
  const plain = nullValue === undefined && !dither2;
  let i = 0;
  while (i < n) {
    // Run up to the end of the random table, then move to the next seed, as cfitsio does.
    const m = Math.min(n - i, N_RANDOM - nextrand);
    const r0 = nextrand - i;
    const end = i + m;
    if (plain) {
      for (; i < end; i++) out[i] = (ints[i] - rnd[r0 + i] + 0.5) * scale + zero;
    } else {
      for (; i < end; i++) {
        const v = ints[i];
        if (v === nullValue) out[i] = NaN;
        else if (dither2 && v === ZERO_VALUE) out[i] = 0.0;
        else out[i] = (v - rnd[r0 + i] + 0.5) * scale + zero;
      }
    }
    nextrand += m;
    if (nextrand === N_RANDOM) {
      iseed++;
      if (iseed === N_RANDOM) iseed = 0;
      nextrand = Math.trunc(Math.fround(rnd[iseed] * 500));
    }
  }
}
