import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { extract } from '../../../src/core/extract/index.js';
import { prepareDetectKernels, setDetectWasm } from '../../../src/core/extract/detect-wasm.js';

// Its own file (so its own worker): the extraction below is the first of the thread, as in a task
// pool's fresh worker, where each kernel's first call gets an image with nothing to detect.
beforeAll(async () => {
  setDetectWasm('on');
  await prepareDetectKernels();
});
afterAll(() => setDetectWasm('auto'));

describe('a featureless image as the thread\'s first extraction, with the WebAssembly kernels', () => {
  it('gives an empty catalog, not an error (CLEAN\'s kernel met its first list empty)', () => {
    const side = 600;
    const data = new Float32Array(side * side);
    for (let i = 0; i < data.length; i++) data[i] = 100 + (i % 7);
    const catalog = extract(data, side, side);
    expect(catalog.sources).toEqual([]);
  });
});
