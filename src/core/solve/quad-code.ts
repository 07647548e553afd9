/**
 * The geometric hash code of a quad, astrometry.net's definition (our own implementation):
 * A and B are the quad's two most distant stars; the similarity transform taking A to (0, 0)
 * and B to (1, 1) takes the others (C, D, ...) to (cx, cy), (dx, dy), ... — the code. It does
 * not change under translation, rotation and scaling; a mirror image swaps every x with its
 * y ({@link flipParity}). Codes are made unique by two invariants: the mean of the x's is at
 * most 1/2 (else A and B swap, code → 1 − code), and cx ≤ dx ≤ ... (else C, D, ... reorder).
 */

/**
 * Code of stars given in a plane (pixels, or tangent-plane coordinates): `xs`, `ys` hold the
 * stars in the order A, B, C, ...; writes 2·(n−2) values into `code`.
 */
export function quadCode(xs: ArrayLike<number>, ys: ArrayLike<number>, n: number, code: Float64Array): void {
  const abx = xs[1] - xs[0];
  const aby = ys[1] - ys[0];
  const s = abx * abx + aby * aby;
  // (z − A)·(1 + i)/(B − A) in complex numbers
  const cr = (abx + aby) / s;
  const ci = (abx - aby) / s;
  for (let k = 2; k < n; k++) {
    const px = xs[k] - xs[0];
    const py = ys[k] - ys[0];
    code[2 * (k - 2)] = px * cr - py * ci;
    code[2 * (k - 2) + 1] = px * ci + py * cr;
  }
}

/** Swap each (x, y) of the code in place: the code of the mirrored quad. */
export function flipParity(code: Float64Array): void {
  for (let i = 0; i + 1 < code.length; i += 2) {
    const t = code[i];
    code[i] = code[i + 1];
    code[i + 1] = t;
  }
}

/**
 * Apply the invariants to `code` and the star labels `stars` (A, B, C, ...) in place, the
 * same way the index's codes were made, so matching codes pair stars label by label.
 */
export function enforceInvariants(code: Float64Array, stars: number[]): void {
  const m = code.length / 2;
  let sum = 0;
  for (let i = 0; i < m; i++) sum += code[2 * i];
  if (sum / m > 0.5) {
    const t = stars[0];
    stars[0] = stars[1];
    stars[1] = t;
    for (let i = 0; i < code.length; i++) code[i] = 1 - code[i];
  }
  // selection sort on x, carrying y and the labels
  for (let i = 0; i < m; i++) {
    let best = i;
    for (let j = i + 1; j < m; j++) if (code[2 * j] < code[2 * best]) best = j;
    if (best === i) continue;
    for (const o of [0, 1]) {
      const t = code[2 * i + o];
      code[2 * i + o] = code[2 * best + o];
      code[2 * best + o] = t;
    }
    const t = stars[i + 2];
    stars[i + 2] = stars[best + 2];
    stars[best + 2] = t;
  }
}
