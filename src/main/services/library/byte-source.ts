/**
 * Sequential readers of a file's bytes for the header summary: a plain file read at offsets
 * (skipping costs nothing), and a `.fits.gz` inflated by node:zlib's stream, whose inflation
 * runs on libuv's thread pool, not on the calling thread, and whose skipped bytes are dropped
 * as they come (memory stays at one chunk).
 */
import { createReadStream } from 'node:fs';
import { type FileHandle, open } from 'node:fs/promises';
import { createGunzip } from 'node:zlib';
import { FitsError } from '../../../core/fits/index.js';

export interface ByteSource {
  /** Bytes read or skipped so far (for a gzip file: inflated). */
  readonly position: number;
  /** Up to `n` bytes from the current position (fewer at the end of the file). */
  take(n: number): Promise<Uint8Array>;
  /** Moves `n` bytes on; returns how many there were. */
  skip(n: number): Promise<number>;
  close(): Promise<void>;
}

/** A plain file, read with positional reads. */
export class FileSource implements ByteSource {
  position = 0;
  private constructor(
    private readonly fh: FileHandle,
    readonly size: number,
  ) {}

  static async open(path: string): Promise<FileSource> {
    const fh = await open(path, 'r');
    try {
      return new FileSource(fh, (await fh.stat()).size);
    } catch (err) {
      await fh.close();
      throw err;
    }
  }

  async take(n: number): Promise<Uint8Array> {
    const len = Math.max(0, Math.min(n, this.size - this.position));
    const buf = new Uint8Array(len);
    let got = 0;
    while (got < len) {
      const { bytesRead } = await this.fh.read(buf, got, len - got, this.position + got);
      if (bytesRead === 0) break;
      got += bytesRead;
    }
    this.position += got;
    return got === len ? buf : buf.subarray(0, got);
  }

  async skip(n: number): Promise<number> {
    const moved = Math.max(0, Math.min(n, this.size - this.position));
    this.position += moved;
    return moved;
  }

  close(): Promise<void> {
    return this.fh.close();
  }
}

/** A gzip file, inflated as it is read; never more than the bytes asked for plus one chunk. */
export class GunzipSource implements ByteSource {
  position = 0;
  readonly #stream;
  readonly #chunks: AsyncIterator<Buffer>;
  #pending: Uint8Array = new Uint8Array(0);
  #ended = false;

  constructor(path: string) {
    const gunzip = createGunzip({ chunkSize: 1 << 16 });
    const file = createReadStream(path, { highWaterMark: 1 << 16 });
    file.on('error', (err) => gunzip.destroy(err));
    this.#stream = file.pipe(gunzip);
    this.#chunks = this.#stream[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  }

  async #next(): Promise<boolean> {
    if (this.#ended) return false;
    let r: IteratorResult<Buffer>;
    try {
      r = await this.#chunks.next();
    } catch (err) {
      throw new FitsError('bad_gzip', `cannot inflate gzip file: ${(err as Error).message}`, -1, this.position);
    }
    if (r.done) {
      this.#ended = true;
      return false;
    }
    this.#pending = r.value;
    return true;
  }

  async take(n: number): Promise<Uint8Array> {
    const out = new Uint8Array(n);
    let got = 0;
    while (got < n) {
      if (this.#pending.length === 0 && !(await this.#next())) break;
      const k = Math.min(n - got, this.#pending.length);
      out.set(this.#pending.subarray(0, k), got);
      this.#pending = this.#pending.subarray(k);
      got += k;
    }
    this.position += got;
    return got === n ? out : out.subarray(0, got);
  }

  async skip(n: number): Promise<number> {
    let moved = 0;
    while (moved < n) {
      if (this.#pending.length === 0 && !(await this.#next())) break;
      const k = Math.min(n - moved, this.#pending.length);
      this.#pending = this.#pending.subarray(k);
      moved += k;
    }
    this.position += moved;
    return moved;
  }

  async close(): Promise<void> {
    this.#ended = true;
    this.#stream.destroy();
  }
}
