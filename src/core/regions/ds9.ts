/**
 * DS9 region files (format version 4.1): writing and reading circle, ellipse, point, box and
 * polygon shapes in the `image`, `fk5` and `icrs` systems.
 *
 * Conventions. In the `image` system DS9 pixels are 1-based (the centre of the first pixel is
 * (1, 1)); our pixels are 0-based, so a `Region` in pixel units holds 0-based values and the
 * file holds value + 1. Sizes are pixels. In `fk5`/`icrs` the centre is RA/Dec in degrees
 * (read also as sexagesimal, RA in hours), sizes are arcseconds in a `Region` (the file says
 * `"`; on reading, `'` is arcminutes, `d` or no unit degrees, as DS9 reads them), angles are
 * degrees counter-clockwise from the first axis (image +x; in sky systems from west, towards
 * north). FK5 is taken as ICRS (they differ by < 0.03″).
 */
import { parseDec, parseRa } from '../coords/index.js';

export type RegionSystem = 'image' | 'fk5' | 'icrs';

export type RegionShape =
  | { shape: 'circle'; x: number; y: number; r: number }
  | { shape: 'ellipse'; x: number; y: number; a: number; b: number; angle: number }
  | { shape: 'point'; x: number; y: number }
  | { shape: 'box'; x: number; y: number; width: number; height: number; angle: number }
  | { shape: 'polygon'; points: Array<[number, number]> };

/** A shape with its optional label (`text={…}`) and colour. */
export type Region = RegionShape & { text?: string; color?: string };

export interface RegionFile {
  system: RegionSystem;
  regions: Region[];
}

/** A region read from a file, with the system it was written in (a file may switch systems). */
export type ParsedRegion = Region & { system: RegionSystem };

export type RegionErrorCode = 'region_syntax' | 'region_unsupported' | 'region_no_system';

/** A region file that cannot be read: what and where (1-based line). */
export class RegionError extends Error {
  readonly code: RegionErrorCode;
  readonly line: number;
  constructor(code: RegionErrorCode, line: number, message: string) {
    super(`line ${line}: ${message}`);
    this.name = 'RegionError';
    this.code = code;
    this.line = line;
  }
}

const num = (v: number, digits: number) => String(Number(v.toFixed(digits)));

/** The text of a DS9 region file for these regions. */
export function formatRegions(file: RegionFile): string {
  const sky = file.system !== 'image';
  const pos = (x: number, y: number) => (sky ? `${num(x, 7)},${num(y, 7)}` : `${num(x + 1, 3)},${num(y + 1, 3)}`);
  const len = (v: number) => (sky ? `${num(v, 3)}"` : num(v, 3));
  const lines = ['# Region file format: DS9 version 4.1', 'global color=green width=1', file.system];
  for (const r of file.regions) {
    let body: string;
    switch (r.shape) {
      case 'circle':
        body = `circle(${pos(r.x, r.y)},${len(r.r)})`;
        break;
      case 'ellipse':
        body = `ellipse(${pos(r.x, r.y)},${len(r.a)},${len(r.b)},${num(r.angle, 3)})`;
        break;
      case 'point':
        body = `point(${pos(r.x, r.y)})`;
        break;
      case 'box':
        body = `box(${pos(r.x, r.y)},${len(r.width)},${len(r.height)},${num(r.angle, 3)})`;
        break;
      case 'polygon':
        body = `polygon(${r.points.map(([x, y]) => pos(x, y)).join(',')})`;
        break;
    }
    const props = [r.color ? `color=${r.color}` : '', r.text !== undefined ? `text={${r.text.replace(/[{}]/g, '')}}` : ''].filter(Boolean).join(' ');
    lines.push(props ? `${body} # ${props}` : body);
  }
  return `${lines.join('\n')}\n`;
}

const SHAPES: Record<string, number[]> = { circle: [3], ellipse: [5], point: [2], box: [5, 4], polygon: [] };

