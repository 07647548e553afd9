/**
 * FITS in pure TypeScript: headers, HDU walking, image decoding (plain, tile-compressed,
 * gzipped files) and writing. No Node or DOM dependencies: callers hand in bytes.
 */
export { formatCards, parseCard, type Card, type HeaderValue } from './card.js';
export { Header, parseHeader } from './header.js';
export { headerNumber, firstHeaderNumber } from './header-number.js';
export { FitsError, type FitsErrorCode } from './errors.js';
export { openFits, firstImageHdu, type FitsFile, type HduInfo, type OpenOptions } from './hdu.js';
export { noImageReason, type HduShape } from './no-image.js';
export { BLOCK, dataLayout, paddedBytes, type DataLayout } from './layout.js';
export { forgetInPlaceReads, readImage, type ImageData, type ReadImageOptions } from './read.js';
export { bytesPerPixel, decodePixels, decodePixelsInto, defaultPixelType, type PixelType } from './image.js';
export { float32BigEndianInPlace, float32ImageHeader, writeFits, type WriteHdu } from './writer.js';
