import { statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SecretStore, type SecretCipher } from '../../../src/main/services/secrets.js';
import { tempDir } from '../../helpers/tmp.js';

describe('SecretStore', () => {
  it('stores, reads and forgets a secret in a file only its owner can read', () => {
    const { dir, cleanup } = tempDir();
    try {
      const store = new SecretStore(dir);
      expect(store.get('smtp.password')).toBeNull();
      store.set('smtp.password', 'hunter2');
      expect(new SecretStore(dir).get('smtp.password')).toBe('hunter2');
      expect(statSync(join(dir, 'secrets.json')).mode & 0o777).toBe(0o600);
      store.set('smtp.password', null);
      expect(store.has('smtp.password')).toBe(false);
    } finally {
      cleanup();
    }
  });

  it('uses the given cipher and does not pretend to read what another cipher wrote', () => {
    const { dir, cleanup } = tempDir();
    try {
      const rot: SecretCipher = { kind: 'rot', encrypt: (s) => [...s].reverse().join(''), decrypt: (s) => [...s].reverse().join('') };
      new SecretStore(dir, rot).set('smtp.password', 'abc');
      expect(new SecretStore(dir, rot).get('smtp.password')).toBe('abc');
      expect(new SecretStore(dir).get('smtp.password')).toBeNull();
      expect(new SecretStore(dir).has('smtp.password')).toBe(true);
    } finally {
      cleanup();
    }
  });
});
