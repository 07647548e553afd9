import { describe, expect, it } from 'vitest';
import { extractionStateText } from '../../src/renderer/src/pages/extraction-state-text.js';

describe('the catalog panel of an image with no catalog', () => {
  it('says a raw light waits for calibration, not that no extraction was asked for (ccdproc science-mef.fits)', () => {
    expect(extractionStateText({ status: 'imported', calibWait: 'no master bias for 1×1 binning, 10×10 px' })).toBe(
      'Not extracted yet: it waits for calibration (why: beside Frame, above); Extract measures it as it is.',
    );
  });

  it('does not call a light whose recalibration failed (it keeps its calibrated frame) waiting', () => {
    expect(extractionStateText({ status: 'imported', calibWait: 'recalibration failed: bad master; calibrated frame #4 kept' })).toBe(
      'Not extracted: no extraction has been asked for (or it was cancelled).',
    );
  });

  it('says no extraction was asked for when nothing holds it', () => {
    expect(extractionStateText({ status: 'imported', calibWait: null })).toBe('Not extracted: no extraction has been asked for (or it was cancelled).');
  });

  it('says queued, solving and extracting', () => {
    expect(extractionStateText({ status: 'queued', calibWait: null })).toBe('No catalog yet: its extraction is queued.');
    expect(extractionStateText({ status: 'solving', calibWait: null })).toContain('plate-solved');
    expect(extractionStateText({ status: 'extracting', calibWait: null })).toContain('being extracted');
  });
});
