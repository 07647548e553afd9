/**
 * The viewer's mapping between image and screen. The bitmap shows FITS row NAXIS2−1 at the top;
 * bitmap pixel (j, i) covers [j, j+1] × [i, i+1]. FITS pixel (x, y), 0-based with the centre of
 * the first pixel at (0, 0), is at bitmap (x + 0.5, height − 0.5 − y).
 */
export interface View {
  /** Screen pixels per image pixel. */
  scale: number;
  /** Screen position of the bitmap's top-left corner. */
  offsetX: number;
  offsetY: number;
}

export function fitView(width: number, height: number, screenW: number, screenH: number): View {
  const scale = Math.min(screenW / width, screenH / height);
  return { scale, offsetX: (screenW - width * scale) / 2, offsetY: (screenH - height * scale) / 2 };
}

export function imageToScreen(view: View, height: number, x: number, y: number): [number, number] {
  return [view.offsetX + (x + 0.5) * view.scale, view.offsetY + (height - 0.5 - y) * view.scale];
}

export function screenToImage(view: View, height: number, sx: number, sy: number): [number, number] {
  return [(sx - view.offsetX) / view.scale - 0.5, height - 0.5 - (sy - view.offsetY) / view.scale];
}

/** Zooms by `factor` keeping the image point under (sx, sy) in place; scale stays in [1/64, 64]. */
export function zoomAt(view: View, sx: number, sy: number, factor: number): View {
  const scale = Math.min(64, Math.max(1 / 64, view.scale * factor));
  const f = scale / view.scale;
  return { scale, offsetX: sx - (sx - view.offsetX) * f, offsetY: sy - (sy - view.offsetY) * f };
}
