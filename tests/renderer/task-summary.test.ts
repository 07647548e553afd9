import { describe, expect, it } from 'vitest';
import { formatElapsed, stageLabel, taskElapsed } from '../../src/renderer/src/pages/task-summary.js';

describe('a task elapsed time', () => {
  it('measures start to finish, with tenths below 10 s (a 0.4 s task is not "0 s")', () => {
    const t = { startedAt: '2026-12-06T11:00:00.100Z', finishedAt: '2026-12-06T11:00:00.500Z' };
    expect(formatElapsed(taskElapsed(t, 0)!)).toBe('0.4 s');
    expect(formatElapsed(taskElapsed({ startedAt: '2026-12-06T11:00:00.000Z', finishedAt: '2026-12-06T11:01:05.000Z' }, 0)!)).toBe('1 min 05 s');
    expect(formatElapsed(12.4)).toBe('12 s');
  });

  it('is never negative while running, when the page clock is behind the start (was "-1 s")', () => {
    const start = Date.parse('2026-12-06T11:00:00.700Z');
    expect(taskElapsed({ startedAt: '2026-12-06T11:00:00.700Z', finishedAt: null }, start - 600)).toBe(0);
    expect(formatElapsed(taskElapsed({ startedAt: '2026-12-06T11:00:00.700Z', finishedAt: null }, start - 600)!)).toBe('0.0 s');
    expect(taskElapsed({ startedAt: '2026-12-06T11:00:00.700Z', finishedAt: null }, start + 2500)).toBe(2.5);
  });

  it('gives a finished task below 0.1 s in milliseconds (a 34 ms extraction is not "0.0 s")', () => {
    const t = { startedAt: '2026-12-06T11:00:00.100Z', finishedAt: '2026-12-06T11:00:00.134Z' };
    expect(formatElapsed(taskElapsed(t, 0)!, true)).toBe('34 ms');
    expect(formatElapsed(0, true)).toBe('under 1 ms');
    expect(formatElapsed(0.0996, true)).toBe('100 ms');
    expect(formatElapsed(0.1, true)).toBe('0.1 s');
    expect(formatElapsed(0.034)).toBe('0.0 s');
    expect(formatElapsed(2.5, true)).toBe('2.5 s');
  });

  it('is empty before the task started', () => {
    expect(taskElapsed({ startedAt: null, finishedAt: null }, Date.now())).toBeNull();
  });
});

describe('the progress column under the bar', () => {
  it('names the stage of a running or finished task, and where a failed or cancelled one stopped', () => {
    expect(stageLabel({ status: 'running', stage: 'detecting' })).toBe('detecting');
    expect(stageLabel({ status: 'succeeded', stage: 'done' })).toBe('done');
    expect(stageLabel({ status: 'failed', stage: 'started' })).toBe('stopped at: started');
    expect(stageLabel({ status: 'cancelled', stage: 'reading' })).toBe('stopped at: reading');
    expect(stageLabel({ status: 'queued', stage: null })).toBe('');
  });
});
