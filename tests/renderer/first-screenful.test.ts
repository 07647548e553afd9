import { describe, expect, it } from 'vitest';
import { isLibraryHash } from '../../src/renderer/src/library/first-screenful.js';
import { parseRoute } from '../../src/renderer/src/router/routes.js';

describe("the boot script's reading of the library's address", () => {
  it('agrees with the router on every kind of address', () => {
    const hashes = ['', '#', '#/', '#/library', '#/library/', '#library', '#/library?night=2026-09-03&object=M31', '#/library?frame=flat', '#/?x=1',
      '#/products/12', '#/products/12?target=3', '#/targets', '#/targets/3?night=2026-09-03', '#/tasks', '#/settings', '#/library/2', '#/nowhere', '#/products'];
    for (const hash of hashes) expect(isLibraryHash(hash), hash).toBe(parseRoute(hash).page === 'library');
  });
});
