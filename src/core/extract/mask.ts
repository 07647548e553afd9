/**
 * Pixel access for photometry, with SExtractor's neighbour masking (MASK_TYPE):
 * - `none`: the background-subtracted image as is (NaN = masked);
 * - `correct`: pixels that belong to *another* detected object are replaced by the pixel
 *   mirrored through the measured object's centre (or treated as masked when that one is
 *   also another object's, or outside the image); for the Kron radius they are ignored
 *   (`mirror` = false), as in SExtractor.
 */
import type { PixelSource } from '../aperture/index.js';

/** MASK_TYPE NONE (a class, not an object literal, so the photometry stays optimised from one image to the next: see background.ts). */
class PlainSource implements PixelSource {
  constructor(
    readonly data: Float32Array,
    readonly width: number,
    readonly height: number,
  ) {}

  get(ix: number, iy: number): number {
    return this.data[iy * this.width + ix];
  }
}

export function plainSource(sub: Float32Array, width: number, height: number): PixelSource {
  return new PlainSource(sub, width, height);
}

/** MASK_TYPE CORRECT for one object. */
class CorrectedSource implements PixelSource {
  constructor(
    private readonly sub: Float32Array,
    private readonly seg: Int32Array,
    readonly width: number,
    readonly height: number,
    private readonly id: number,
    private readonly cx: number,
    private readonly cy: number,
    private readonly mirror: boolean,
  ) {}

  get(ix: number, iy: number): number {
    const { sub, seg, width, height, id } = this;
    const i = iy * width + ix;
    const s = seg[i];
    if (s === 0 || s === id) return sub[i];
    if (!this.mirror) return NaN;
    const mx = Math.round(2 * this.cx - ix);
    const my = Math.round(2 * this.cy - iy);
    if (mx < 0 || my < 0 || mx >= width || my >= height) return NaN;
    const j = my * width + mx;
    const t = seg[j];
    if (t !== 0 && t !== id) return NaN;
    return sub[j];
  }
}

/**
 * MASK_TYPE CORRECT for the object `id` centred on (cx, cy). `seg` holds the object id
 * (1-based, 0 = sky) of every pixel.
 */
export function correctedSource(sub: Float32Array, seg: Int32Array, width: number, height: number, id: number, cx: number, cy: number, mirror = true): PixelSource {
  return new CorrectedSource(sub, seg, width, height, id, cx, cy, mirror);
}
