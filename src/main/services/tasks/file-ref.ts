import { createHash } from 'node:crypto';
import { createReadStream, statSync } from 'node:fs';
import { z } from 'zod';

/** How a job names its input file: where it was, how long it is and its content hash. */
export const fileRefSchema = z
  .object({
    path: z.string().min(1).max(4096),
    size: z.number().int().min(0),
    sha256: z.string().regex(/^[0-9a-f]{64}$/),
  })
  .strict();
export type FileRef = z.infer<typeof fileRefSchema>;

/** SHA-256 of a file, streamed (hex). */
export async function sha256File(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/**
 * True when `ref.path` exists here with the right size and (unless `trustStore` says the path
 * is content-addressed by this very library) the right hash.
 */
export async function fileMatches(ref: FileRef, options: { verifyHash: boolean }): Promise<boolean> {
  let size: number;
  try {
    const st = statSync(ref.path);
    if (!st.isFile()) return false;
    size = st.size;
  } catch {
    return false;
  }
  if (size !== ref.size) return false;
  if (!options.verifyHash) return true;
  return (await sha256File(ref.path)) === ref.sha256;
}
