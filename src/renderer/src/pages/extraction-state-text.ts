import type { ProductDetail } from '../../../shared/domain.js';

const TEXTS: Partial<Record<ProductDetail['status'], string>> = {
  queued: 'No catalog yet: its extraction is queued.',
  solving: 'No catalog yet: it is being plate-solved; its extraction follows.',
  extracting: 'No catalog yet: its sources are being extracted.',
  imported: 'Not extracted: no extraction has been asked for (or it was cancelled).',
};

/**
 * The line the catalog panel shows while an image has no catalog (and its extraction has not
 * failed): queued, solving, extracting, waiting for calibration (a raw light whose masters are
 * missing; the page says why beside its frame type, not repeated here) or not asked for.
 */
export function extractionStateText(product: Pick<ProductDetail, 'status' | 'calibWait'>): string {
  // a light calibrated already whose recalibration failed does not wait (FrameControl says so)
  if (product.status === 'imported' && product.calibWait && !product.calibWait.startsWith('recalibration failed')) {
    return 'Not extracted yet: it waits for calibration (why: beside Frame, above); Extract measures it as it is.';
  }
  return TEXTS[product.status] ?? 'No catalog.';
}
