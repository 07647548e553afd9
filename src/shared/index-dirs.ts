/**
 * The folders plate solving looks in for astrometry.net index files (`index-*.fits`), the
 * usual places the programs that keep them use: Debian/Ubuntu's `astrometry-data-*` packages,
 * astrometry.net built from source, Homebrew, KStars/StellarSolver on Linux and macOS, and the
 * ANSVR local server that N.I.N.A. and SGP use on Windows. `~` is the user's home; folders that
 * do not exist are skipped. (ASTAP's own star databases are another format.)
 *
 * A file of its own, without zod: `nightshift solve` reads it at start-up, where loading the
 * settings' schemas would cost a tenth of a second of CPU.
 */
export const DEFAULT_INDEX_DIRS: readonly string[] = [
  '/usr/share/astrometry',
  '/usr/local/astrometry/data',
  '/usr/local/share/astrometry',
  '/opt/homebrew/share/astrometry',
  '~/.local/share/kstars/astrometry',
  '~/Library/Application Support/Astrometry',
  '~/AppData/Local/cygwin_ansvr/usr/share/astrometry/data',
];
