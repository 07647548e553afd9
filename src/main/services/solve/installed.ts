/**
 * The index files the settings' folders hold, and the field sizes they cover, for the Settings
 * page (*Plate solving*): which folders exist, each index's quad sizes, and the range of field
 * widths the set can solve. An index whose quads span L…U solves fields about L to 10·U wide
 * (a quad spans a tenth of the image's short side up to its diagonal; astrometry.net's rule). A folder
 * holding a file that is not an index is reported by that file's error.
 */
import type { InstalledIndexes } from '../../../shared/solve.js';
import { expandHome } from './index-dirs.js';
import { existsSync } from 'node:fs';
import { IndexFilesError, listIndexes } from './index-files.js';

const ARCMIN_PER_RAD = (180 * 60) / Math.PI;

/** What the folders hold (missing folders are listed as such; see the module comment for unreadable files). */
export function installedIndexes(dirs: readonly string[]): InstalledIndexes {
  const folders = dirs.map((dir) => ({ dir, path: expandHome(dir), exists: existsSync(expandHome(dir)) }));
  const indexes: InstalledIndexes['indexes'] = [];
  const errors: string[] = [];
  for (const f of folders) {
    if (!f.exists) continue;
    try {
      for (const ix of listIndexes([f.path], { missing: 'skip' })) {
        indexes.push({ path: ix.path, id: ix.id, quadLowArcmin: ix.scaleLow * ARCMIN_PER_RAD, quadHighArcmin: ix.scaleHigh * ARCMIN_PER_RAD });
      }
    } catch (err) {
      if (!(err instanceof IndexFilesError)) throw err;
      errors.push(err.message);
    }
  }
  const fields =
    indexes.length > 0
      ? { lowArcmin: Math.min(...indexes.map((i) => i.quadLowArcmin)), highArcmin: 10 * Math.max(...indexes.map((i) => i.quadHighArcmin)) }
      : null;
  return { folders: folders.map(({ dir, exists }) => ({ dir, exists })), indexes, fields, errors };
}
