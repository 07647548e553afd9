/**
 * Where a target's label goes next to its marker on the viewer's overlay, so that it stays on
 * the visible image: right of the marker by default, left of it near the right edge, pushed
 * inside at the top and bottom. All in screen pixels (CSS px), y down. Pure: no DOM.
 */
import type { View } from './view.js';

/** A screen rectangle, in px: left ≤ right, top ≤ bottom. */
export interface ScreenBox {
  left: number;
  top: number;
  right: number;
  bottom: number;
}

/** Gap between the marker's circle and its label, in px. */
const GAP_PX = 4;

/**
 * The part of a `width`×`height` image (image pixels) shown through `view` on a `stageW`×`stageH`
 * stage (px): the image's rectangle on screen cut to the stage.
 */
export function visibleImageBox(view: View, width: number, height: number, stageW: number, stageH: number): ScreenBox {
  return {
    left: Math.max(0, view.offsetX),
    top: Math.max(0, view.offsetY),
    right: Math.min(stageW, view.offsetX + width * view.scale),
    bottom: Math.min(stageH, view.offsetY + height * view.scale),
  };
}

/**
 * The label's start (left end, `x`) and baseline (`y`), for a marker centred at (`sx`, `sy`) of
 * radius `r` and a label `width` px wide reaching `ascent` px above its baseline and `descent`
 * px below (as text-width's `textExtent` measures it), inside `box`. A marker whose centre
 * is outside `box` keeps the default place (its label is not brought in without its circle).
 */
export function placeLabel(m: { sx: number; sy: number; r: number; width: number; ascent: number; descent: number }, box: ScreenBox): { x: number; y: number } {
  const right = m.sx + m.r + GAP_PX;
  const inside = m.sx >= box.left && m.sx <= box.right && m.sy >= box.top && m.sy <= box.bottom;
  if (!inside) return { x: right, y: m.sy };
  let x = right;
  if (right + m.width > box.right) {
    const left = m.sx - m.r - GAP_PX - m.width;
    // left of the marker if it fits there, else as far right as the box allows (never past its left edge)
    x = left >= box.left ? left : Math.max(box.left, box.right - m.width);
  }
  const y = Math.min(Math.max(m.sy, box.top + m.ascent), box.bottom - m.descent);
  return { x, y };
}
