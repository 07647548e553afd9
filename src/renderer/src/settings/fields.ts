/**
 * The fields of the Settings page: what each is called in words, which setting it edits, how
 * its text becomes a value, and what is wrong with a typed value (checked against the settings
 * schema as it is typed). Pure: no DOM, no React.
 */
import type { z } from 'zod';
import { FRAME_TYPES, largestImageProblem, sectionSchema, THEMES, type Settings, type SettingsPatch, type SettingsSection } from '../../../shared/settings.js';

/** How a field's text (or check box) maps to its setting. */
export type FieldKind =
  /** A number; empty is a problem. */
  | 'number'
  /** A number, or null when empty. */
  | 'optionalNumber'
  /** Text as typed (trimmed). */
  | 'text'
  /** Text, or null when empty. */
  | 'optionalText'
  /** Numbers separated by commas or spaces. */
  | 'numberList'
  /** Words separated by commas, semicolons or spaces (e-mail addresses). */
  | 'textList'
  /** `KEY = number` lines (gains by instrument). */
  | 'gains'
  /** `WORD = bias|dark|flat|light` lines (frame type words). */
  | 'typeMap'
  /** One value a line (folders: a path may hold spaces and commas). */
  | 'lines'
  /** A check box. */
  | 'bool'
  /** One of a few values (a select). */
  | 'choice';

export interface FieldSpec {
  /** The input's name (stable: tests and autofill find fields by it). */
  id: string;
  /** The label shown, with its unit. */
  label: string;
  /** What the field is called in a message ("Detection threshold"). */
  name: string;
  section: SettingsSection;
  key: string;
  kind: FieldKind;
  /** Shown muted after the label. */
  hint?: string;
  placeholder?: string;
  /** For `choice`: the values and their labels. */
  choices?: ReadonlyArray<{ value: string; label: string }>;
  /** A check of its own instead of the schema's words (the message of a refused value). */
  check?: (text: string) => string | null;
}

/** The page's groups of fields, in order. */
export interface FieldGroup {
  legend: string;
  fields: FieldSpec[];
}

const f = (section: SettingsSection, key: string, id: string, kind: FieldKind, label: string, name: string, extra: Partial<FieldSpec> = {}): FieldSpec => ({
  id,
  label,
  name,
  section,
  key,
  kind,
  ...extra,
});

