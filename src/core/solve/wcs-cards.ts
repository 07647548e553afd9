/**
 * The FITS WCS cards of a solution: CTYPE (RA---TAN or RA---TAN-SIP), CRVAL, CRPIX (1-based),
 * CD, and the A_/B_ SIP coefficients with A_ORDER/B_ORDER when SIP was fitted.
 */
import type { TanSip } from './tan-sip.js';

export function wcsCards(w: TanSip): Record<string, string | number> {
  const sip = w.sipOrder > 0;
  const cards: Record<string, string | number> = {
    WCSAXES: 2,
    CTYPE1: sip ? 'RA---TAN-SIP' : 'RA---TAN',
    CTYPE2: sip ? 'DEC--TAN-SIP' : 'DEC--TAN',
    CUNIT1: 'deg',
    CUNIT2: 'deg',
    RADESYS: 'ICRS',
    EQUINOX: 2000,
    CRVAL1: w.crval[0],
    CRVAL2: w.crval[1],
    CRPIX1: w.crpix[0] + 1,
    CRPIX2: w.crpix[1] + 1,
    CD1_1: w.cd[0],
    CD1_2: w.cd[1],
    CD2_1: w.cd[2],
    CD2_2: w.cd[3],
  };
  if (sip) {
    cards.A_ORDER = w.sipOrder;
    for (const [k, c] of w.sipA) cards[`A_${k}`] = c;
    cards.B_ORDER = w.sipOrder;
    for (const [k, c] of w.sipB) cards[`B_${k}`] = c;
  }
  return cards;
}
