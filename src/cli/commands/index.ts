import type { Command } from 'commander';
import { register as extract } from './extract.js';
import { register as fits } from './fits.js';
import { register as host } from './host.js';

/** Every command's `register`; add a command by adding its module here. */
export const commands: ReadonlyArray<(program: Command) => void> = [extract, fits, host];
