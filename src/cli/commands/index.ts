import type { Command } from 'commander';
import { register as extract } from './extract.js';
import { register as fits } from './fits.js';
import { register as host } from './host.js';
import { register as importCmd } from './import.js';
import { register as lightcurve } from './lightcurve.js';
import { register as products } from './products.js';
import { register as targets } from './targets.js';
import { register as tasks } from './tasks.js';
import { register as worker } from './worker.js';

/** Every command's `register`; add a command by adding its module here. */
export const commands: ReadonlyArray<(program: Command) => void> = [extract, fits, host, importCmd, tasks, products, worker, targets, lightcurve];
