/** Source extraction (SExtractor/SEP-compatible), pure TypeScript. */
export { extract, ExtractError, resolveOptions } from './extract.js';
export type { Catalog, ExtractHooks, ExtractOptions, ResolvedOptions, Source } from './extract.js';
export { ExtractFlags } from './flags.js';
export { computeBackground, interpolateLine, meshBilinear } from './background.js';
export type { BackgroundModel } from './background.js';
