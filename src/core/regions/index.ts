/** DS9 region files: writing, reading, and converting between sky and pixel shapes. */
export {
  formatRegions,
  parseRegions,
  RegionError,
  type ParsedRegion,
  type Region,
  type RegionErrorCode,
  type RegionFile,
  type RegionShape,
  type RegionSystem,
} from './ds9.js';
export { regionToPixels, skyOffset, sourcesToRegions, type PixelEllipse } from './convert.js';
