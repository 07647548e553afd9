import { writeFits } from '../fits/index.js';
import { starField, type StarFieldOptions } from './field.js';

/** A star field ({@link starField}) as the bytes of a FITS file: one float32 image HDU with `header`'s keywords. */
export function starFieldFits(o: StarFieldOptions & { header: Record<string, string | number | boolean> }): Uint8Array {
  return writeFits([{ header: o.header, data: starField(o), shape: [o.width, o.height] }]);
}
