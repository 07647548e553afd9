/**
 * The image header of a tile-compressed image: the binary table's header with the table
 * structure removed and the Z keywords (ZBITPIX, ZNAXISn, ...) turned back into the image's
 * own keywords, as astropy's CompImageHDU.header shows it.
 */
import { formatCards, parseCard, type Card } from './card.js';
import { FitsError } from './errors.js';
import { Header } from './header.js';
import { VALID_BITPIX } from './image.js';

const DROP_EXACT = new Set([
  'XTENSION', 'BITPIX', 'NAXIS', 'PCOUNT', 'GCOUNT', 'TFIELDS', 'THEAP', 'EXTEND', 'SIMPLE',
  'ZIMAGE', 'ZCMPTYPE', 'ZBITPIX', 'ZNAXIS', 'ZQUANTIZ', 'ZDITHER0', 'ZSIMPLE', 'ZTENSION', 'ZEXTEND',
  'ZBLOCKED', 'ZPCOUNT', 'ZGCOUNT', 'ZHECKSUM', 'ZDATASUM', 'ZMASKCMP', 'ZBLANK', 'CHECKSUM', 'DATASUM', 'END',
]);
const DROP_RE = /^(NAXIS\d+|ZNAXIS\d+|ZTILE\d+|ZNAME\d+|ZVAL\d+|T(TYPE|FORM|UNIT|DIM|SCAL|ZERO|NULL|DISP)\d+)$/;

function card(keyword: string, value: string | number | boolean, comment = ''): Card {
  return parseCard(formatCards(keyword, value, comment)[0]);
}

/** Translate a ZIMAGE table header into the header of the image it holds. */
export function compressedImageHeader(
  table: Header,
  hdu: number,
  offset: number,
): { imageHeader: Header; zbitpix: number; zshape: number[] } {
  const zbitpix = table.get('ZBITPIX');
  if (typeof zbitpix !== 'number' || !VALID_BITPIX.has(zbitpix)) {
    throw new FitsError('bad_bitpix', `HDU ${hdu}: ZBITPIX ${JSON.stringify(zbitpix)} is not a FITS data type`, hdu, offset);
  }
  const znaxis = table.get('ZNAXIS');
  if (typeof znaxis !== 'number' || !Number.isInteger(znaxis) || znaxis < 0 || znaxis > 999) {
    throw new FitsError('bad_header', `HDU ${hdu}: ZNAXIS is missing or invalid`, hdu, offset);
  }
  const zshape: number[] = [];
  for (let i = 1; i <= znaxis; i++) {
    const n = table.get(`ZNAXIS${i}`);
    if (typeof n !== 'number' || !Number.isSafeInteger(n) || n < 0) {
      throw new FitsError('bad_header', `HDU ${hdu}: ZNAXIS${i} is missing or invalid`, hdu, offset);
    }
    zshape.push(n);
  }
  const primary = table.has('ZSIMPLE');
  const cards: Card[] = [];
  if (primary) cards.push(card('SIMPLE', true, 'conforms to FITS standard'));
  else cards.push(card('XTENSION', table.string('ZTENSION') ?? 'IMAGE', 'Image extension'));
  cards.push(card('BITPIX', zbitpix, 'array data type'));
  cards.push(card('NAXIS', znaxis, 'number of array dimensions'));
  zshape.forEach((n, i) => cards.push(card(`NAXIS${i + 1}`, n)));
  if (primary) {
    const ext = table.get('ZEXTEND');
    if (typeof ext === 'boolean') cards.push(card('EXTEND', ext));
  } else {
    cards.push(card('PCOUNT', (table.get('ZPCOUNT') as number) ?? 0, 'number of parameters'));
    cards.push(card('GCOUNT', (table.get('ZGCOUNT') as number) ?? 1, 'number of groups'));
  }
  let dropping = false;
  for (const c of table.cards) {
    if (c.keyword === 'CONTINUE') {
      if (!dropping) cards.push(c);
      continue;
    }
    dropping = DROP_EXACT.has(c.keyword) || DROP_RE.test(c.keyword);
    if (!dropping) cards.push(c);
  }
  return { imageHeader: new Header(cards), zbitpix, zshape };
}
