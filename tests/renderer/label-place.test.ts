import { describe, expect, it } from 'vitest';
import { placeLabel, visibleImageBox } from '../../src/renderer/src/viewer/label-place.js';

/** A 200×100 screen box; a label 60 px wide in a 12 px font (11 px above its baseline, 3 below); a marker of radius 10 px. */
const box = { left: 0, top: 0, right: 200, bottom: 100 };
const label = (sx: number, sy: number) => placeLabel({ sx, sy, r: 10, width: 60, ascent: 11, descent: 3 }, box);

/** The label's box on screen (its baseline at y). */
const extent = (p: { x: number; y: number }) => ({ left: p.x, right: p.x + 60, top: p.y - 11, bottom: p.y + 3 });

describe('a target label next to its marker', () => {
  it('sits right of the marker, on its centre line, when it fits', () => {
    expect(label(50, 50)).toEqual({ x: 64, y: 50 });
  });

  it('flips to the left of the marker near the right edge, inside the image', () => {
    const p = label(170, 50);
    expect(p).toEqual({ x: 170 - 10 - 4 - 60, y: 50 });
    expect(extent(p).right).toBeLessThanOrEqual(box.right);
  });

  it('is pushed inside when neither side has room', () => {
    const narrow = { left: 0, top: 0, right: 70, bottom: 100 };
    const p = placeLabel({ sx: 35, sy: 50, r: 10, width: 60, ascent: 11, descent: 3 }, narrow);
    expect(extent(p).left).toBeGreaterThanOrEqual(narrow.left);
    expect(extent(p).right).toBeLessThanOrEqual(narrow.right);
  });

  it('is kept inside at the top and at the bottom', () => {
    const top = extent(label(50, 2));
    expect(top.top).toBeGreaterThanOrEqual(box.top);
    const bottom = extent(label(50, 99));
    expect(bottom.bottom).toBeLessThanOrEqual(box.bottom);
  });

  it('is left where it is when the marker itself is off the visible image (no label without its circle)', () => {
    expect(label(250, 50)).toEqual({ x: 264, y: 50 });
    expect(label(50, -30)).toEqual({ x: 64, y: -30 });
  });
});

describe('the visible part of the image', () => {
  it('is the image on screen cut to the stage', () => {
    // a 100×50 image at scale 2, its top-left corner at (-20, 30), on a 150×120 stage
    expect(visibleImageBox({ scale: 2, offsetX: -20, offsetY: 30 }, 100, 50, 150, 120)).toEqual({ left: 0, top: 30, right: 150, bottom: 120 });
    expect(visibleImageBox({ scale: 1, offsetX: 25, offsetY: 35 }, 100, 50, 150, 120)).toEqual({ left: 25, top: 35, right: 125, bottom: 85 });
  });
});
