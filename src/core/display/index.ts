export { zscale, sampleFinite, type ZScaleOptions } from './zscale.js';
export { STRETCHES, stretchFunction, type Stretch } from './stretch.js';
export { COLORMAPS, colormapLut, type Colormap } from './colormap.js';
export { renderRgba, type RenderOptions } from './render.js';
export { downsample } from './downsample.js';
export { PERCENTILES, sortedFinite, quantileSorted, percentileLimits, histogram, type Histogram } from './limits.js';
