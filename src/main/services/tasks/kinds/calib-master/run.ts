import { type Card, formatCards, Header, parseCard, writeFits } from '../../../../../core/fits/index.js';
import { buildMaster } from '../../../calib/calib-files.js';
import { calibTaskError } from '../../../calib/errors.js';
import { calibFileOutput } from '../../../calib/output-file.js';
import { defineWorkerKind } from '../worker-types.js';
import { type CalibImageOutput, calibMasterInputSchema } from './schema.js';

/** `header` with `cards` set (a card of the same keyword replaced; CONTINUE cards of a replaced one with it). */
function withCards(header: Header, cards: ReadonlyArray<{ keyword: string; value: string; comment: string }>): Header {
  if (cards.length === 0) return header;
  const set = new Set(cards.map((c) => c.keyword));
  const out: Card[] = [];
  let keep = true;
  for (const c of header.cards) {
    if (c.keyword === 'END') continue;
    if (c.keyword !== 'CONTINUE') keep = !set.has(c.keyword);
    if (keep) out.push(c);
  }
  for (const c of cards) for (const line of formatCards(c.keyword, c.value, c.comment)) out.push(parseCard(line));
  return new Header(out);
}

/**
 * `calib-master`: raw bias, dark or flat frames → their master (services/calib: overscan and
 * trim from the headers, bias and scaled dark subtracted, flats normalised, combined band by
 * band), a float32 FITS file with the provenance keywords and the cards the main side gives
 * (the master's night and its inputs' date range), staged in the library when this machine
 * reaches it (only its reference comes back), else returned as bytes.
 */
export const calibMasterWorker = defineWorkerKind({
  name: 'calib-master',
  input: calibMasterInputSchema,
  run(input, ctx): CalibImageOutput {
    ctx.progress(0, 'reading');
    const paths = input.frames.map((f) => ctx.file(f));
    try {
      const m = buildMaster(paths, {
        type: input.type,
        method: input.method,
        assumeType: true,
        darkScale: true,
        ...(input.bias ? { bias: ctx.file(input.bias) } : {}),
        ...(input.dark ? { dark: ctx.file(input.dark) } : {}),
        onProgress: (done, height) => ctx.progress(0.1 + 0.8 * (done / height), 'combining'),
      });
      ctx.progress(0.95, 'writing');
      const header = withCards(m.header, input.cards ?? []);
      const bytes = writeFits([{ data: m.data, shape: [m.width, m.height], header }]);
      return { ...calibFileOutput(bytes, input.stage), width: m.width, height: m.height, frames: m.frames, rejected: m.rejected };
    } catch (e) {
      return calibTaskError(e);
    }
  },
});
