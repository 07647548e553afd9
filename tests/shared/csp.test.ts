import { describe, expect, it } from 'vitest';
import { contentSecurityPolicy } from '../../src/shared/csp.js';

const directives = (policy: string): Map<string, string[]> => new Map(policy.split('; ').map((d) => d.split(' ')).map(([name, ...values]) => [name!, values]));

describe('the one Content-Security-Policy', () => {
  it('allows only our own scripts, no eval, no plugins, no framing', () => {
    const d = directives(contentSecurityPolicy());
    expect(d.get('script-src')).toEqual(["'self'"]);
    expect(d.get('default-src')).toEqual(["'self'"]);
    expect(d.get('object-src')).toEqual(["'none'"]);
    expect(d.get('frame-ancestors')).toEqual(["'none'"]);
    expect(contentSecurityPolicy()).not.toContain('unsafe-eval');
  });
  it('adds only the extra image and connection sources asked for', () => {
    const d = directives(contentSecurityPolicy({ img: ['nightshift:'], connect: ['nightshift:', 'ws://127.0.0.1:5000'] }));
    expect(d.get('img-src')).toEqual(["'self'", 'data:', 'blob:', 'nightshift:']);
    expect(d.get('connect-src')).toEqual(["'self'", 'nightshift:', 'ws://127.0.0.1:5000']);
    expect(d.get('script-src')).toEqual(["'self'"]);
  });
  it('leaves frame-ancestors out of a <meta> policy (browsers ignore it there)', () => {
    const meta = directives(contentSecurityPolicy({ meta: true }));
    expect(meta.has('frame-ancestors')).toBe(false);
    expect(meta.get('base-uri')).toEqual(["'none'"]);
  });
});
