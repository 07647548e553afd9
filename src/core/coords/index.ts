/**
 * Celestial coordinates: parsing and formatting RA/Dec, angular separation and proper
 * motion. Angles are degrees unless a name says otherwise; RA text in sexagesimal form is hours.
 */
export { CoordsError, type CoordsErrorCode } from './errors.js';
export { parseRa, parseDec, formatRa, formatDec } from './sexagesimal.js';
export { angularSeparation, positionAngle } from './separation.js';
export { applyProperMotion, mjdToJulianEpoch, type ProperMotion } from './proper-motion.js';
