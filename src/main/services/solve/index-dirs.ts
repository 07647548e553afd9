/** The index folders of the settings as paths on this machine. Worker-safe. */
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_INDEX_DIRS } from '../../../shared/index-dirs.js';

/** `~` and `~/…` → the user's home (the settings' folders are written that way). */
export function expandHome(dir: string, home = homedir()): string {
  if (dir === '~') return home;
  return dir.startsWith('~/') ? join(home, dir.slice(2)) : dir;
}

/** The folders (default: the settings' defaults) with `~` expanded, those that exist. */
export function existingIndexDirs(dirs: readonly string[] = DEFAULT_INDEX_DIRS, home = homedir()): string[] {
  return dirs.map((d) => expandHome(d, home)).filter((d) => existsSync(d));
}