/** A size in the file's system → pixels (image) or arcseconds (sky). */
function size(text: string, sky: boolean, line: number): number {
  const m = /^([-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?)\s*(["'d]|p|i)?$/.exec(text.trim());
  if (!m) throw new RegionError('region_syntax', line, `not a size: "${text}"`);
  const v = Number(m[1]);
  if (!sky) {
    if (m[2] && m[2] !== 'i' && m[2] !== 'p') throw new RegionError('region_unsupported', line, `a sky size "${text}" in image coordinates`);
    return v;
  }
  if (m[2] === '"') return v;
  if (m[2] === "'") return v * 60;
  if (m[2] === 'i' || m[2] === 'p') throw new RegionError('region_unsupported', line, `a pixel size "${text}" in sky coordinates`);
  return v * 3600;
}

function position(xs: string, ys: string, sky: boolean, line: number): [number, number] {
  if (!sky) {
    const x = Number(xs);
    const y = Number(ys);
    if (!Number.isFinite(x) || !Number.isFinite(y) || xs.trim() === '' || ys.trim() === '') throw new RegionError('region_syntax', line, `not an image position: "${xs},${ys}"`);
    return [x - 1, y - 1];
  }
  try {
    return [parseRa(xs.includes(':') ? xs : xs.replace(/d$/, '')), parseDec(ys.replace(/d$/, ''))];
  } catch (err) {
    throw new RegionError('region_syntax', line, `not a sky position: "${xs},${ys}" (${err instanceof Error ? err.message : String(err)})`);
  }
}

/**
 * Reads a DS9 region file. Comments, `global` lines and properties other than `text` and
 * `color` are skipped; exclusion (`-circle`) and include (`+`) signs are dropped. A shape before
 * any coordinate system line is read in `image` coordinates. Throws
 * {@link RegionError} on a shape, system or size it cannot read (with the line number).
 */
export function parseRegions(text: string): ParsedRegion[] {
  let system: RegionSystem | null = null;
  const regions: ParsedRegion[] = [];
  const rows = text.split(/\r?\n/);
  rows.forEach((raw, i) => {
    const line = i + 1;
    for (let part of raw.split(';')) {
      part = part.trim();
      if (part === '' || part.startsWith('#') || /^global\b/i.test(part)) continue;
      const lower = part.toLowerCase();
      if (lower === 'image' || lower === 'fk5' || lower === 'icrs' || lower === 'j2000') {
        system = lower === 'j2000' ? 'fk5' : (lower as RegionSystem);
        continue;
      }
      if (['physical', 'fk4', 'b1950', 'galactic', 'ecliptic', 'linear', 'amplifier', 'detector'].includes(lower) || /^wcs[a-z]?$/.test(lower)) {
        throw new RegionError('region_unsupported', line, `coordinate system "${part}" (image, fk5 and icrs are read)`);
      }
      const m = /^[-+]?\s*([a-z]+)\s*\(([^)]*)\)\s*(?:#\s*(.*))?$/i.exec(part);
      if (!m) throw new RegionError('region_syntax', line, `not a region: "${part}"`);
      const shape = m[1]!.toLowerCase();
      const expected = SHAPES[shape];
      if (!expected) throw new RegionError('region_unsupported', line, `shape "${shape}" (circle, ellipse, point, box and polygon are read)`);
      const sys = system ?? 'image';
      const sky = sys !== 'image';
      const args = m[2]!.split(',').map((s) => s.trim());
      if (shape === 'polygon' ? args.length < 6 || args.length % 2 !== 0 : !expected.includes(args.length)) {
        throw new RegionError('region_syntax', line, `${shape} with ${args.length} values`);
      }
      const props = m[3] ?? '';
      const extra: { text?: string; color?: string; system: RegionSystem } = { system: sys };
      const t = /text=\{([^}]*)\}/.exec(props) ?? /text="([^"]*)"/.exec(props);
      if (t) extra.text = t[1]!;
      const c = /color=([#\w]+)/.exec(props);
      if (c) extra.color = c[1]!;
      const [x, y] = shape === 'polygon' ? [0, 0] : position(args[0]!, args[1]!, sky, line);
      const angle = (k: number) => {
        const v = args[k] === undefined ? 0 : Number(args[k]);
        if (!Number.isFinite(v)) throw new RegionError('region_syntax', line, `not an angle: "${args[k]}"`);
        return v;
      };
      switch (shape) {
        case 'circle':
          regions.push({ shape, x, y, r: size(args[2]!, sky, line), ...extra });
          break;
        case 'ellipse':
          regions.push({ shape, x, y, a: size(args[2]!, sky, line), b: size(args[3]!, sky, line), angle: angle(4), ...extra });
          break;
        case 'point':
          regions.push({ shape, x, y, ...extra });
          break;
        case 'box':
          regions.push({ shape, x, y, width: size(args[2]!, sky, line), height: size(args[3]!, sky, line), angle: angle(4), ...extra });
          break;
        case 'polygon': {
          const points: Array<[number, number]> = [];
          for (let k = 0; k < args.length; k += 2) points.push(position(args[k]!, args[k + 1]!, sky, line));
          regions.push({ shape, points, ...extra });
          break;
        }
      }
    }
  });
  return regions;
}