export const FIELD_GROUPS: readonly FieldGroup[] = [
  {
    legend: 'Appearance',
    fields: [
      f('appearance', 'theme', 'theme', 'choice', 'Colour scheme', 'Colour scheme', {
        choices: THEMES.map((t) => ({ value: t, label: t === 'system' ? "The system's (light or dark)" : t === 'light' ? 'Light' : 'Dark' })),
      }),
    ],
  },
  {
    legend: 'Background work',
    fields: [
      f('workers', 'threads', 'threads', 'optionalNumber', 'Worker threads', 'Worker threads', { hint: '(empty = cores − 1)' }),
      f('broker', 'url', 'brokerUrl', 'optionalText', 'Broker URL', 'Broker URL', { hint: '(empty = local pool only)', placeholder: 'redis://host:6379' }),
      f('broker', 'sharedFilesystem', 'sharedFilesystem', 'bool', "Workers share this computer's file system", 'Shared file system'),
      f('retention', 'taskDays', 'taskDays', 'number', 'Keep finished task records (days)', 'Keep finished task records'),
    ],
  },
  {
    legend: 'Extraction',
    fields: [
      f('extraction', 'thresh', 'thresh', 'number', 'Detection threshold (× background RMS)', 'Detection threshold'),
      f('extraction', 'minarea', 'minarea', 'number', 'Minimum area (pixels)', 'Minimum area'),
      f('extraction', 'apertures', 'apertures', 'numberList', 'Aperture radii (pixels)', 'Aperture radii', { hint: '(comma-separated)' }),
      f('extraction', 'onImport', 'onImport', 'bool', 'Extract sources when an image is imported', 'Extract on import'),
    ],
  },
  {
    legend: 'Plate solving (images imported without a celestial WCS)',
    fields: [
      f('solve', 'onImport', 'solveOnImport', 'bool', 'Plate-solve an image imported without a WCS before extracting it', 'Solve on import'),
      f('solve', 'indexDirs', 'indexDirs', 'lines', 'Folders of astrometry.net index files (index-*.fits), one per line', 'Index folders', {
        hint: '(~ = your home; folders that do not exist are skipped)',
      }),
      f('solve', 'timeLimitS', 'solveTimeLimit', 'number', 'Time limit per image (seconds)', 'Solve time limit'),
    ],
  },
  {
    legend: 'Calibration (raw bias, dark, flat and light frames)',
    fields: [
      f('calibration', 'enabled', 'calibEnabled', 'bool', 'Calibrate raw light frames with the library’s master bias, dark and flat before extraction', 'Calibration'),
      f('calibration', 'exposureTolerance', 'calibExposureTolerance', 'number', 'Dark exposure tolerance (fraction of the dark’s exposure; 0.01 = 1 %)', 'Dark exposure tolerance', {
        hint: '(0 to 1)',
      }),
      f('calibration', 'temperatureTolerance', 'calibTemperatureTolerance', 'number', 'Dark temperature tolerance (°C)', 'Dark temperature tolerance', {
        hint: '(0 to 50; CCD-TEMP, else SET-TEMP)',
      }),
      f('calibration', 'darkScaling', 'calibDarkScaling', 'bool', 'Scale the dark of the nearest exposure when none has the light’s exposure', 'Dark scaling'),
      f('calibration', 'typeMap', 'calibTypeMap', 'typeMap', 'Frame type words, one per line: IMAGETYP/FRAME word = bias, dark, flat or light', 'Frame type words', {
        hint: '(any case; for words other than Bias, Zero, Dark, Flat, Sky Flat, Light, Object…; frame types set by hand are kept)',
        placeholder: 'Tungsten = flat',
      }),
    ],
  },
  {
    legend: 'Images',
    fields: [
      f('images', 'maxImageMb', 'maxImageMb', 'number', 'Largest image (MiB)', 'Largest image', {
        hint: '(larger images, or .fits.gz files inflating past it, are refused)',
        check: largestImageProblem,
      }),
    ],
  },
  {
    legend: 'Notifications',
    fields: [f('notifications', 'enabled', 'notifications', 'bool', 'Show a notification when a batch finishes', 'Notifications')],
  },
  {
    legend: 'E-mail notices (SMTP)',
    fields: [
      f('smtp', 'host', 'smtpHost', 'optionalText', 'Server', 'SMTP server', { placeholder: 'smtp.example.org' }),
      f('smtp', 'port', 'smtpPort', 'number', 'Port', 'SMTP port'),
      f('smtp', 'secure', 'smtpSecure', 'bool', 'TLS from the start (port 465)', 'TLS from the start'),
      f('smtp', 'user', 'smtpUser', 'optionalText', 'User name', 'SMTP user name'),
      f('smtp', 'from', 'smtpFrom', 'optionalText', 'From', 'From address', { placeholder: 'nightshift@example.org' }),
      f('smtp', 'to', 'smtpTo', 'textList', 'Send to', 'Send to', { hint: '(comma-separated)' }),
    ],
  },
  {
    legend: 'Observing site (visibility charts, airmass)',
    fields: [
      f('site', 'name', 'target-name', 'text', 'Name', 'Site name'),
      f('site', 'lat', 'target-lat', 'number', 'Latitude (° north)', 'Latitude'),
      f('site', 'lon', 'target-lon', 'number', 'Longitude (° east)', 'Longitude'),
      f('site', 'elevation', 'target-elevation', 'number', 'Elevation (m)', 'Elevation'),
      f('site', 'timeZone', 'target-timeZone', 'optionalText', 'Time zone', 'Time zone', {
        hint: "(IANA name such as Atlantic/Canary; empty = this computer's)",
        placeholder: 'Atlantic/Canary',
      }),
    ],
  },
  {
    legend: 'Target photometry',
    fields: [
      f('photometry', 'auto', 'target-auto', 'bool', 'Measure targets automatically after extraction and when a target is added', 'Measure automatically'),
      f('photometry', 'apertureFwhm', 'target-apertureFwhm', 'number', 'Aperture radius (× median FWHM)', 'Aperture radius'),
      f('photometry', 'annulusInnerFwhm', 'target-annulusInnerFwhm', 'number', 'Sky annulus inner radius (× FWHM)', 'Sky annulus inner radius'),
      f('photometry', 'annulusOuterFwhm', 'target-annulusOuterFwhm', 'number', 'Sky annulus outer radius (× FWHM)', 'Sky annulus outer radius'),
      f('photometry', 'aperturePx', 'target-aperturePx', 'optionalNumber', 'Fixed aperture radius in pixels (empty: FWHM multiples)', 'Fixed aperture radius'),
      f('photometry', 'gain', 'target-gain', 'number', 'Gain (e⁻/ADU) when the header has no GAIN and no line below matches (points flagged)', 'Gain'),
      f('photometry', 'gains', 'target-gains', 'gains', 'Gains by instrument, one per line: TELESCOP/INSTRUME = e⁻/ADU (or INSTRUME = …)', 'Gains by instrument'),
    ],
  },
];

