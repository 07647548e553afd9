/**
 * Colour maps as 256-entry RGB lookup tables, built by linear interpolation between anchor
 * colours (viridis and inferno anchors are sampled from matplotlib's published tables).
 */
export const COLORMAPS = ['gray', 'viridis', 'inferno', 'heat', 'cool'] as const;
export type Colormap = (typeof COLORMAPS)[number];

type Rgb = [number, number, number];

const ANCHORS: Record<Colormap, Rgb[]> = {
  gray: [
    [0, 0, 0],
    [255, 255, 255],
  ],
  viridis: [
    [68, 1, 84],
    [71, 44, 122],
    [59, 81, 139],
    [44, 113, 142],
    [33, 144, 141],
    [39, 173, 129],
    [92, 200, 99],
    [170, 220, 50],
    [253, 231, 37],
  ],
  inferno: [
    [0, 0, 4],
    [40, 11, 84],
    [101, 21, 110],
    [159, 42, 99],
    [212, 72, 66],
    [245, 125, 21],
    [250, 193, 39],
    [252, 255, 164],
  ],
  heat: [
    [0, 0, 0],
    [170, 0, 0],
    [255, 128, 0],
    [255, 255, 128],
    [255, 255, 255],
  ],
  cool: [
    [0, 0, 0],
    [0, 60, 140],
    [0, 170, 220],
    [180, 240, 255],
    [255, 255, 255],
  ],
};

const cache = new Map<Colormap, Uint8Array>();

/** The colour map as 256 × RGB bytes (index 0 = lowest value). */
export function colormapLut(name: Colormap): Uint8Array {
  const hit = cache.get(name);
  if (hit) return hit;
  const anchors = ANCHORS[name];
  const lut = new Uint8Array(256 * 3);
  const segments = anchors.length - 1;
  for (let i = 0; i < 256; i++) {
    const t = (i / 255) * segments;
    const k = Math.min(segments - 1, Math.floor(t));
    const f = t - k;
    const a = anchors[k]!;
    const b = anchors[k + 1]!;
    for (let c = 0; c < 3; c++) lut[i * 3 + c] = Math.round(a[c]! + (b[c]! - a[c]!) * f);
  }
  cache.set(name, lut);
  return lut;
}
