import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { issueText } from '../../src/shared/errors.js';

describe('issueText', () => {
  const schema = z.object({ a: z.object({ list: z.array(z.number()) }) });
  const failed = (v: unknown) => {
    const r = schema.safeParse(v);
    if (r.success) throw new Error('expected a failure');
    return r.error;
  };

  it('says what is wrong and where, with array indices in the path', () => {
    expect(issueText(failed({ a: { list: [1, 'two'] } }))).toMatch(/^Invalid input: expected number, received string at a\.list\.1$/);
  });

  it('leaves out the place when the value itself is wrong, and falls back without an issue', () => {
    expect(issueText(failed(7))).toMatch(/^Invalid input: expected object, received number$/);
    expect(issueText({ issues: [] }, 'invalid argument')).toBe('invalid argument');
    expect(issueText({ issues: [{ message: 'bad', path: [Symbol('s'), 0] }] })).toBe('bad at Symbol(s).0');
  });
});
