/**
 * Provenance keywords written into masters and calibrated frames, so that every output names
 * its inputs by SHA-256 (hex) and says how it was made.
 *
 * Masters: `IMAGETYP = 'Master Bias'|'Master Dark'|'Master Flat'`, `NCOMBINE` (frames
 * combined), `CALMETH` (median|mean|sigclip), `CALINnnn` (SHA-256 of input nnn, 1-based, in
 * the order given), `CALBIAS`/`CALDARK` (SHA-256 of the masters used to prepare the frames),
 * `CALDSCAL` (dark scale factor when one scaled dark was used), `CALOSCAN` (overscan section and
 * statistic), `CALTRIM` (trim section), and a `HISTORY` line per step and per input (file name).
 * Calibrated frames: `CALBIAS`, `CALDARK`, `CALDSCAL`, `CALFLAT`, `CALFNORM`, `CALOSCAN`,
 * `CALTRIM`, `CALRAW` (SHA-256 of the raw frame) and `HISTORY`.
 */
import type { HeaderValue } from '../fits/index.js';
import type { CombineMethod } from './combine.js';
import type { FrameType } from './frame-type.js';

/** One input: its name as given (shown in HISTORY) and the SHA-256 of its bytes (hex). */
export interface InputRef {
  name: string;
  sha256: string;
}

/** A keyword to set (replacing any card of that name) or a HISTORY line (`keyword: 'HISTORY'`, appended). */
export interface ProvenanceCard {
  keyword: string;
  value: HeaderValue;
  comment: string;
}

export interface StepsUsed {
  overscan?: { section: string; statistic: 'mean' | 'median'; order?: number };
  trim?: string;
  bias?: InputRef;
  dark?: InputRef;
  darkScale?: number;
  flat?: InputRef;
  flatNorm?: number;
}

const TITLE: Record<Exclude<FrameType, 'light'>, string> = { bias: 'Master Bias', dark: 'Master Dark', flat: 'Master Flat' };

function basename(name: string): string {
  const parts = name.split(/[\\/]/);
  return parts[parts.length - 1] ?? name;
}

function stepCards(steps: StepsUsed): ProvenanceCard[] {
  const c: ProvenanceCard[] = [];
  if (steps.overscan) {
    const o = steps.overscan;
    c.push({ keyword: 'CALOSCAN', value: `${o.section} ${o.statistic}${o.order !== undefined ? ` poly${o.order}` : ''}`, comment: 'overscan section, statistic, fit' });
    c.push({ keyword: 'HISTORY', value: `overscan subtracted: ${o.section}, ${o.statistic}${o.order !== undefined ? `, polynomial order ${o.order}` : ''}`, comment: '' });
  }
  if (steps.trim) {
    c.push({ keyword: 'CALTRIM', value: steps.trim, comment: 'trimmed to this raw section' });
    c.push({ keyword: 'HISTORY', value: `trimmed to ${steps.trim}`, comment: '' });
  }
  if (steps.bias) {
    c.push({ keyword: 'CALBIAS', value: steps.bias.sha256, comment: 'SHA-256 of the master bias subtracted' });
    c.push({ keyword: 'HISTORY', value: `bias subtracted: ${basename(steps.bias.name)}`, comment: '' });
  }
  if (steps.dark) {
    c.push({ keyword: 'CALDARK', value: steps.dark.sha256, comment: 'SHA-256 of the master dark subtracted' });
    c.push({ keyword: 'CALDSCAL', value: steps.darkScale ?? 1, comment: 'dark scaled by this (exposure ratio)' });
    c.push({ keyword: 'HISTORY', value: `dark subtracted: ${basename(steps.dark.name)} x ${steps.darkScale ?? 1}`, comment: '' });
  }
  if (steps.flat) {
    c.push({ keyword: 'CALFLAT', value: steps.flat.sha256, comment: 'SHA-256 of the master flat divided' });
    c.push({ keyword: 'CALFNORM', value: steps.flatNorm ?? 1, comment: 'flat divided by this first (its mean)' });
    c.push({ keyword: 'HISTORY', value: `flat divided: ${basename(steps.flat.name)} / ${steps.flatNorm ?? 1}`, comment: '' });
  }
  return c;
}

/** The cards of a master made of `inputs` by `method` after `steps`. */
export function masterProvenance(type: Exclude<FrameType, 'light'>, method: CombineMethod, inputs: readonly InputRef[], steps: StepsUsed, extra: { scaledByMedian?: boolean; rejected?: number } = {}): ProvenanceCard[] {
  const c: ProvenanceCard[] = [
    { keyword: 'IMAGETYP', value: TITLE[type], comment: 'made by nightshift calib master' },
    { keyword: 'NCOMBINE', value: inputs.length, comment: 'number of frames combined' },
    { keyword: 'CALMETH', value: method, comment: 'combination: median, mean or sigclip (3 sigma, 1 pass)' },
  ];
  inputs.forEach((inp, i) => c.push({ keyword: `CALIN${String(i + 1).padStart(3, '0')}`, value: inp.sha256, comment: `SHA-256 of input ${i + 1}` }));
  c.push(...stepCards(steps));
  if (extra.scaledByMedian) c.push({ keyword: 'HISTORY', value: 'each frame scaled by 1/median before combining; result divided by its mean', comment: '' });
  c.push({ keyword: 'HISTORY', value: `${TITLE[type].toLowerCase()}: ${method} of ${inputs.length} frames${extra.rejected ? `, ${extra.rejected} values clipped` : ''}`, comment: '' });
  inputs.forEach((inp, i) => c.push({ keyword: 'HISTORY', value: `input ${i + 1}: ${basename(inp.name)}`, comment: '' }));
  return c;
}

/** The cards of a calibrated frame made from `raw` with `steps`. */
export function calibratedProvenance(raw: InputRef, steps: StepsUsed): ProvenanceCard[] {
  return [
    { keyword: 'CALRAW', value: raw.sha256, comment: 'SHA-256 of the raw frame' },
    ...stepCards(steps),
    { keyword: 'HISTORY', value: `calibrated by nightshift calib apply from ${basename(raw.name)}`, comment: '' },
  ];
}
