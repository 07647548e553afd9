import { writeFits } from '../../../../../core/fits/index.js';
import { applyMasters, calibrateFrame } from '../../../calib/calib-files.js';
import { calibTaskError } from '../../../calib/errors.js';
import { stageFile } from '../../../calib/output-file.js';
import { defineWorkerKind } from '../worker-types.js';
import { type CalibImageOutput, calibrateInputSchema } from './schema.js';

/**
 * `calibrate`: a raw light and its masters → the calibrated frame (services/calib: overscan and
 * trim from the header, bias, dark scaled by the exposure ratio, flat over its mean), float32
 * FITS with the raw header and the provenance keywords, staged in the library when this machine
 * reaches it (only its reference comes back), else returned as bytes.
 */
export const calibrateWorker = defineWorkerKind({
  name: 'calibrate',
  input: calibrateInputSchema,
  run(input, ctx): CalibImageOutput {
    ctx.progress(0, 'reading');
    try {
      const opts = { bias: ctx.file(input.bias), dark: ctx.file(input.dark), flat: ctx.file(input.flat), darkScale: true };
      // Staged: written as `calib apply` writes it (reused pixels, swapped in place, hashed on the way).
      let size: { width: number; height: number } | undefined;
      const staged = stageFile(input.stage, (out) => {
        const r = applyMasters(ctx.file(input.light), { ...opts, out });
        size = r;
        return r;
      });
      if (staged && size) return { ...staged, width: size.width, height: size.height };
      const c = calibrateFrame(ctx.file(input.light), opts);
      ctx.progress(0.9, 'writing');
      const bytes = writeFits([{ data: c.data, shape: [c.width, c.height], header: c.header }]);
      return { fits: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64'), width: c.width, height: c.height };
    } catch (e) {
      return calibTaskError(e);
    }
  },
});
