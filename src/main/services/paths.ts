import { homedir } from 'node:os';
import { join } from 'node:path';

/** Where one library lives on disk. The app, the CLI and the host share this layout. */
export interface DataPaths {
  root: string;
  /** The SQLite database. */
  db: string;
  /** Imported files, stored by content hash: `files/ab/abcdef….fits`. */
  files: string;
  /** Scratch space for work in progress (safe to delete when nothing runs). */
  tmp: string;
}

export function dataPaths(root: string): DataPaths {
  return { root, db: join(root, 'nightshift.db'), files: join(root, 'files'), tmp: join(root, 'tmp') };
}

/**
 * The folder Electron's `app.getPath('userData')` gives for an app named "Nightshift", so the
 * CLI and host open the same library as the desktop app by default.
 */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env, platform = process.platform): string {
  if (env.NIGHTSHIFT_DATA) return env.NIGHTSHIFT_DATA;
  const home = homedir();
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', 'Nightshift');
  if (platform === 'win32') return join(env.APPDATA ?? join(home, 'AppData', 'Roaming'), 'Nightshift');
  return join(env.XDG_CONFIG_HOME ?? join(home, '.config'), 'Nightshift');
}
