/** The result of an aperture sum, in either convention (SExtractor's, sep.ts; forced photometry's, exact.ts). */
export interface ApertureSum {
  /** Σ weight × pixel over the aperture [ADU] (masked pixels: see the function that made it). */
  sum: number;
  /** The aperture area [px²] (whether it counts masked pixels: see the function that made it). */
  area: number;
  /** Part of the aperture lies beyond the image border. */
  truncated: boolean;
  /** Masked pixels lie in the aperture. */
  masked: boolean;
}

/** An {@link ApertureSum} that also reports the largest pixel summed. */
export interface PeakApertureSum extends ApertureSum {
  /** Largest pixel value with weight > 0 [ADU] (NaN if none). */
  peak: number;
}
