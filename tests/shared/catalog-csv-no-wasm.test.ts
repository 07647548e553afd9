/**
 * `catalogCsv` (the text the renderer's catalog export downloads) is written by the TypeScript
 * writer and never compiles WebAssembly: the app's page forbids it (its Content-Security-Policy has
 * no 'wasm-unsafe-eval'), where an attempt is refused (a CompileError and a CSP violation event). The chunked
 * writers (the command line, the host) still format rows in WebAssembly. A file of its own: the
 * module is compiled once a process, so the count below starts from nothing only here.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { catalogCsv, catalogCsvChunks, type CatalogCsvSource } from '../../src/shared/catalog-csv.js';

const source = (id: number): CatalogCsvSource => ({
  id, x: id + 0.25, y: 2 * id, a: 1.5, b: 1, theta: 30, npix: 12, peak: 100, fluxIso: 1234.5, fluxIsoErr: 3, fluxAper: [1000], fluxAperErr: [2],
  fluxAuto: 1200, fluxAutoErr: 3.5, kronRadius: 3.5, fwhm: 2.5, background: 10, flags: 0, ra: 150.1, dec: 2.2,
});

afterEach(() => vi.unstubAllGlobals());

describe('catalogCsv', () => {
  it('never compiles WebAssembly; the chunked writer does', () => {
    // (the tests' TypeScript has no WebAssembly typings: core/wasm declares what it uses)
    const real = (globalThis as unknown as { WebAssembly: Record<string, unknown> & { Module: new (b: Uint8Array) => object } }).WebAssembly;
    let compiled = 0;
    function Module(bytes: Uint8Array): object {
      compiled++;
      return new real.Module(bytes);
    }
    vi.stubGlobal('WebAssembly', { ...real, Module, Instance: real.Instance, Memory: real.Memory, compile: real.compile, validate: real.validate });
    const catalog = { apertures: [5], sources: [source(1), source(2)] };
    const text = catalogCsv(catalog);
    expect(compiled).toBe(0);
    let chunked = '';
    catalogCsvChunks(catalog, (t) => (chunked += t));
    expect(compiled).toBe(1);
    expect(chunked).toBe(text);
  });
});