export const FIELDS: readonly FieldSpec[] = FIELD_GROUPS.flatMap((g) => g.fields);

/** What the page holds while it is edited: each field's text, or its check box. */
export type Draft = Record<string, string | boolean>;

function settingOf(s: Settings, spec: FieldSpec): unknown {
  return (s[spec.section] as Record<string, unknown>)[spec.key];
}

/** The fields as the stored settings show them. */
export function toDraft(s: Settings): Draft {
  const out: Draft = {};
  for (const spec of FIELDS) {
    const v = settingOf(s, spec);
    if (spec.kind === 'bool') out[spec.id] = v === true;
    else if (spec.kind === 'numberList' || spec.kind === 'textList') out[spec.id] = (v as unknown[]).join(', ');
    else if (spec.kind === 'lines') out[spec.id] = (v as unknown[]).join('\n');
    else if (spec.kind === 'gains') out[spec.id] = Object.entries(v as Record<string, number>).map(([k, g]) => `${k} = ${g}`).join('\n');
    else if (spec.kind === 'typeMap') out[spec.id] = Object.entries(v as Record<string, string>).map(([k, t]) => `${k} = ${t}`).join('\n');
    else out[spec.id] = v === null || v === undefined ? '' : String(v);
  }
  return out;
}

/** `KEY = gain` lines → the settings map; a line it cannot read is a problem in words. */
export function parseGainLines(text: string): { value: Record<string, number> } | { problem: string } {
  const value: Record<string, number> = {};
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (line === '') continue;
    const m = /^(.+?)\s*=\s*([0-9.eE+-]+)$/.exec(line);
    const g = m ? Number(m[2]) : Number.NaN;
    if (!m || !(g > 0)) return { problem: `line ${i + 1} must read "TELESCOP/INSTRUME = gain in e⁻/ADU" with a gain above 0 (got "${line}")` };
    value[m[1]!.trim()] = g;
  }
  return { value };
}

/**
 * `WORD = type` lines → the frame type words (type any case; the word as typed, trimmed); a
 * line it cannot read is a problem in words. The word may hold spaces; the last `=` splits.
 */
export function parseTypeMapLines(text: string): { value: Record<string, string> } | { problem: string } {
  const value: Record<string, string> = {};
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (line === '') continue;
    const m = /^(.+?)\s*=\s*([A-Za-z]+)$/.exec(line);
    const t = m?.[2]!.toLowerCase();
    if (!m || !(FRAME_TYPES as readonly string[]).includes(t!)) {
      return { problem: `line ${i + 1} must read "IMAGETYP/FRAME word = bias, dark, flat or light" (got "${line}")` };
    }
    value[m[1]!.trim()] = t!;
  }
  return { value };
}

const num = (text: string): number => (text.trim() === '' ? Number.NaN : Number(text.trim()));

/** A field's value for the settings, or why its text cannot be one. */
function valueOf(spec: FieldSpec, raw: string | boolean): { value: unknown } | { problem: string } {
  if (typeof raw === 'boolean') return { value: raw };
  const t = raw.trim();
  switch (spec.kind) {
    case 'number':
      return t === '' ? { problem: 'is empty: type a number' } : { value: num(t) };
    case 'optionalNumber':
      return { value: t === '' ? null : num(t) };
    case 'text':
      return t === '' ? { problem: 'is empty' } : { value: t };
    case 'optionalText':
      return { value: t === '' ? null : t };
    case 'numberList':
      return { value: t.split(/[\s,]+/).filter((s) => s !== '').map(num) };
    case 'textList':
      return { value: t.split(/[\s,;]+/).filter((s) => s !== '') };
    case 'gains':
      return parseGainLines(raw);
    case 'typeMap':
      return parseTypeMapLines(raw);
    case 'lines':
      return { value: raw.split('\n').map((l) => l.trim()).filter((l) => l !== '') };
    case 'bool':
    case 'choice':
      return { value: t };
  }
}

