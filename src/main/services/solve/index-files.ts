/**
 * astrometry.net index files on this machine's disk: finding them in folders (only the primary
 * header of each is read), choosing those whose quads can fit an image (core/solve's
 * `indexFitsImage`), and opening the chosen ones (headers and kd-tree structure read; the
 * kd-trees' points and the quads on demand, as searches reach them).
 * Used by `nightshift solve` and by the `solve` task kind on both of its sides (worker-safe:
 * node's fs only, no database).
 */
import { closeSync, fstatSync, openSync, readdirSync, readSync } from 'node:fs';
import { join } from 'node:path';
import {
  indexFitsImage,
  INDEX_HEADER_BYTES,
  readIndexFile,
  readIndexSummary,
  SolveError,
  type ByteSource,
  type IndexFile,
  type IndexSummary,
} from '../../../core/solve/index.js';

/** An index file found on disk, with what its primary header says (angles in radians). */
export interface IndexOnDisk extends IndexSummary {
  path: string;
}

/** A folder or index file that cannot be read, or a file that is not a usable index; `code` lower snake_case. */
export class IndexFilesError extends Error {
  override readonly name = 'IndexFilesError';
  constructor(
    readonly code: 'no_index_dir' | 'unreadable' | 'bad_index' | 'not_index' | 'unsupported' | 'bad_argument',
    message: string,
  ) {
    super(message);
  }
}

const INDEX_NAME = /^index-.*\.fits$/i;

function errno(e: unknown): string {
  return (e as NodeJS.ErrnoException).code ?? 'cannot read';
}

function rethrow(e: unknown, path: string): never {
  if (e instanceof SolveError) throw new IndexFilesError(e.code, `${e.message} (${e.code})`);
  if ((e as NodeJS.ErrnoException).code) throw new IndexFilesError('unreadable', `${path}: ${errno(e)}`);
  throw e;
}

/** The first `length` bytes of a file. */
function head(path: string, length: number): Uint8Array {
  const fd = openSync(path, 'r');
  try {
    const buf = Buffer.alloc(length);
    return new Uint8Array(buf.buffer, buf.byteOffset, readSync(fd, buf, 0, length, 0));
  } finally {
    closeSync(fd);
  }
}

/**
 * Every `index-*.fits` file of the folders, by folder and then name, with its primary header's
 * summary. `missing: 'skip'` passes over folders that do not exist (the settings' default
 * folders: only some exist on a machine); otherwise a folder that cannot be read throws
 * `no_index_dir`. A file that is not an index throws (`not_index`, `bad_index`).
 */
export function listIndexes(dirs: readonly string[], options: { missing?: 'skip' | 'throw' } = {}): IndexOnDisk[] {
  const out: IndexOnDisk[] = [];
  for (const dir of dirs) {
    let names: string[];
    try {
      names = readdirSync(dir).filter((n) => INDEX_NAME.test(n)).sort();
    } catch (e) {
      if (options.missing === 'skip' && (errno(e) === 'ENOENT' || errno(e) === 'ENOTDIR')) continue;
      throw new IndexFilesError('no_index_dir', `index folder ${dir}: ${errno(e)}`);
    }
    for (const n of names) {
      const path = join(dir, n);
      try {
        out.push({ path, ...readIndexSummary(head(path, INDEX_HEADER_BYTES), path) });
      } catch (e) {
        rethrow(e, path);
      }
    }
  }
  return out;
}

/** The pixel-scale range the solver searches without a scale hint, arcsec per pixel. */
export const BLIND_SCALE: Readonly<[number, number]> = [0.05, 3600];

/** The indexes whose quads can be quads of a `width`×`height` image at `scaleLow`…`scaleHigh` arcsec/pixel. */
export function chooseIndexes<T extends IndexSummary>(all: readonly T[], width: number, height: number, scaleLow = BLIND_SCALE[0], scaleHigh = BLIND_SCALE[1]): T[] {
  return all.filter((ix) => indexFitsImage(ix, width, height, scaleLow, scaleHigh));
}

/**
 * Reads a file on demand (the file stays open for the reader's life: quads are read when a code
 * matches). Each read is a fresh, aligned buffer.
 */
export function fileSource(path: string): ByteSource & { close(): void } {
  const fd = openSync(path, 'r');
  const size = fstatSync(fd).size;
  return {
    size,
    close: () => closeSync(fd),
    read(offset: number, length: number): Uint8Array {
      const n = Math.max(0, Math.min(length, size - offset));
      const out = new Uint8Array(new ArrayBuffer(n));
      let done = 0;
      while (done < n) {
        const got = readSync(fd, out, done, n - done, offset + done);
        if (got <= 0) break;
        done += got;
      }
      return done === n ? out : out.subarray(0, done);
    },
  };
}

/** Index files opened by {@link loadIndexes}; `close` closes their files (quads can no longer be read). */
export interface OpenIndexes {
  indexes: IndexFile[];
  /** True when `stop` ended the reading early: `indexes` holds only the files read before. */
  stopped: boolean;
  close(): void;
}

/**
 * Opens and checks index files (headers and the kd-trees' structure read, their points and the
 * quads on demand: core/solve's `readIndexFile` on a {@link fileSource}); throws
 * {@link IndexFilesError} naming the file. `stop` is asked before each file (a time limit).
 */
export function loadIndexes(paths: readonly string[], stop?: () => boolean): OpenIndexes {
  const sources: Array<{ close(): void }> = [];
  const close = (): void => {
    for (const s of sources.splice(0)) s.close();
  };
  try {
    const indexes: IndexFile[] = [];
    for (const path of paths) {
      if (stop?.()) return { indexes, stopped: true, close };
      try {
        const source = fileSource(path);
        sources.push(source);
        indexes.push(readIndexFile(source, path));
      } catch (e) {
        rethrow(e, path);
      }
    }
    return { indexes, stopped: false, close };
  } catch (e) {
    close();
    throw e;
  }
}
