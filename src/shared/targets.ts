import { z } from 'zod';
import type { TargetPhotometryRow } from '../core/photometry/index.js';

/**
 * Targets, their images, light curves and visibility as they cross the IPC boundary (issue 7).
 * Angles in degrees; times as MJD (UTC) unless a name says otherwise; pixels 0-based (the
 * centre of the first pixel is 0,0).
 */

/** RA/Dec as typed by a user: sexagesimal text (`10:00:28.0`, `+02:12:21`) or decimal degrees. */
const coordinate = z.union([z.string().min(1).max(64), z.number()]);
const name = z.string().min(1).max(100);
const list = z.array(name).max(100);

export const targetViewSchema = z.object({
  id: z.number().int(),
  name: z.string(),
  aliases: z.array(z.string()),
  /** Degrees (ICRS at `epoch`). */
  ra: z.number(),
  dec: z.number(),
  /** Julian epoch of the position. */
  epoch: z.number(),
  /** Proper motion μα·cos δ, μδ in mas/yr; null: none. */
  pmRa: z.number().nullable(),
  pmDec: z.number().nullable(),
  type: z.enum(['sidereal', 'non_sidereal']),
  notes: z.string(),
  tags: z.array(z.string()),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type TargetView = z.infer<typeof targetViewSchema>;

/** A target in the list, with how many images and light-curve points it has. */
export const targetSummarySchema = targetViewSchema.extend({
  images: z.number().int(),
  points: z.number().int(),
});
export type TargetSummary = z.infer<typeof targetSummarySchema>;

export const targetInputSchema = z
  .object({
    name,
    ra: coordinate,
    dec: coordinate,
    epoch: z.number().min(1000).max(3000).optional(),
    pmRa: z.number().nullable().optional(),
    pmDec: z.number().nullable().optional(),
    aliases: list.optional(),
    tags: list.optional(),
    notes: z.string().max(10_000).optional(),
  })
  .strict();
export type TargetInputView = z.infer<typeof targetInputSchema>;

export const targetPatchSchema = z
  .object({
    id: z.number().int().positive(),
    patch: targetInputSchema.partial().strict(),
  })
  .strict();

export const targetImportReportSchema = z.object({
  created: z.array(z.number().int()),
  updated: z.array(z.number().int()),
  /** One message per rejected line, `line N: ...`. */
  errors: z.array(z.string()),
});

/** One image of a target: the product and where the target is on it (null when unknown). */
export const targetImageSchema = z.object({
  productId: z.number().int(),
  name: z.string(),
  dateObs: z.string().nullable(),
  filter: z.string().nullable(),
  status: z.string(),
  origin: z.enum(['footprint', 'manual']),
  x: z.number().nullable(),
  y: z.number().nullable(),
  /** True when the image has a light-curve point of this target. */
  measured: z.boolean(),
});
export type TargetImageView = z.infer<typeof targetImageSchema>;

const num = z.number().nullable();

/** One light-curve point (a stored photometry row). Fluxes in ADU; `mag` is differential. */
export const lightCurvePointSchema = z.object({
  productId: z.number().int(),
  product: z.string(),
  /** Mid-exposure MJD (UTC). */
  mjd: z.number(),
  /** BJD_TDB (JD) for the target's position. */
  bjdTdb: num,
  exptime: num,
  filter: z.string().nullable(),
  airmass: num,
  x: z.number(),
  y: z.number(),
  flux: num,
  fluxErr: num,
  instMag: num,
  instMagErr: num,
  relFlux: num,
  relFluxErr: num,
  mag: num,
  magErr: num,
  /** For a target below the detection limit (flag 64): the magnitude of 3σ of its flux (then `mag` is null). */
  magLimit: num,
  sky: num,
  fwhm: num,
  aperture: z.number(),
  /** Comparison stars in this image's ensemble (0: none usable, flag 32). */
  nComparisons: z.number().int(),
  /** Aperture flags (1 truncated, 2 masked, 4 saturated, 8 bad sky, 16 non-positive) and 32 no comparison, 64 upper limit, 128 gain assumed. */
  flags: z.number().int(),
});
export type LightCurvePointView = z.infer<typeof lightCurvePointSchema>;

/**
 * The point is core's photometry row ({@link TargetPhotometryRow}, what the photometry task
 * computes; core cannot import zod) as the library stores it: without the annulus, with the
 * product's name, and any number null where the row held no finite value (NaN is stored as
 * NULL). Checked when compiling: a field added to one and not the other, or a type the row
 * cannot give, fails the build.
 */
type StoredRow = { [K in Exclude<keyof TargetPhotometryRow, 'annulus'>]: TargetPhotometryRow[K] extends number ? number | null : TargetPhotometryRow[K] } & { product: string };
type SameFields<A, B> = [Exclude<keyof A, keyof B>, Exclude<keyof B, keyof A>] extends [never, never] ? true : false;
type Holds<T extends true> = T;
type _PointIsStoredRow = [Holds<SameFields<LightCurvePointView, StoredRow>>, Holds<LightCurvePointView extends StoredRow ? true : false>];

export const comparisonStarSchema = z.object({
  id: z.number().int(),
  ra: z.number(),
  dec: z.number(),
  flux: num,
  verdict: z.enum(['candidate', 'selected', 'missing', 'faint', 'variable', 'surplus']),
  reducedChi2: num,
  /** On how many images it is in the ensemble (null: not selected). */
  imagesUsed: num,
  choice: z.enum(['auto', 'include', 'exclude']),
});
export type ComparisonStarView = z.infer<typeof comparisonStarSchema>;

const nightTimes = z.object({
  sunset: num,
  sunrise: num,
  civilDusk: num,
  civilDawn: num,
  nauticalDusk: num,
  nauticalDawn: num,
  astronomicalDusk: num,
  astronomicalDawn: num,
});

/** Visibility of a target at the configured site for some nights. Times MJD (UTC). */
export const visibilitySchema = z.object({
  site: z.object({
    name: z.string(),
    lat: z.number(),
    lon: z.number(),
    elevation: z.number(),
    /** The site's IANA time zone from the settings; null = the time zone of the computer showing it. */
    timeZone: z.string().nullable(),
  }),
  nights: z.array(
    z.object({
      /** Local noon that starts the night. */
      start: z.number(),
      twilight: nightTimes,
      /** Illuminated fraction of the Moon at local midnight (0–1). */
      moonIllumination: z.number(),
      /** Target altitude (deg), airmass (null below the horizon), Sun and Moon altitude, Moon distance (deg). */
      samples: z.array(
        z.object({
          mjd: z.number(),
          altitude: z.number(),
          airmass: num,
          sunAltitude: z.number(),
          moonAltitude: z.number(),
          moonSeparation: z.number(),
        }),
      ),
    }),
  ),
});
export type VisibilityView = z.infer<typeof visibilitySchema>;
