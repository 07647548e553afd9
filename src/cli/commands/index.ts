import type { Command } from 'commander';
import { register as host } from './host.js';

/** Every command's `register`; add a command by adding its module here. */
export const commands: ReadonlyArray<(program: Command) => void> = [host];
