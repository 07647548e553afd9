import type { Register } from '../program.js';
import { commandName } from './name.js';

export { commandName } from './name.js';

/**
 * Every command, by name, loaded on demand: `nightshift extract` loads only the extractor, not
 * the database, Redis and HTTP modules the other commands need (start-up is part of every
 * command's time). Add a command by adding its module here.
 */
export const commandLoaders: Readonly<Record<string, () => Promise<{ register: Register }>>> = {
  extract: () => import('./extract.js'),
  catalog: () => import('./catalog.js'),
  fits: () => import('./fits.js'),
  host: () => import('./host.js'),
  import: () => import('./import.js'),
  tasks: () => import('./tasks.js'),
  products: () => import('./products.js'),
  worker: () => import('./worker.js'),
  targets: () => import('./targets.js'),
  lightcurve: () => import('./lightcurve.js'),
  check: () => import('./check.js'),
  solve: () => import('./solve.js'),
  calib: () => import('./calib.js'),
};

/** The registers for a command line: only the named command's, or all (help, unknown names). */
export async function commandsFor(argv: readonly string[]): Promise<Register[]> {
  const name = commandName(argv);
  const loaders = name !== undefined && Object.hasOwn(commandLoaders, name) ? [commandLoaders[name]!] : Object.values(commandLoaders);
  return (await Promise.all(loaders.map((load) => load()))).map((m) => m.register);
}
