import type { IncomingMessage } from 'node:http';
import { AppError } from '../../shared/errors.js';

/** A request body larger than the route takes (the reply is 413). */
export class BodyTooLarge extends AppError {
  constructor(readonly limit: number) {
    super('invalid_argument', `the request body is larger than ${limit} bytes`);
  }
}

/**
 * Reads a request body of at most `maxBytes` bytes into memory as UTF-8 text. A declared
 * Content-Length over the limit is refused before a byte is read; a body that grows past it
 * stops being read.
 */
export function readBody(req: IncomingMessage, maxBytes: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > maxBytes) return reject(new BodyTooLarge(maxBytes));
    const chunks: Buffer[] = [];
    let received = 0;
    const onData = (chunk: Buffer) => {
      received += chunk.length;
      if (received > maxBytes) {
        req.off('data', onData);
        req.resume();
        reject(new BodyTooLarge(maxBytes));
        return;
      }
      chunks.push(chunk);
    };
    req.on('data', onData);
    req.once('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.once('error', (err) => reject(new AppError('invalid_argument', `the request body broke off: ${err.message}`)));
  });
}
