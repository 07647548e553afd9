/**
 * FITS files card by card, for the shapes the writer does not make (tables, random groups):
 * each HDU is its cards (keyword → value, in order) and the length of its data unit in bytes
 * (zeros, padded to whole 2880-byte blocks).
 */
export type RawCardValue = string | number | boolean;

function card(key: string, value: RawCardValue): string {
  const v = typeof value === 'boolean' ? (value ? 'T' : 'F').padStart(20) : typeof value === 'number' ? String(value).padStart(20) : `'${value.padEnd(8)}'`.padEnd(20);
  return `${key.padEnd(8)}= ${v}`.padEnd(80);
}

/** The bytes of a FITS file with these HDUs. */
export function rawFits(hdus: ReadonlyArray<{ cards: ReadonlyArray<[string, RawCardValue]>; dataBytes?: number }>): Uint8Array {
  const parts: string[] = [];
  for (const h of hdus) {
    let text = h.cards.map(([k, v]) => card(k, v)).join('') + 'END'.padEnd(80);
    text = text.padEnd(Math.ceil(text.length / 2880) * 2880);
    parts.push(text);
    const data = h.dataBytes ?? 0;
    parts.push('\0'.repeat(Math.ceil(data / 2880) * 2880));
  }
  return new Uint8Array(Buffer.from(parts.join(''), 'latin1'));
}

/** A primary HDU with no data and a binary table of `rows` rows of one 8-byte column. */
export function tableFits(rows = 10): Uint8Array {
  return rawFits([
    { cards: [['SIMPLE', true], ['BITPIX', 8], ['NAXIS', 0], ['EXTEND', true]] },
    {
      cards: [['XTENSION', 'BINTABLE'], ['BITPIX', 8], ['NAXIS', 2], ['NAXIS1', 8], ['NAXIS2', rows], ['PCOUNT', 0], ['GCOUNT', 1], ['TFIELDS', 1], ['TFORM1', 'D'], ['TTYPE1', 'FLUX']],
      dataBytes: 8 * rows,
    },
  ]);
}

/** Random groups as radio interferometry writes them (UV data): NAXIS1 = 0, GROUPS = T, `groups` groups of 3 parameters and a 3×1×1 matrix. */
export function randomGroupsFits(groups = 4): Uint8Array {
  return rawFits([
    {
      cards: [['SIMPLE', true], ['BITPIX', -32], ['NAXIS', 4], ['NAXIS1', 0], ['NAXIS2', 3], ['NAXIS3', 1], ['NAXIS4', 1], ['EXTEND', true], ['GROUPS', true], ['PCOUNT', 3], ['GCOUNT', groups]],
      dataBytes: 4 * groups * (3 + 3),
    },
  ]);
}
