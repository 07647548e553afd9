import type { ReactNode } from 'react';
import type { RegionShape } from '../../../core/regions/index.js';
import { placeLabel, type ScreenBox } from './label-place.js';
import { LABEL_FONT_PX, textExtent } from './text-width.js';
import { imageToScreen, type View } from './view.js';

/**
 * Loaded DS9 regions drawn over the image (pixel shapes: 0-based, angles CCW from +x), each
 * `text={…}` label placed as a target's is ({@link placeLabel}) inside `box`, the visible image
 * on the stage (px).
 */
export function RegionLayer({ shapes, view, height, box }: { shapes: ReadonlyArray<RegionShape & { text?: string }>; view: View; height: number; box: ScreenBox }) {
  return (
    <g className="regions" data-testid="region-layer">
      {shapes.map((r, i) => {
        const label = (sx: number, sy: number, reach: number): ReactNode => {
          if (!r.text) return null;
          const at = placeLabel({ sx, sy, r: reach, ...textExtent(r.text, LABEL_FONT_PX) }, box);
          return (
            <text x={at.x} y={at.y} style={{ fontSize: LABEL_FONT_PX }}>
              {r.text}
            </text>
          );
        };
        if (r.shape === 'polygon') {
          const pts = r.points.map(([x, y]) => imageToScreen(view, height, x, y));
          // labelled beside the middle of its bounding box, as a circle's that holds the box's width
          const xs = pts.map((p) => p[0]);
          const ys = pts.map((p) => p[1]);
          const [left, right, top, bottom] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
          return (
            <g key={i} data-shape="polygon">
              <polygon points={pts.map((p) => p.join(',')).join(' ')} />
              {label((left + right) / 2, (top + bottom) / 2, (right - left) / 2)}
            </g>
          );
        }
        const [sx, sy] = imageToScreen(view, height, r.x, r.y);
        switch (r.shape) {
          case 'point':
            return (
              <g key={i} data-shape="point">
                <path d={`M${sx - 5} ${sy}h10M${sx} ${sy - 5}v10`} />
                {label(sx, sy, regionReach(r, view.scale))}
              </g>
            );
          case 'circle':
            return (
              <g key={i} data-shape="circle">
                <circle cx={sx} cy={sy} r={r.r * view.scale} />
                {label(sx, sy, regionReach(r, view.scale))}
              </g>
            );
          case 'ellipse':
            return (
              <g key={i} data-shape="ellipse">
                <ellipse cx={sx} cy={sy} rx={r.a * view.scale} ry={r.b * view.scale} transform={`rotate(${-r.angle} ${sx} ${sy})`} />
                {label(sx, sy, regionReach(r, view.scale))}
              </g>
            );
          case 'box':
            return (
              <g key={i} data-shape="box">
                <rect
                  x={sx - (r.width * view.scale) / 2}
                  y={sy - (r.height * view.scale) / 2}
                  width={r.width * view.scale}
                  height={r.height * view.scale}
                  transform={`rotate(${-r.angle} ${sx} ${sy})`}
                />
                {label(sx, sy, regionReach(r, view.scale))}
              </g>
            );
        }
      })}
    </g>
  );
}

/** How far a region reaches from its centre on screen (px), for placing its label beside it: a point's cross is 5 px. */
function regionReach(r: Exclude<RegionShape, { shape: 'polygon' }>, scale: number): number {
  switch (r.shape) {
    case 'point':
      return 5;
    case 'circle':
      return r.r * scale;
    case 'ellipse':
      return Math.max(r.a, r.b) * scale;
    case 'box':
      return (Math.hypot(r.width, r.height) / 2) * scale;
  }
}
