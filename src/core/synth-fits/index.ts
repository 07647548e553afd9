/**
 * Synthetic star fields as FITS files (tests and benchmarks). A module of its own rather than a
 * part of core/synth: the extraction's warm-up needs synth's pixels only, and a worker that
 * imports synth would otherwise load (and evaluate) the whole FITS reader and writer, with
 * fflate, for nothing (about 6 MB of a strip worker's memory and part of its start).
 */
import { writeFits } from '../fits/index.js';
import { starField, type StarFieldOptions } from '../synth/index.js';

/** A star field ({@link starField}) as the bytes of a FITS file: one float32 image HDU with `header`'s keywords. */
export function starFieldFits(o: StarFieldOptions & { header: Record<string, string | number | boolean> }): Uint8Array {
  return writeFits([{ header: o.header, data: starField(o), shape: [o.width, o.height] }]);
}
