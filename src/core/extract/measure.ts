/** Object profile measurements of the extraction (the aperture sums are in core/aperture). */

/**
 * SExtractor's FWHM_IMAGE [px]: a weighted least-squares fit of ln(I) = c − b·r² to the
 * object's pixels between max(peak/5, threshold) and the saturation level, FWHM =
 * 1.6651/√b (b capped so that FWHM ≤ ~6σ of the moments), minus 1/(4·FWHM) for
 * undersampling. `values[list[k]]` are background-subtracted, `idx` linear pixel indices.
 */
export function profileFwhm(
  values: Float32Array,
  idx: Int32Array,
  list: Int32Array,
  n: number,
  width: number,
  mx: number,
  my: number,
  a: number,
  b: number,
  dpeak: number,
  thresh: number,
  sat: number,
): number {
  let thresh0 = Math.fround(dpeak / 5.0);
  if (thresh0 < thresh) thresh0 = thresh;
  if (!(thresh0 > 0)) return 0;
  let s = 0;
  let sx = 0;
  let sy = 0;
  let sxx = 0;
  let sxy = 0;
  for (let k = 0; k < n; k++) {
    const p = list[k];
    const pix = values[p];
    if (pix > thresh0 && pix < sat) {
      const i = idx[p];
      const y = (i / width) | 0;
      const dx = i - y * width - mx;
      const dy = y - my;
      const lpix = Math.log(pix);
      const inverr2 = pix * pix;
      s += inverr2;
      const d2 = dx * dx + dy * dy;
      sx += d2 * inverr2;
      sxx += d2 * d2 * inverr2;
      sy += lpix * inverr2;
      sxy += lpix * d2 * inverr2;
    }
  }
  const d = s * sxx - sx * sx;
  if (!(Math.abs(d) > 0)) return 0;
  let bb = -(s * sxy - sx * sy) / d;
  const bmax = 1 / (13 * a * b);
  if (bb < bmax) bb = bmax;
  let fwhm = Math.fround(1.6651 / Math.sqrt(bb));
  if (fwhm > 0) fwhm = Math.fround(fwhm - 1 / (4 * fwhm));
  return fwhm;
}