/** A schema issue in words: "must be at least 1" (without the field's name). */
export function issueInWords(issue: z.core.$ZodIssue): string {
  const at = issue.path.length > 0 && typeof issue.path[0] === 'number' ? `value ${issue.path[0] + 1} ` : '';
  switch (issue.code) {
    case 'invalid_type':
      if (issue.expected === 'int') return `${at}must be a whole number`;
      if (issue.expected === 'number') return `${at}must be a number`;
      return `${at}must be ${issue.expected === 'string' ? 'text' : `a ${issue.expected}`}`;
    case 'too_small':
      if (issue.origin === 'array') return `needs at least ${String(issue.minimum)} value${Number(issue.minimum) === 1 ? '' : 's'}`;
      if (issue.origin === 'string') return `${at}must have at least ${String(issue.minimum)} characters`;
      return `${at}must be ${issue.inclusive ? 'at least' : 'more than'} ${String(issue.minimum)}`;
    case 'too_big':
      if (issue.origin === 'array') return `takes at most ${String(issue.maximum)} values`;
      if (issue.origin === 'string') return `${at}must have at most ${String(issue.maximum)} characters`;
      return `${at}must be ${issue.inclusive ? 'at most' : 'less than'} ${String(issue.maximum)}`;
    case 'invalid_value':
      return `must be one of ${issue.values.map(String).join(', ')}`;
    default:
      // Custom checks (a regex, a refine) carry their own words.
      return `${at}${issue.message}`;
  }
}

/**
 * What is wrong with a field's typed text, in words and naming the field ("Detection threshold
 * must be more than 0 (got "-1")"), or null when the setting accepts it.
 */
export function fieldProblem(spec: FieldSpec, raw: string | boolean): string | null {
  if (spec.check && typeof raw === 'string') return spec.check(raw);
  const parsed = valueOf(spec, raw);
  const got = typeof raw === 'string' && raw.trim() !== '' ? ` (got "${raw.trim().slice(0, 60)}")` : '';
  if ('problem' in parsed) return `${spec.name} ${parsed.problem}`;
  const schema = (sectionSchema(spec.section).shape as Record<string, z.ZodType>)[spec.key];
  if (!schema) throw new Error(`settings field ${spec.section}.${spec.key} is not in the schema`);
  const r = schema.safeParse(parsed.value);
  if (r.success) return null;
  return `${spec.name} ${issueInWords(r.error.issues[0]!)}${got}`;
}

/** Every field's problem, by field id (fields without one are absent). */
export function draftProblems(draft: Draft): Record<string, string> {
  const out: Record<string, string> = {};
  for (const spec of FIELDS) {
    const raw = draft[spec.id];
    if (raw === undefined) continue;
    const p = fieldProblem(spec, raw);
    if (p !== null) out[spec.id] = p;
  }
  return out;
}

/** The fields whose text differs from the stored settings, as their names in words. */
export function changedFields(draft: Draft, stored: Settings): string[] {
  const saved = toDraft(stored);
  return FIELDS.filter((spec) => {
    const a = draft[spec.id];
    const b = saved[spec.id];
    return typeof a === 'string' && typeof b === 'string' ? a.trim() !== b.trim() : a !== b;
  }).map((spec) => spec.name);
}

/** The settings change a valid draft makes (every field; the service keeps what is equal). */
export function toPatch(draft: Draft): SettingsPatch {
  const patch: Record<string, Record<string, unknown>> = {};
  for (const spec of FIELDS) {
    const raw = draft[spec.id];
    if (raw === undefined) continue;
    const parsed = valueOf(spec, raw);
    if ('problem' in parsed) throw new Error(`${spec.name} ${parsed.problem}`);
    (patch[spec.section] ??= {})[spec.key] = parsed.value;
  }
  return patch as SettingsPatch;
}
