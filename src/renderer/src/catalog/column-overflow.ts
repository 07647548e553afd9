/**
 * Which of a table's columns are out of its scroller's view, left and right: for the notice and
 * the fading edges that say the table scrolls sideways. Pixels; columns in display order.
 */
export interface ColumnOverflow {
  /** Columns cut or hidden on the left (scrolled past). */
  left: number;
  /** Columns cut or hidden on the right. */
  right: number;
}

/**
 * The columns of widths `widths` (px, in order, starting at x = 0) that are not wholly within
 * [scrollLeft, scrollLeft + viewWidth]; a column cut by less than `slack` px counts as shown.
 */
export function columnOverflow(widths: readonly number[], scrollLeft: number, viewWidth: number, slack = 1): ColumnOverflow {
  let x = 0;
  let left = 0;
  let right = 0;
  const end = scrollLeft + viewWidth;
  for (const w of widths) {
    if (x < scrollLeft - slack) left++;
    else if (x + w > end + slack) right++;
    x += w;
  }
  return { left, right };
}

/** "2 more columns →" / "← 1 column" and the like; null when every column is in view. */
export function overflowNotice(o: ColumnOverflow): string | null {
  const n = (k: number) => `${k} more column${k === 1 ? '' : 's'}`;
  if (o.left === 0 && o.right === 0) return null;
  if (o.left === 0) return `${n(o.right)} → (scroll sideways)`;
  if (o.right === 0) return `← ${n(o.left)} (scroll sideways)`;
  return `← ${n(o.left)} · ${n(o.right)} →`;
}
