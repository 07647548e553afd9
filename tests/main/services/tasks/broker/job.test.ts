import { describe, expect, it } from 'vitest';
import { jobDataSchema, parseJobData } from '../../../../../src/main/services/tasks/broker/job.js';

const good = { taskId: 12, attempt: 1, kind: 'noop', input: { n: 1 }, files: [], uploaded: false, timeLimitMs: null };
const file = { path: '/data/a.fits', size: 10, sha256: 'a'.repeat(64) };

describe('parseJobData', () => {
  it('accepts and refuses exactly what the schema does', () => {
    const cases: unknown[] = [
      good,
      { ...good, timeLimitMs: 5000 },
      { ...good, files: [file], uploaded: true },
      { ...good, files: [file, { ...file, path: '/data/b.fits' }], uploaded: true },
      { ...good, files: [{ ...file, sha256: 'xyz' }] },
      { ...good, files: null },
      { ...good, files: file },
      { ...good, file: null },
      { ...good, extra: 1 },
      { ...good, taskId: 0 },
      { ...good, taskId: 1.5 },
      { ...good, taskId: '12' },
      { ...good, attempt: -1 },
      { ...good, kind: '' },
      { ...good, kind: 'k'.repeat(65) },
      { ...good, uploaded: 'no' },
      { ...good, timeLimitMs: 0 },
      { ...good, timeLimitMs: 2 ** 60 },
      (({ uploaded: _u, ...rest }) => rest)(good),
      null,
      [],
      'job',
    ];
    for (const data of cases) {
      const ours = parseJobData(data);
      const schema = jobDataSchema.safeParse(data);
      expect(ours.ok, JSON.stringify(data)).toBe(schema.success);
      if (ours.ok && schema.success) expect(ours.data).toEqual(schema.data);
    }
  });

  it('words what is wrong', () => {
    const r = parseJobData({ ...good, kind: '' });
    expect(r).toMatchObject({ ok: false, message: expect.stringMatching(/^malformed job: .* at kind$/) });
  });
});
