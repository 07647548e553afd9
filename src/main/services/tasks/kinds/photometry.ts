import { z } from 'zod';
import type { TargetPhotometryOutput, TargetPhotometrySettings } from '../../../../core/photometry/index.js';
import { TaskError } from '../../../../workers/tasks/errors.js';
import { isoNow } from '../../clock.js';
import type { Settings } from '../../../../shared/settings.js';
import { photometryInput, storePhotometry } from '../../targets/index.js';
import { defineKind } from './types.js';

export const photometryPayloadSchema = z.object({ targetId: z.number().int().positive() }).strict();
export type PhotometryPayload = z.infer<typeof photometryPayloadSchema>;

const n = z.number().nullable();
/** The result the `photometry` task accepts from a worker: every number finite (z.number() refuses NaN and ±Infinity) or null. */
export const photometryOutputSchema = z.object({
  rows: z.array(
    z
      .object({
        productId: z.number().int(),
        mjd: z.number(),
        bjdTdb: n,
        exptime: n,
        filter: z.string().nullable(),
        airmass: n,
        x: z.number(),
        y: z.number(),
        flux: n,
        fluxErr: n,
        instMag: n,
        instMagErr: n,
        relFlux: n,
        relFluxErr: n,
        mag: n,
        magErr: n,
        // Absent from workers older than migration 0005.
        magLimit: n.optional(),
        sky: n,
        fwhm: n,
        aperture: z.number(),
        annulus: z.tuple([z.number(), z.number()]),
        nComparisons: z.number().int(),
        flags: z.number().int(),
      })
      .passthrough(),
  ),
  comparisons: z.array(
    z
      .object({
        ra: z.number(),
        dec: z.number(),
        flux: n,
        verdict: z.enum(['selected', 'missing', 'faint', 'variable', 'surplus', 'candidate']),
        reducedChi2: n,
        imagesUsed: n.optional(),
        choice: z.enum(['auto', 'include', 'exclude']),
      })
      .passthrough(),
  ),
  failures: z.array(z.object({ productId: z.number().int(), code: z.string(), message: z.string() }).passthrough()),
});

/** The photometry settings of the job, from the user's settings (aperture/annulus, site for airmass). */
export function photometrySettings(settings: Settings): TargetPhotometrySettings {
  const p = settings.photometry;
  return {
    apertureFwhm: p.apertureFwhm,
    annulusFwhm: [p.annulusInnerFwhm, Math.max(p.annulusOuterFwhm, p.annulusInnerFwhm + 0.5)],
    aperturePx: p.aperturePx,
    gain: p.gain,
    gains: p.gains,
    site: { latitude: settings.site.lat, longitude: settings.site.lon, height: settings.site.elevation },
  };
}

/**
 * `photometry`: measures one target on all its linked images (forced aperture photometry,
 * comparison ensemble, differential magnitudes) and replaces its light curve. Re-running
 * leaves the same rows; a target deleted meanwhile makes the result a no-op.
 */
export const photometryKind = defineKind<PhotometryPayload>({
  name: 'photometry',
  execution: 'pool',
  payload: photometryPayloadSchema,
  // Below extraction (0): a batch is extracted first, then each target measured once.
  defaults: { priority: -5, maxAttempts: 2, timeLimitMs: 30 * 60_000 },
  prepare(ctx, p) {
    if (!ctx.db.prepare('SELECT 1 FROM targets WHERE id = ?').get(p.targetId)) throw new TaskError('not_found', `target ${p.targetId} does not exist`);
    const input = photometryInput(ctx.db, ctx.paths.root, p.targetId, photometrySettings(ctx.settings.get()));
    return { workerKind: 'photometry', input };
  },
  ingest(ctx, task, p, result) {
    const parsed = photometryOutputSchema.safeParse(result);
    if (!parsed.success) throw new TaskError('internal', `photometry returned a malformed result: ${parsed.error.issues[0]?.message}`);
    if (!ctx.db.prepare('SELECT 1 FROM targets WHERE id = ?').get(p.targetId)) return null;
    storePhotometry(ctx.db, isoNow(ctx.clock), p.targetId, task.id, parsed.data as unknown as TargetPhotometryOutput);
    ctx.events.emit('targets:changed', { ids: [p.targetId] });
    return `photometry:${p.targetId}:${parsed.data.rows.length}`;
  },
});
