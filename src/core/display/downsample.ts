/**
 * Block-mean downsampling for thumbnails: each output pixel is the mean of the finite input
 * pixels in its block (NaN when none). The block is ⌈max(width, height) / maxSize⌉ pixels on a
 * side, so the result fits in maxSize × maxSize and keeps the aspect ratio.
 */
export function downsample(data: ArrayLike<number>, width: number, height: number, maxSize: number): { data: Float32Array; width: number; height: number } {
  const block = Math.max(1, Math.ceil(Math.max(width, height) / maxSize));
  const w = Math.ceil(width / block);
  const h = Math.ceil(height / block);
  const sum = new Float64Array(w * h);
  const count = new Uint32Array(w * h);
  for (let y = 0; y < height; y++) {
    const oy = Math.floor(y / block) * w;
    const row = y * width;
    for (let x = 0; x < width; x++) {
      const v = data[row + x]!;
      if (v !== v || v === Infinity || v === -Infinity) continue;
      const o = oy + Math.floor(x / block);
      sum[o] += v;
      count[o]++;
    }
  }
  const out = new Float32Array(w * h);
  for (let i = 0; i < out.length; i++) out[i] = count[i] ? sum[i]! / count[i]! : Number.NaN;
  return { data: out, width: w, height: h };
}
