import { z } from 'zod';
import { DEFAULT_INDEX_DIRS } from './index-dirs.js';
import { FRAME_TYPES, THEMES } from './words.js';

/**
 * The user's settings. Every field has a default, so an empty store is a valid configuration
 * (the default path needs no setup). Stored one row per top-level section.
 */
const workers = z
  .object({
    /** Worker threads for the local pool; null = number of cores − 1, at least 1. */
    threads: z.number().int().min(1).max(256).nullable().default(null),
  })
  .strict();

const broker = z
  .object({
    /** Redis URL (`redis://` or `rediss://`, may carry a password); null = local pool only. */
    url: z
      .string()
      .max(2048)
      .regex(/^rediss?:\/\/\S+$/, 'must be a redis:// or rediss:// URL')
      .nullable()
      .default(null),
    /** True when workers see the same files at the same paths (no upload through Redis). */
    sharedFilesystem: z.boolean().default(false),
  })
  .strict();

const extraction = z
  .object({
    /** Detection threshold in units of the background RMS. */
    thresh: z.number().positive().max(1000).default(1.5),
    /** Minimum number of connected pixels above threshold. */
    minarea: z.number().int().min(1).max(10000).default(5),
    /** Circular aperture radii in pixels. */
    apertures: z.array(z.number().positive().max(1000)).min(1).max(16).default([5]),
    /** Queue extraction automatically when an image is imported. */
    onImport: z.boolean().default(true),
  })
  .strict();

const notifications = z.object({ enabled: z.boolean().default(true) }).strict();

const smtp = z
  .object({
    host: z.string().max(255).nullable().default(null),
    port: z.number().int().min(1).max(65535).default(587),
    /** Implicit TLS (port 465); otherwise STARTTLS when the server offers it. */
    secure: z.boolean().default(false),
    user: z.string().max(255).nullable().default(null),
    from: z.string().max(255).nullable().default(null),
    to: z.array(z.string().max(255)).max(50).default([]),
  })
  .strict();

const retention = z
  .object({
    /** Finished task records older than this many days are pruned (catalogs are kept). */
    taskDays: z.number().int().min(1).max(3650).default(30),
  })
  .strict();

/** The observing site for visibility charts (and airmass when a header has none). */
const site = z
  .object({
    name: z.string().max(100).default('Roque de los Muchachos'),
    /** Degrees north. */
    lat: z.number().min(-90).max(90).default(28.7606),
    /** Degrees east. */
    lon: z.number().min(-180).max(360).default(-17.8816),
    /** Metres above the ellipsoid. */
    elevation: z.number().min(-500).max(10_000).default(2326),
    /**
     * The site's IANA time zone (`America/Santiago`) for local times beside UTC; null = the time
     * zone of the computer showing the page.
     */
    timeZone: z
      .string()
      .max(64)
      .refine(isTimeZone, 'must be an IANA time zone such as Atlantic/Canary or America/Santiago')
      .nullable()
      .default(null),
  })
  .strict();

