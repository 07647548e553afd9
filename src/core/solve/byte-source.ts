/**
 * Random access to an index file's bytes: the whole file in memory, or reads from disk on
 * demand (the CLI and the `solve` task), so only the parts the solver needs are read.
 */
export interface ByteSource {
  /** File size, bytes. */
  readonly size: number;
  /** `length` bytes from `offset` (fewer only at the end of the file). */
  read(offset: number, length: number): Uint8Array;
}

/** A byte source over bytes in memory (no copies). */
export function bytesSource(bytes: Uint8Array): ByteSource {
  return { size: bytes.length, read: (offset, length) => bytes.subarray(offset, offset + length) };
}
