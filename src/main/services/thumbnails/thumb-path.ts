import { join } from 'node:path';

/** Where a stored file's thumbnail is kept: `<library>/thumbs/<sha256>.png` (`sha256` hex, of the stored file). */
export function thumbnailPath(root: string, sha256: string): string {
  return join(root, 'thumbs', `${sha256}.png`);
}
