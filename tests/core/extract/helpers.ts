/** Deterministic synthetic images for the extraction tests. */
export function gaussNoise(seed: number): () => number {
  let s = seed >>> 0;
  const u = (): number => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return (s + 0.5) / 4294967296;
  };
  return () => Math.sqrt(-2 * Math.log(u())) * Math.cos(2 * Math.PI * u());
}

/** Sky + noise image (width × height). */
export function skyImage(width: number, height: number, sky = 100, sigma = 5, seed = 1): Float32Array {
  const g = gaussNoise(seed);
  const img = new Float32Array(width * height);
  for (let i = 0; i < img.length; i++) img[i] = sky + sigma * g();
  return img;
}

/** Add an elliptical Gaussian of total `flux` centred on (x0, y0) (0-based pixel centres). */
export function addGaussian(img: Float32Array, width: number, height: number, x0: number, y0: number, flux: number, sx: number, sy = sx, theta = 0): void {
  const c = Math.cos(theta);
  const s = Math.sin(theta);
  const norm = flux / (2 * Math.PI * sx * sy);
  const r = Math.ceil(6 * Math.max(sx, sy));
  for (let y = Math.max(0, Math.floor(y0) - r); y <= Math.min(height - 1, Math.floor(y0) + r); y++) {
    for (let x = Math.max(0, Math.floor(x0) - r); x <= Math.min(width - 1, Math.floor(x0) + r); x++) {
      const dx = x - x0;
      const dy = y - y0;
      const u = c * dx + s * dy;
      const v = -s * dx + c * dy;
      img[y * width + x] += norm * Math.exp(-0.5 * ((u * u) / (sx * sx) + (v * v) / (sy * sy)));
    }
  }
}
