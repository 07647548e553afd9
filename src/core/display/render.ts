import { colormapLut, type Colormap } from './colormap.js';
import { stretchFunction, type Stretch } from './stretch.js';

export interface RenderOptions {
  /** Display limits in data units (values at or below `low` get the map's first colour). */
  low: number;
  high: number;
  stretch: Stretch;
  colormap: Colormap;
  /**
   * ds9's contrast and bias, applied to the colour map after the stretch: a stretched value s
   * in [0, 1] takes colour (s − bias)·contrast + 0.5, clamped to [0, 1]. Defaults 1 and 0.5
   * leave the map as it is; larger contrast steepens it, larger bias darkens the image.
   */
  contrast?: number;
  bias?: number;
}

const LEVELS = 4096;

/**
 * Turns pixel values into RGBA bytes for a canvas. Row 0 of the output is the top of the
 * displayed image, which is the LAST FITS row (FITS y grows upwards, as ds9 shows it).
 * NaN pixels are fully transparent. One pass with a 4096-level lookup table, so a 4096²
 * image renders in tens of milliseconds in a worker.
 */
export function renderRgba(
  data: ArrayLike<number>,
  width: number,
  height: number,
  options: RenderOptions,
  out: Uint8ClampedArray = new Uint8ClampedArray(width * height * 4),
): Uint8ClampedArray {
  const lut = colormapLut(options.colormap);
  const stretch = stretchFunction(options.stretch);
  const contrast = options.contrast ?? 1;
  const bias = options.bias ?? 0.5;
  // level → colour index, through the stretch, then contrast and bias.
  const levelColor = new Uint8Array(LEVELS);
  for (let l = 0; l < LEVELS; l++) {
    const s = (stretch(l / (LEVELS - 1)) - bias) * contrast + 0.5;
    levelColor[l] = Math.max(0, Math.min(255, Math.round(s * 255)));
  }
  const span = options.high - options.low;
  const scale = span > 0 ? (LEVELS - 1) / span : 0;
  const low = options.low;
  for (let y = 0; y < height; y++) {
    const src = y * width;
    const dst = (height - 1 - y) * width * 4;
    for (let x = 0; x < width; x++) {
      const v = data[src + x]!;
      const o = dst + x * 4;
      if (v !== v) {
        out[o + 3] = 0;
        continue;
      }
      let level = span > 0 ? Math.round((v - low) * scale) : v > low ? LEVELS - 1 : 0;
      if (level < 0) level = 0;
      else if (level > LEVELS - 1) level = LEVELS - 1;
      const c = levelColor[level]! * 3;
      out[o] = lut[c]!;
      out[o + 1] = lut[c + 1]!;
      out[o + 2] = lut[c + 2]!;
      out[o + 3] = 255;
    }
  }
  return out;
}
