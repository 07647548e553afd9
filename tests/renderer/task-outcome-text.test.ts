import { describe, expect, it } from 'vitest';
import { taskOutcomeText } from '../../src/renderer/src/pages/task-outcome-text.js';

describe("a task row's outcome", () => {
  it('says why a succeeded solve task did not solve its image (it showed only "succeeded")', () => {
    expect(taskOutcomeText({ kind: 'solve', status: 'succeeded', outcome: 'time_limit' })).toBe('not solved: no match within the time limit');
    expect(taskOutcomeText({ kind: 'solve', status: 'succeeded', outcome: 'no_sources' })).toBe('not solved: too few stars found');
    expect(taskOutcomeText({ kind: 'solve', status: 'succeeded', outcome: 'solved' })).toBe('solved');
  });

  it('adds nothing for other kinds, unfinished or failed tasks, or no stored answer', () => {
    expect(taskOutcomeText({ kind: 'extract', status: 'succeeded', outcome: null })).toBeNull();
    expect(taskOutcomeText({ kind: 'solve', status: 'failed', outcome: null })).toBeNull();
    expect(taskOutcomeText({ kind: 'solve', status: 'succeeded', outcome: null })).toBeNull();
  });
});