/** True when `name` is a time zone this JavaScript runtime knows (IANA names, `UTC`). */
export function isTimeZone(name: string): boolean {
  if (name.trim() === '') return false;
  try {
    new Intl.DateTimeFormat('en', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

export { THEMES, type Theme } from './words.js';

const appearance = z
  .object({
    theme: z.enum(THEMES).default('system'),
  })
  .strict();

/** Target photometry: aperture and annulus as multiples of each image's median FWHM, or fixed pixels. */
const photometry = z
  .object({
    /** Measure a target automatically after extraction and when it is added. */
    auto: z.boolean().default(true),
    apertureFwhm: z.number().positive().max(50).default(2),
    annulusInnerFwhm: z.number().positive().max(100).default(4),
    annulusOuterFwhm: z.number().positive().max(200).default(6),
    /** Fixed aperture radius in pixels (null: FWHM multiples). */
    aperturePx: z.number().positive().max(1000).nullable().default(null),
    /** Gain (e⁻/ADU) assumed for an image whose header has no GAIN/EGAIN/CCDGAIN (points flagged). */
    gain: z.number().positive().max(1000).default(1),
    /**
     * Gains (e⁻/ADU) by instrument, before the default: keys `TELESCOP/INSTRUME`, `INSTRUME` or
     * `TELESCOP` as in the header (case-insensitive).
     */
    gains: z.record(z.string().min(1).max(200), z.number().positive().max(1000)).default({}),
  })
  .strict();

export { FRAME_TYPES } from './words.js';

/** The longest IMAGETYP/FRAME word *Frame type words* takes (a FITS string value holds 68). */
export const FRAME_WORD_MAX = 68;

/** An IMAGETYP/FRAME word as the frame types are matched: lower case, runs of spaces, `_`, `-` as one space. */
export function sameWord(word: string): string {
  return word.trim().toLowerCase().replace(/[\s_-]+/g, ' ');
}

/**
 * Calibration of raw frames (issue 17). When on, a light frame whose header says so
 * (IMAGETYP/FRAME `Light Frame`, `LIGHT`, `OBJECT`…) and that no header keyword marks as already
 * calibrated is calibrated with the library's masters before extraction, or waits for them;
 * when off, lights go to extraction as they are.
 */
const calibration = z
  .object({
    enabled: z.boolean().default(true),
    /** A dark matches a light whose CCD-TEMP (else SET-TEMP) is within this many °C. */
    temperatureTolerance: z.number().min(0).max(50).default(2),
    /** A dark matches a light whose exposure is within this fraction of the dark's (0.01 = 1 %). */
    exposureTolerance: z.number().min(0).max(1).default(0.01),
    /** Scale the dark of the nearest exposure instead of requiring a dark of the light's exposure. */
    darkScaling: z.boolean().default(false),
    /**
     * Further IMAGETYP/FRAME words and the frame type each names (`Tungsten` → `flat`), matched
     * case-insensitively with spaces, `_` and `-` alike; a word here wins over the usual ones.
     */
    typeMap: z
      .record(z.string(), z.enum(FRAME_TYPES, 'a frame type must be bias, dark, flat or light'))
      .superRefine((m, ctx) => {
        const words = Object.keys(m);
        if (words.length > 200) ctx.addIssue({ code: 'custom', message: 'takes at most 200 words' });
        for (const w of words) {
          if (w.trim() === '') ctx.addIssue({ code: 'custom', message: 'a word must not be empty' });
          else if (w.trim().length > FRAME_WORD_MAX) ctx.addIssue({ code: 'custom', message: `a word must have at most ${FRAME_WORD_MAX} characters` });
        }
        if (new Set(words.map(sameWord)).size !== words.length) ctx.addIssue({ code: 'custom', message: 'has a word twice (case, spaces, _ and - do not count)' });
      })
      .default({}),
  })
  .strict();

/** The largest image read by default, in MiB (2**20 bytes): what `openFits` reads by default. */
export const DEFAULT_MAX_IMAGE_MB = 2048;

/** What *Settings → Largest image* accepts, in words (the message of a refused value). */
export const LARGEST_IMAGE_RULE = 'Largest image must be a whole number of MiB from 1 to 4000';

/**
 * The problem with `text` typed as *Largest image (MiB)*, in words, or null when it is a
 * value the setting accepts.
 */
export function largestImageProblem(text: string): string | null {
  const t = text.trim();
  if (t === '') return 'Largest image is empty: type a number of MiB from 1 to 4000';
  const n = Number(t);
  return /^\d+$/.test(t) && n >= 1 && n <= 4000 ? null : `${LARGEST_IMAGE_RULE} (got "${t}")`;
}

/** Limits on the images read (import, thumbnails, extraction). */
const images = z
  .object({
    /**
     * *Largest image*: the largest data unit (or decompressed image) read, in MiB (2**20 bytes);
     * a `.fits.gz` is inflated no further than its headers declare, nor past this.
     */
    maxImageMb: z
      .number(LARGEST_IMAGE_RULE)
      .int(LARGEST_IMAGE_RULE)
      .min(1, LARGEST_IMAGE_RULE)
      .max(4000, LARGEST_IMAGE_RULE)
      .default(DEFAULT_MAX_IMAGE_MB),
  })
  .strict();

export { DEFAULT_INDEX_DIRS };

/** Plate solving of images imported without a celestial WCS. */
const solve = z
  .object({
    /** Solve an image imported without a celestial WCS before extracting it. */
    onImport: z.boolean().default(true),
    /** Folders of astrometry.net index files, searched in this order (see {@link DEFAULT_INDEX_DIRS}). */
    indexDirs: z
      .array(z.string().trim().min(1, 'an index folder must not be empty').max(4096))
      .max(64)
      .default([...DEFAULT_INDEX_DIRS]),
    /** Time limit per image, seconds. */
    timeLimitS: z.number('Solve time limit must be a number of seconds').min(1).max(3600).default(60),
  })
  .strict();

const sections = { workers, broker, extraction, notifications, smtp, retention, site, photometry, images, appearance, calibration, solve };

export const settingsSchema = z
  .object({
    workers: workers.prefault({}),
    broker: broker.prefault({}),
    extraction: extraction.prefault({}),
    notifications: notifications.prefault({}),
    smtp: smtp.prefault({}),
    retention: retention.prefault({}),
    site: site.prefault({}),
    photometry: photometry.prefault({}),
    images: images.prefault({}),
    appearance: appearance.prefault({}),
    calibration: calibration.prefault({}),
    solve: solve.prefault({}),
  })
  .strict();

export type Settings = z.infer<typeof settingsSchema>;
export type SettingsSection = keyof Settings;
export const SETTINGS_SECTIONS = Object.keys(sections) as SettingsSection[];

/** A section's fields, all optional and without defaults (a patch must not reset anything). */
function patchOf<T extends z.ZodRawShape>(section: z.ZodObject<T>) {
  const shape = Object.fromEntries(
    Object.entries(section.shape).map(([key, field]) => [key, z.optional(field instanceof z.ZodDefault ? (field.unwrap() as z.ZodType) : field)]),
  ) as { [K in keyof T]: z.ZodOptional<T[K] extends z.ZodDefault<infer U> ? U : T[K]> };
  return z.object(shape).strict();
}

/** A change to the settings: any sections, each with any of its fields. */
export const settingsPatchSchema = z
  .object({
    workers: patchOf(workers).optional(),
    broker: patchOf(broker).optional(),
    extraction: patchOf(extraction).optional(),
    notifications: patchOf(notifications).optional(),
    smtp: patchOf(smtp).optional(),
    retention: patchOf(retention).optional(),
    site: patchOf(site).optional(),
    photometry: patchOf(photometry).optional(),
    images: patchOf(images).optional(),
    appearance: patchOf(appearance).optional(),
    calibration: patchOf(calibration).optional(),
    solve: patchOf(solve).optional(),
  })
  .strict();

export type SettingsPatch = z.input<typeof settingsPatchSchema>;

/** The schema of one section, for validating a stored row on its own. */
export function sectionSchema<K extends SettingsSection>(key: K): (typeof sections)[K] {
  return sections[key];
}

export function defaultSettings(): Settings {
  return settingsSchema.parse({});
}
