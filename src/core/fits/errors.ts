/**
 * Errors raised by the FITS reader and writer. Every failure carries a machine code, the
 * 0-based HDU index it concerns (or -1 when it is not tied to one HDU) and the byte offset
 * in the (decompressed) file where the problem was found (or -1 when unknown).
 */

/** Machine-readable reason for a {@link FitsError}. */
export type FitsErrorCode =
  | 'not_fits' // the bytes do not start with a FITS primary header
  | 'truncated' // the file ends inside a header or data unit
  | 'no_end' // a header has no END card
  | 'too_large' // the data unit claims more bytes than allowed (or overflows)
  | 'bad_bitpix' // BITPIX is not one of 8, 16, 32, 64, -32, -64
  | 'bad_header' // a mandatory keyword is missing or has an invalid value
  | 'bad_tile' // a compressed tile cannot be decoded
  | 'bad_gzip' // the gzip wrapper of the file cannot be inflated
  | 'gzip_bomb' // the gzip stream inflates far past the end of the HDUs its headers declare
  | 'bad_table' // a binary table layout is inconsistent
  | 'no_image' // there is no HDU with image data
  | 'bad_hdu' // the HDU index does not exist or has no image data
  | 'bad_argument' // a caller-supplied argument is invalid
  | 'consumed' // the data were decoded in place by an earlier readImage({ inPlace: true })
  | 'unsupported'; // a valid FITS feature this reader does not implement

/** An error reading or writing FITS, with a code, the HDU index and a byte offset. */
export class FitsError extends Error {
  override readonly name = 'FitsError';
  constructor(
    readonly code: FitsErrorCode,
    message: string,
    readonly hdu = -1,
    readonly offset = -1,
  ) {
    super(message);
  }
}
