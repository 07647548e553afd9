/**
 * How a calibration task's worker hands its FITS file back (worker-safe: node:fs and
 * node:crypto only). When the library's staging area is reachable from the worker (a pool thread
 * of the app or the CLI, or a broker worker sharing the library's disk), the bytes are written
 * there and only the file's reference travels back, so the main thread never receives or
 * decodes pixels; the library adopts the file by rename (library/calib-products.ts). A worker
 * on a machine without the library's disk sends the bytes in the result (base64: a broker
 * job's result is JSON).
 */
import { createHash, randomBytes } from 'node:crypto';
import { readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Where the library stages derived files: its tmp folder, and the token its marker file holds. */
export interface StagingArea {
  /** Absolute path of the library's tmp folder. */
  dir: string;
  /** The content of `dir/STAGING_MARKER`: a worker writes there only when it reads this token back. */
  token: string;
}

/** The marker file in the staging folder; its content identifies the library (see {@link StagingArea}). */
export const STAGING_MARKER = 'staging-token';

/**
 * The name of a staged derived file: `derived-<pid>-<hex>`. The pid is the process that wrote it
 * (a pool thread's process); the library removes those of dead processes at start (a `.part`
 * suffix: not written whole yet).
 */
export const STAGED_NAME = /^derived-(\d+)-[0-9a-f]+(?:\.part)?$/;

/** A FITS file as a worker returns it: staged in the library (`file`) or its bytes (`fits`, base64). */
export type CalibFileOutput = { file: { path: string; size: number; sha256: string } } | { fits: string };

function reachable(stage: StagingArea | undefined): stage is StagingArea {
  if (!stage) return false;
  try {
    return readFileSync(join(stage.dir, STAGING_MARKER), 'utf8') === stage.token;
  } catch {
    return false;
  }
}

/**
 * Has `write` write a file in the staging area when this machine reaches it (the marker's token
 * matches), under a `.part` name first, then renamed; `write` returns the file's size (bytes) and
 * SHA-256 (hex). Returns the staged file's reference, or null when the area is out of reach.
 */
export function stageFile(stage: StagingArea | undefined, write: (path: string) => { size: number; sha256: string }): { file: { path: string; size: number; sha256: string } } | null {
  if (!reachable(stage)) return null;
  const path = join(stage.dir, `derived-${process.pid}-${randomBytes(8).toString('hex')}`);
  const part = `${path}.part`;
  try {
    const { size, sha256 } = write(part);
    renameSync(part, path);
    return { file: { path, size, sha256 } };
  } catch (err) {
    rmSync(part, { force: true });
    throw err;
  }
}

/**
 * `bytes` staged when this machine reaches the staging area (see {@link stageFile}), else the
 * bytes as base64.
 */
export function calibFileOutput(bytes: Uint8Array, stage: StagingArea | undefined): CalibFileOutput {
  const staged = stageFile(stage, (path) => {
    writeFileSync(path, bytes);
    return { size: bytes.byteLength, sha256: createHash('sha256').update(bytes).digest('hex') };
  });
  return staged ?? { fits: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64') };
}
