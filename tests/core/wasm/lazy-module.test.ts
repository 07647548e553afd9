/** LazyModule: a module compiled at most once, here or ahead, and null where it cannot be. */
import { describe, expect, it } from 'vitest';
import { LazyModule, wasmModule } from '../../../src/core/wasm/index.js';

const EMPTY = (): Uint8Array => wasmModule([]);

describe('LazyModule', () => {
  it('compiles once: ahead, then get() hands that module', async () => {
    let asked = 0;
    const m = new LazyModule(() => (asked++, EMPTY()));
    expect(m.current).toBeUndefined();
    await m.prepare();
    const first = m.current;
    expect(first).toBeTruthy();
    expect(m.get()).toBe(first);
    await m.prepare();
    expect(m.get()).toBe(first);
    expect(asked).toBe(1);
  });

  it('compiles here when nothing was prepared, and a later prepare() keeps it', async () => {
    const m = new LazyModule(EMPTY);
    const here = m.get();
    expect(here).toBeTruthy();
    await m.prepare();
    expect(m.get()).toBe(here);
  });

  it('is null for bytes that do not compile, and tries once', async () => {
    let asked = 0;
    const m = new LazyModule(() => (asked++, Uint8Array.of(0, 1, 2, 3)));
    expect(m.get()).toBeNull();
    await m.prepare();
    expect(m.get()).toBeNull();
    expect(asked).toBe(1);
  });

  it('keepAllBytes decodes every module made so far once and compiles none; they compile from the kept bytes', () => {
    let asked = 0;
    const m = new LazyModule(() => (asked++, EMPTY()));
    LazyModule.keepAllBytes();
    expect(asked).toBe(1);
    expect(m.current).toBeUndefined();
    LazyModule.keepAllBytes();
    expect(asked).toBe(1);
    expect(m.get()).toBeTruthy();
    expect(asked).toBe(1);
  });
});
