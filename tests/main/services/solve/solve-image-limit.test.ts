/**
 * solveImage's time limit covers the whole solve: checked after the extraction, before each
 * index file is read and throughout the search (an injected clock, no timing).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { listIndexes } from '../../../../src/main/services/solve/index-files.js';
import { solveImage } from '../../../../src/main/services/solve/solve-image.js';
import { tempDir } from '../../../helpers/tmp.js';
import { indexFolder, writeUnsolvedField } from '../../../helpers/unsolved-field.js';

const tmp = tempDir('ns-solve-limit-');
afterAll(() => tmp.cleanup());
const indexes = listIndexes([indexFolder(join(tmp.dir, 'index'))]);
const { path } = writeUnsolvedField(join(tmp.dir, 'field.fits'));

/** A clock that stands still for `still` readings, then jumps `jump` ms at each reading. */
function clock(still: number, jump: number): () => number {
  let reads = 0;
  let t = 1000;
  return () => (++reads > still ? (t += jump) : t);
}

describe('solveImage and the time limit', () => {
  it('solves when the clock stands still', () => {
    const r = solveImage(new Uint8Array(readFileSync(path)), { indexes, timeLimitMs: 1000, now: clock(Infinity, 0) });
    expect(r.result.solved).toBe(true);
  });

  it('stops before reading the index files when the extraction used up the limit', () => {
    // readings: the start, then the check after the extraction
    const r = solveImage(new Uint8Array(readFileSync(path)), { indexes, timeLimitMs: 1000, now: clock(1, 5000) });
    expect(r.result).toMatchObject({ solved: false, reason: 'time_limit', indexesRead: 0 });
    expect(!r.result.solved && r.result.message).toMatch(/^not solved \(time limit of 1 s reached reading the index files, 0 of 1 read;/);
  });

  it('stops in the search at the first reading past the limit', () => {
    // time passes only once the search has started (readings: the start, after the extraction,
    // before the index file, the time left, the search's start), 1 ms a reading
    let reads = 0;
    const r = solveImage(new Uint8Array(readFileSync(path)), { indexes, timeLimitMs: 2, now: () => 1000 + Math.max(0, ++reads - 5) });
    expect(r.result).toMatchObject({ solved: false, reason: 'time_limit', indexesRead: 1 });
    expect(!r.result.solved && r.result.message).toMatch(/time limit of 0.002 s reached;/);
  });
});
