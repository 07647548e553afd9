import { describe, expect, it } from 'vitest';
import { retryCannotHelp } from '../../src/shared/task-error.js';

describe('whether Retry is offered for a failure', () => {
  it('is not for a failure of the stored file itself (bad_image), and says why', () => {
    expect(retryCannotHelp({ code: 'bad_image', message: 'HDU 0 is 1×1 px, too small to extract sources from (at least 2×2)' })).toBe(
      'Trying again cannot help: the stored file itself cannot be measured as it is.',
    );
  });

  it('is for failures a retry may get past (a crash, a full disk, a setting since changed)', () => {
    for (const code of ['worker_crashed', 'no_space', 'fits_error', 'extract_error', 'timed_out', 'cancelled', 'unavailable']) {
      expect(retryCannotHelp({ code, message: 'x' }), code).toBeNull();
    }
    expect(retryCannotHelp(null)).toBeNull();
  });
});
