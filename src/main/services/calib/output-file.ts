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
 * Writes `bytes` to the staging area when this machine reaches it (the marker's token matches),
 * returning the file's reference (absolute path, size in bytes, SHA-256 hex); otherwise returns
 * the bytes as base64. The file is written whole under a `.part` name first, then renamed.
 */
export function calibFileOutput(bytes: Uint8Array, stage: StagingArea | undefined): CalibFileOutput {
  if (!reachable(stage)) return { fits: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64') };
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const path = join(stage.dir, `derived-${process.pid}-${randomBytes(8).toString('hex')}`);
  const part = `${path}.part`;
  try {
    writeFileSync(part, bytes);
    renameSync(part, path);
  } catch (err) {
    rmSync(part, { force: true });
    throw err;
  }
  return { file: { path, size: bytes.byteLength, sha256 } };
}
