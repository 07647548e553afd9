/** The library's masters as `nightshift calib masters` lists them. */
import type { Db } from '../db/open.js';
import { calibRows } from '../library/calib-products.js';
import { frameOf } from './frames.js';

export interface MasterSummary {
  id: number;
  name: string;
  type: 'bias' | 'dark' | 'flat';
  filter: string | null;
  /** Seconds (a dark's; the mean of its inputs'). */
  exposure: number | null;
  /** °C, the mean of the inputs' CCD-TEMP (else SET-TEMP). */
  temperature: number | null;
  /** `X×Y`. */
  binning: string;
  /** The camera set-up in words. */
  camera: string;
  /** Frames combined (NCOMBINE); null for an imported master that does not say. */
  frames: number | null;
  /** The observing night (`YYYY-MM-DD`, its evening) the master was made for, or an imported one's (DAY-OBS, else of its DATE-OBS); null when undated. */
  night: string | null;
  /** The inputs' first and last DATE-OBS (ISO 8601 UTC), or the master's own date. */
  dateMin: string | null;
  dateMax: string | null;
}

/** Every master of the library (made here or imported), by id; `siteLongitude` (degrees east) dates an imported master's night when its header has no longitude. */
export function listMasters(db: Db, siteLongitude = 0): MasterSummary[] {
  return calibRows(db)
    .filter((r) => r.kind === 'master' && r.frame_type !== null && r.frame_type !== 'light')
    .map((r) => {
      const f = frameOf(r, siteLongitude);
      let calib: Record<string, unknown> = {};
      let header: Record<string, unknown> = {};
      try {
        calib = r.calib_json ? (JSON.parse(r.calib_json) as Record<string, unknown>) : {};
        header = r.header_json ? (JSON.parse(r.header_json) as Record<string, unknown>) : {};
      } catch {
        // a damaged JSON column: the header's and row's own values below
      }
      const bin = /^(\d+)×(\d+) binning/.exec(f.cameraText);
      const n = typeof header.NCOMBINE === 'number' ? header.NCOMBINE : f.inputs.length > 0 ? f.inputs.length : null;
      return {
        id: r.id,
        name: r.name,
        type: r.frame_type as 'bias' | 'dark' | 'flat',
        filter: f.filter,
        exposure: f.exposure,
        temperature: f.temperature,
        binning: bin ? `${bin[1]}×${bin[2]}` : '1×1',
        camera: f.cameraText,
        frames: n,
        night: f.night,
        dateMin: typeof calib.dateMin === 'string' ? calib.dateMin : r.date_obs,
        dateMax: typeof calib.dateMax === 'string' ? calib.dateMax : r.date_obs,
      };
    });
}
