import { randomBytes } from 'node:crypto';
import { createWriteStream, mkdirSync, rmSync } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import { basename, extname, join } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { AppError, isNoSpaceError, noSpaceMessage } from '../../shared/errors.js';

/** The longest upload name in UTF-8 bytes (file systems allow 255 bytes, not characters). */
export const MAX_NAME_BYTES = 200;

/** The longest start of `text` (whole code points) of at most `maxBytes` UTF-8 bytes. */
function clipBytes(text: string, maxBytes: number): string {
  let bytes = 0;
  let end = 0;
  for (const ch of text) {
    const n = Buffer.byteLength(ch);
    if (bytes + n > maxBytes) break;
    bytes += n;
    end += ch.length;
  }
  return text.slice(0, end);
}

/**
 * A file name safe to create in a folder of ours: no path, no control characters, at most
 * {@link MAX_NAME_BYTES} UTF-8 bytes, cut in the stem so the extension (`.fits.gz` included)
 * stays.
 */
export function safeFileName(name: string): string {
  const base = basename(name.replace(/\\/g, '/')).replace(/[\u0000-\u001f\u007f/]/g, '_').trim();
  let clipped = base;
  if (Buffer.byteLength(base) > MAX_NAME_BYTES) {
    const last = extname(base);
    const ext = /\.(gz|fz|bz2)$/i.test(last) ? extname(base.slice(0, -last.length)) + last : last;
    const keep = Buffer.byteLength(ext) <= 32 ? ext : '';
    clipped = clipBytes(base.slice(0, base.length - keep.length), MAX_NAME_BYTES - Buffer.byteLength(keep)) + keep;
  }
  return clipped === '' || clipped === '.' || clipped === '..' ? 'upload.fits' : clipped;
}

/**
 * Streams a request body into `<tmpRoot>/upload-<random>/<name>` without holding it in memory,
 * refusing bodies over `maxBytes`. Returns the file and a cleanup for its folder.
 */
export async function receiveUpload(req: IncomingMessage, tmpRoot: string, name: string, maxBytes: number): Promise<{ path: string; cleanup: () => void }> {
  const dir = join(tmpRoot, `upload-${randomBytes(8).toString('hex')}`);
  mkdirSync(dir, { recursive: true });
  const cleanup = () => rmSync(dir, { recursive: true, force: true });
  const path = join(dir, safeFileName(name));
  let received = 0;
  try {
    await pipeline(
      req,
      new Transform({
        transform(chunk: Buffer, _enc, cb) {
          received += chunk.length;
          if (received > maxBytes) cb(new AppError('invalid_argument', `${safeFileName(name)} is larger than ${maxBytes} bytes`));
          else cb(null, chunk);
        },
      }),
      createWriteStream(path),
    );
  } catch (err) {
    cleanup();
    if (err instanceof AppError) throw err;
    if (isNoSpaceError(err)) throw new AppError('no_space', noSpaceMessage(`upload of ${safeFileName(name)}`, err));
    throw new AppError('invalid_argument', `upload of ${safeFileName(name)} broke off: ${err instanceof Error ? err.message : String(err)}`);
  }
  return { path, cleanup };
}
