/**
 * Frames as calibration groups and matches them (issue 17): each product's camera (INSTRUME,
 * binning, calibrated size — TRIMSEC/DATASEC's for raw frames —, GAIN, OFFSET), exposure,
 * temperature, filter, time and observing night (core/calib/night.ts), read from its stored
 * header; the group a raw calibration frame belongs to (one master per night); and the rule that
 * picks a light's masters (README, "Calibration": same camera; a flat of the light's filter; a
 * dark of its exposure and temperature within the tolerances, or the nearest exposure scaled; of
 * the light's own night first, then the closest in time).
 */
import { frameInfo, type FrameType, headerLongitude, observingNight, parseSection } from '../../../core/calib/index.js';
import type { HeaderValue } from '../../../core/fits/index.js';
import type { CalibRow, ProductKind } from '../library/calib-products.js';

export interface Frame {
  id: number;
  name: string;
  type: FrameType | null;
  kind: ProductKind;
  rawId: number | null;
  /** Camera key: INSTRUME, binning, calibrated size (TRIMSEC/DATASEC's, a master's own), GAIN, OFFSET (frames of one camera set-up share it). */
  camera: string;
  /** The camera set-up in words ("2×2 binning, 48×32 px, ASI1600, gain 100, offset 30"). */
  cameraText: string;
  /** Seconds. */
  exposure: number | null;
  /** °C: CCD-TEMP, else SET-TEMP. */
  temperature: number | null;
  /** SET-TEMP, else CCD-TEMP rounded: the temperature a dark group is made for. */
  setPoint: number | null;
  filter: string | null;
  /** Observation time, ms since 1970 (a master's: the middle of its inputs'). */
  time: number | null;
  /**
   * The observing night (`YYYY-MM-DD`, its evening's date; core/calib/night.ts) at the header's
   * longitude, else the site's; a master made here: its group's; an imported one: `DAY-OBS`,
   * else its DATE-OBS's. Null without a date.
   */
  night: string | null;
  /** A master's group (see {@link groupKey}), or null. */
  group: string | null;
  /** A master's inputs (product ids), sorted; empty for other frames. */
  inputs: number[];
  /** Whether a header keyword says the image was calibrated already (CALSTAT, IRAF's ZEROCOR/DARKCOR/FLATCOR, ours). */
  calibratedElsewhere: boolean;
  calibWait: string | null;
  /** A calibrated frame's masters (product ids, from `calib_json`); null for other frames. */
  masters: { bias: number | null; dark: number | null; flat: number | null } | null;
}

const CALIBRATED_KEYS = ['CALSTAT', 'CALRAW', 'CALFLAT', 'ZEROCOR', 'BIASCOR', 'DARKCOR', 'FLATCOR'];

function record(json: string | null): Record<string, HeaderValue> {
  if (json === null) return {};
  try {
    return JSON.parse(json) as Record<string, HeaderValue>;
  } catch {
    return {};
  }
}

export function fmt(n: number): string {
  return String(Math.round(n * 1000) / 1000);
}

/**
 * The size a frame is calibrated at: a raw frame's TRIMSEC (else DATASEC) section, as
 * calibration trims it (services/calib), else its own size; a master's own size (masters are
 * stored trimmed). So masters made elsewhere, trimmed, match raw frames with an overscan.
 */
function calibratedSize(h: Record<string, HeaderValue>, kind: ProductKind, width: number | null, height: number | null): { width: number | null; height: number | null } {
  if (kind === 'master' || width === null || height === null) return { width, height };
  for (const key of ['TRIMSEC', 'DATASEC']) {
    const text = h[key];
    if (typeof text !== 'string' || text.trim() === '') continue;
    try {
      const s = parseSection(text, width, height, key);
      return { width: s.x1 - s.x0, height: s.y1 - s.y0 };
    } catch {
      return { width, height }; // calibration will refuse the frame with the reason
    }
  }
  return { width, height };
}

/** The camera key and its words, from a header and the calibrated size. */
function camera(info: ReturnType<typeof frameInfo>, instrument: string | null, width: number | null, height: number | null): { key: string; text: string } {
  const inst = instrument?.trim() ?? '';
  const key = [inst.toLowerCase(), `${info.xBinning}x${info.yBinning}`, `${width ?? '?'}x${height ?? '?'}`, info.gain ?? '', info.offset ?? ''].join('|');
  const parts = [`${info.xBinning}×${info.yBinning} binning`, `${width ?? '?'}×${height ?? '?'} px`];
  if (inst) parts.push(inst);
  if (info.gain !== null) parts.push(`gain ${fmt(info.gain)}`);
  if (info.offset !== null) parts.push(`offset ${fmt(info.offset)}`);
  return { key, text: parts.join(', ') };
}

