import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MAX_NAME_BYTES, safeFileName } from '../../../src/main/host/upload.js';
import { ownOrigins, requestUrl } from '../../../src/main/host/origins.js';
import { tempDir } from '../../helpers/tmp.js';

describe('upload names', () => {
  it('cuts a long name by UTF-8 bytes, keeping the extension, so the file can be created', () => {
    const { dir, cleanup } = tempDir();
    try {
      for (const name of [`${'星'.repeat(150)}.fits`, `${'🌟'.repeat(100)}.fits.gz`, `${'a'.repeat(300)}.fits`, `${'é'.repeat(199)}.fit`]) {
        const safe = safeFileName(name);
        expect(Buffer.byteLength(safe), name.slice(0, 10)).toBeLessThanOrEqual(MAX_NAME_BYTES);
        expect(safe.endsWith(name.endsWith('.gz') ? '.fits.gz' : name.slice(name.lastIndexOf('.')))).toBe(true);
        expect(safe).not.toContain('\ufffd');
        expect(name.startsWith(safe.slice(0, 5))).toBe(true);
        writeFileSync(join(dir, safe), 'x'); // ENAMETOOLONG before: 150 × 3 bytes
      }
    } finally {
      cleanup();
    }
  });

  it('keeps short names, strips paths and control characters', () => {
    expect(safeFileName('night 星 1.fits')).toBe('night 星 1.fits');
    expect(safeFileName('../../etc/passwd')).toBe('passwd');
    expect(safeFileName('a\u0000b.fits')).toBe('a_b.fits');
    expect(safeFileName('..')).toBe('upload.fits');
  });
});

describe('what the host accepts', () => {
  it('has one list of its own Origins: 127.0.0.1 and localhost on its port', () => {
    expect([...ownOrigins(8123)]).toEqual(['http://127.0.0.1:8123', 'http://localhost:8123']);
  });

  it('reads only origin-form request targets', () => {
    const o = 'http://127.0.0.1:8123';
    expect(requestUrl('/a/b?token=x', o)?.pathname).toBe('/a/b');
    for (const bad of ['//', '//evil.example/x', '*', 'http://127.0.0.1:8123/', '', undefined]) expect(requestUrl(bad, o), String(bad)).toBeNull();
  });
});
