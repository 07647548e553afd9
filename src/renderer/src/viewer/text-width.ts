/** The overlay's label font size, in CSS px (styles.css: `.overlay .marker text`). */
export const LABEL_FONT_PX = 12;

let context: CanvasRenderingContext2D | null | undefined;

/**
 * The width in CSS px of `text` in the page's font at `fontPx` (measured on a canvas that is
 * never shown); about 0.6 em per character where no canvas can measure.
 */
export function textWidth(text: string, fontPx: number): number {
  if (context === undefined) context = typeof document === 'undefined' ? null : document.createElement('canvas').getContext('2d');
  if (!context) return text.length * fontPx * 0.6;
  context.font = `${fontPx}px ${getComputedStyle(document.documentElement).fontFamily || 'sans-serif'}`;
  return context.measureText(text).width;
}
