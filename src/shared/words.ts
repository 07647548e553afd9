/**
 * The closed sets of words the contract's schemas are built from (`z.enum` of these in
 * domain.ts, settings.ts and calib.ts), without zod: the renderer needs the words (a filter's
 * choices, the colour scheme) but not the schemas, and on the library's start path it loads no
 * zod at all (validation is the main process's; tests/architecture/renderer-start.test.ts).
 */

/**
 * A product's status: `imported` → `queued` → (`solving`) → `extracting` → `extracted` or
 * `failed`. `solving` is never stored: a product reads as `solving` while its plate-solving
 * task runs (the stored status meanwhile stays what it was, `queued`).
 */
export const PRODUCT_STATUSES = ['imported', 'queued', 'solving', 'extracting', 'extracted', 'failed'] as const;
export type ProductStatus = (typeof PRODUCT_STATUSES)[number];

/** The frame types a header's IMAGETYP/FRAME word can name (core/calib's `FrameType`). */
export const FRAME_TYPES = ['bias', 'dark', 'flat', 'light'] as const;

/** The calibration masters' frame types. */
export const MASTER_TYPES = ['bias', 'dark', 'flat'] as const;

/** The colour scheme the windows use: the system's (light or dark), or one of them forced. */
export const THEMES = ['system', 'light', 'dark'] as const;
export type Theme = (typeof THEMES)[number];
