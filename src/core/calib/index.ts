/**
 * Calibration of raw CCD/CMOS frames in pure TypeScript: frame types from headers, FITS
 * sections, overscan, band-streamed combination into masters, flat normalisation, applying
 * masters to a frame, and provenance keywords. Each step states the ccdproc choice it matches.
 */
export { CalibError, type CalibErrorCode } from './errors.js';
export { frameInfo, frameTypeOf, parseTypeMap, type FrameInfo, type FrameType, type HeaderLike } from './frame-type.js';
export { parseSection, formatSection, sectionWidth, sectionHeight, type Section } from './sections.js';
export { overscanLevels, placeLevels, polyFit, type OverscanLevels, type OverscanOptions } from './overscan.js';
export { combineBands, bandRowsFor, type BandReader, type CombineMethod, type CombineOptions, type CombineResult } from './combine.js';
export { calibrateRows, calibratedSize, checkCalibration, type Calibration, type RowOverscan } from './apply.js';
export { masterProvenance, calibratedProvenance, type InputRef, type ProvenanceCard, type StepsUsed } from './provenance.js';
export { observingNight, headerLongitude, parseLongitude, LONGITUDE_KEYS } from './night.js';
