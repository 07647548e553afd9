/** Targets, their images and their light curves (issue 7). */
export { TargetService, TOM_TARGET_FIELDS, type TargetInput, type TargetPatch, type TargetChange, type TargetServiceDeps, type ImportReport } from './target-service.js';
export { type Target, type TargetRow, targetExists } from './target-rows.js';
export { type TargetProductLink, withExtractedImage } from './links.js';
export { productGeometry, locateTarget, targetPositionAt, simpleName } from './matching.js';
export { forgetProducts, targetsOfProducts } from './product-removal.js';
export { photometryInput, storePhotometry, comparisonStars, setComparisonChoice, type ComparisonStar } from './photometry-store.js';
export { lightCurve, lightCurveCsv, lightCurveRecord, tomPhotometryCsv, tomPoints, LIGHTCURVE_COLUMNS } from './lightcurve.js';
export { parseCsv, toCsv } from './csv.js';