function idOf(v: unknown): number | null {
  return typeof v === 'number' && Number.isInteger(v) ? v : null;
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/**
 * A product as calibration sees it. A master made here takes its camera, night and group from
 * `calib_json`. `siteLongitude` (degrees east; the configured site's) dates the night of a frame
 * whose header gives no longitude (SITELONG, LONG-OBS…); 0 is UTC noon to noon.
 */
export function frameOf(row: CalibRow, siteLongitude = 0): Frame {
  const h = record(row.header_json);
  const info = frameInfo({ get: (k) => h[k] });
  const size = calibratedSize(h, row.kind, row.width, row.height);
  const cam = camera(info, row.instrument, size.width, size.height);
  const calib = record(row.calib_json) as Record<string, unknown>;
  const parsedTime = row.date_obs !== null ? Date.parse(row.date_obs.length === 10 ? row.date_obs : `${row.date_obs}Z`) : NaN;
  const temperature = info.temperature ?? info.setTemperature;
  const dayObs = typeof h['DAY-OBS'] === 'string' && DAY.test(h['DAY-OBS'].trim()) ? h['DAY-OBS'].trim() : null;
  const night = typeof calib.night === 'string' ? calib.night : row.kind === 'master' && dayObs !== null ? dayObs : observingNight(row.date_obs, headerLongitude((k) => h[k]) ?? siteLongitude);
  const f: Frame = {
    id: row.id,
    name: row.name,
    type: row.frame_type,
    kind: row.kind,
    rawId: row.raw_id,
    camera: typeof calib.camera === 'string' ? calib.camera : cam.key,
    cameraText: typeof calib.cameraText === 'string' ? calib.cameraText : cam.text,
    exposure: typeof calib.exposure === 'number' ? calib.exposure : (row.exptime ?? info.exposure),
    temperature: typeof calib.temperature === 'number' ? calib.temperature : temperature,
    setPoint: info.setTemperature ?? (temperature !== null ? Math.round(temperature) : null),
    filter: row.filter?.trim() || null,
    time: typeof calib.time === 'number' ? calib.time : Number.isFinite(parsedTime) ? parsedTime : null,
    night,
    group: typeof calib.group === 'string' ? calib.group : null,
    inputs: Array.isArray(calib.inputs) ? (calib.inputs as unknown[]).filter((v): v is number => typeof v === 'number').sort((a, b) => a - b) : [],
    calibratedElsewhere: CALIBRATED_KEYS.some((k) => h[k] !== undefined),
    calibWait: row.calib_wait,
    masters: row.kind === 'calibrated' ? { bias: idOf(calib.biasId), dark: idOf(calib.darkId), flat: idOf(calib.flatId) } : null,
  };
  if (f.kind === 'master' && f.group === null && f.type !== null && f.type !== 'light') f.group = groupKey(f);
  return f;
}

/**
 * The master a raw calibration frame goes into: bias per camera; dark per camera, exposure
 * (ms) and set-point (°C); flat per camera and filter (case-insensitive); each per observing
 * night (the last part: `YYYY-MM-DD`, or `undated` for frames without a date, one group).
 */
export function groupKey(f: Pick<Frame, 'type' | 'camera' | 'exposure' | 'setPoint' | 'filter' | 'night'>): string {
  const night = f.night ?? 'undated';
  if (f.type === 'dark') return `dark|${f.camera}|${f.exposure === null ? '?' : Math.round(f.exposure * 1000)}ms|${f.setPoint ?? '?'}C|${night}`;
  if (f.type === 'flat') return `flat|${f.camera}|${(f.filter ?? '').toLowerCase()}|${night}`;
  return `bias|${f.camera}|${night}`;
}

/** What a group's master is, in words ("master flat for filter R, night 2026-11-20, 2×2 binning, …"). */
export function groupText(f: Pick<Frame, 'type' | 'cameraText' | 'exposure' | 'setPoint' | 'filter' | 'night'>): string {
  const night = f.night !== null ? `night ${f.night}` : 'undated';
  if (f.type === 'dark') return `master dark of ${f.exposure === null ? '?' : fmt(f.exposure)} s at ${f.setPoint ?? '?'} °C, ${night}, ${f.cameraText}`;
  if (f.type === 'flat') return `master flat for filter ${f.filter ?? '(none)'}, ${night}, ${f.cameraText}`;
  return `master bias, ${night}, ${f.cameraText}`;
}

export interface MatchRules {
  /** °C. */
  temperatureTolerance: number;
  /** Fraction of the dark's exposure. */
  exposureTolerance: number;
  darkScaling: boolean;
}

export interface MastersChosen {
  bias?: Frame;
  dark?: Frame;
  flat?: Frame;
  /** Why each missing master is missing, in words. */
  missing: string[];
}

/** Masters chosen by hand for a light (the product page, `nightshift calib use`): used whatever the rule says. */
export interface PinnedMasters {
  bias?: Frame;
  dark?: Frame;
  flat?: Frame;
}

/** |light time − master time| in ms; +∞ when either is unknown. */
export function timeDistance(light: Frame, m: Frame): number {
  return light.time !== null && m.time !== null ? Math.abs(light.time - m.time) : Number.POSITIVE_INFINITY;
}

/** 0 when the master is of the light's observing night, 1 when not (or either night is unknown). */
export function otherNight(light: Frame, m: Frame): 0 | 1 {
  return light.night !== null && light.night === m.night ? 0 : 1;
}

/** The master of the light's night first, then the closest in time, then the newest. */
export function closestInTime(light: Frame, candidates: readonly Frame[]): Frame | undefined {
  return [...candidates].sort((a, b) => otherNight(light, a) - otherNight(light, b) || timeDistance(light, a) - timeDistance(light, b) || b.id - a.id)[0];
}

/** Whether a dark's temperature is within the tolerance of the light's (true when either is unknown). */
export function temperatureFits(light: Frame, m: Frame, rules: MatchRules): boolean {
  return m.temperature === null || light.temperature === null || Math.abs(m.temperature - light.temperature) <= rules.temperatureTolerance + 1e-9;
}

/** Whether a dark's exposure is within the tolerance of the light's (a fraction of the dark's exposure). */
export function exposureFits(light: Frame, m: Frame, rules: MatchRules): boolean {
  return light.exposure !== null && m.exposure !== null && Math.abs(light.exposure - m.exposure) <= rules.exposureTolerance * m.exposure + 1e-9;
}

/**
 * The masters for a light (the README's rule): of the masters of the light's camera, the bias
 * closest in time; the flat of its filter closest in time; the dark whose temperature is within
 * the tolerance (when both are known) and whose exposure is within the tolerance of the light's
 * (with dark scaling: the nearest exposure), closest in time — "closest in time" being of the
 * light's observing night first ({@link otherNight}), then the smallest time distance. A master
 * in `pinned` (chosen by hand) is taken as it is. What is missing is said in words.
 */
export function chooseMasters(light: Frame, masters: readonly Frame[], rules: MatchRules, pinned: PinnedMasters = {}): MastersChosen {
  const mine = masters.filter((m) => m.kind === 'master' && m.camera === light.camera);
  const out: MastersChosen = { missing: [] };
  out.bias = pinned.bias ?? closestInTime(light, mine.filter((m) => m.type === 'bias'));
  if (!out.bias) out.missing.push(`no master bias for ${light.cameraText}`);
  const darks = mine.filter((m) => m.type === 'dark' && temperatureFits(light, m, rules) && m.exposure !== null && m.exposure > 0);
  if (pinned.dark) out.dark = pinned.dark;
  else if (light.exposure === null) out.missing.push(`no exposure time (EXPTIME/EXPOSURE) to choose a dark for`);
  else {
    const t = light.exposure;
    const near = rules.darkScaling ? darks : darks.filter((m) => exposureFits(light, m, rules));
    const best = Math.min(...near.map((m) => Math.abs(t - m.exposure!)));
    out.dark = closestInTime(light, near.filter((m) => Math.abs(t - m.exposure!) === best));
    if (!out.dark) out.missing.push(`no dark of ${fmt(t)} s${light.temperature !== null ? ` at ${fmt(light.temperature)} °C` : ''} for ${light.cameraText}`);
  }
  const filter = (light.filter ?? '').toLowerCase();
  out.flat = pinned.flat ?? closestInTime(light, mine.filter((m) => m.type === 'flat' && (m.filter ?? '').toLowerCase() === filter));
  if (!out.flat) out.missing.push(`no flat for filter ${light.filter ?? '(none)'}, ${light.cameraText}`);
  return out;
}
