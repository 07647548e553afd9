/**
 * The font size of the overlay's labels (targets' and DS9 regions'), in CSS px: the one place it
 * is defined; the viewer sets it on each label and measures the label with it.
 */
export const LABEL_FONT_PX = 12;

/** A line of text's extent around its start on the baseline, in CSS px: width to the right, ascent above, descent below. */
export interface TextExtent {
  width: number;
  ascent: number;
  descent: number;
}

/** Where no canvas can measure: about 0.6 em per character, the font's box 1 em above the baseline and 0.3 em below. */
const EM_PER_CHAR = 0.6;
const ASCENT_EM = 1;
const DESCENT_EM = 0.3;

let context: CanvasRenderingContext2D | null | undefined;

/**
 * The extent of `text` in the page's font at `fontPx` (measured on a canvas that is never shown):
 * its advance width, and the font's ascent and descent (the box the browser draws the line in,
 * as an SVG `<text>`'s bounding box is, not the ink of these glyphs).
 */
export function textExtent(text: string, fontPx: number): TextExtent {
  if (context === undefined) context = typeof document === 'undefined' ? null : document.createElement('canvas').getContext('2d');
  if (!context) return { width: text.length * fontPx * EM_PER_CHAR, ascent: fontPx * ASCENT_EM, descent: fontPx * DESCENT_EM };
  context.font = `${fontPx}px ${getComputedStyle(document.documentElement).fontFamily || 'sans-serif'}`;
  const m = context.measureText(text);
  return {
    width: m.width,
    ascent: Number.isFinite(m.fontBoundingBoxAscent) ? m.fontBoundingBoxAscent : fontPx * ASCENT_EM,
    descent: Number.isFinite(m.fontBoundingBoxDescent) ? m.fontBoundingBoxDescent : fontPx * DESCENT_EM,
  };
}
