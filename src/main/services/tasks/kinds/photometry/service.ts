import type { TargetPhotometryOutput, TargetPhotometrySettings } from '../../../../../core/photometry/index.js';
import type { Settings } from '../../../../../shared/settings.js';
import { TaskError } from '../../../../../shared/task-error.js';
import { isoNow } from '../../../clock.js';
import { productFileRef } from '../../../library/product-queries.js';
import { photometryInput, storePhotometry, targetExists } from '../../../targets/index.js';
import type { FileRef } from '../../file-ref.js';
import type { PoolHooks } from '../types.js';
import { imageFile, type PhotometryInput, type PhotometryPayload } from './schema.js';

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
 * The main-side hooks of `photometry`: the input is the target's images with their files and the
 * reference catalogue (targets/); the light curve replaces the target's. Re-running leaves the
 * same rows; a target deleted meanwhile makes the result a no-op.
 */
export const photometryHooks: PoolHooks<PhotometryPayload, PhotometryInput, TargetPhotometryOutput> = {
  prepare(ctx, p) {
    if (!targetExists(ctx.db, p.targetId)) throw new TaskError('not_found', `target ${p.targetId} does not exist`);
    const input = photometryInput(ctx.db, ctx.paths.root, p.targetId, photometrySettings(ctx.settings.get()));
    // Each image's size and hash, so that a runner can ship its bytes to a worker without the
    // library's disk.
    const images = input.images.map((im) => {
      const f = productFileRef(ctx.db, im.productId);
      return f ? { ...im, size: f.size, sha256: f.sha256 } : im;
    });
    return { ...input, images } as PhotometryInput;
  },
  // All of the target's images.
  files: (input) => input.images.map(imageFile).filter((f): f is FileRef => f !== null),
  ingest(ctx, task, p, output) {
    if (!targetExists(ctx.db, p.targetId)) return null;
    storePhotometry(ctx.db, isoNow(ctx.clock), p.targetId, task.id, output);
    ctx.events.emit('targets:changed', { ids: [p.targetId] });
    return `photometry:${p.targetId}:${output.rows.length}`;
  },
};
