import { type Command, InvalidArgumentError } from 'commander';
import { defaultDataDir } from '../main/services/paths.js';

/** Adds `--data DIR` (default: $NIGHTSHIFT_DATA, else the desktop app's folder). */
export function withDataOption(cmd: Command): Command {
  return cmd.option('--data <dir>', 'library folder (default: $NIGHTSHIFT_DATA or the desktop app\'s data folder)');
}

export function resolveDataDir(opts: { data?: string }): string {
  return opts.data ?? defaultDataDir();
}

/** Commander parser for a whole number within [min, max]. */
export function intOption(min: number, max: number): (value: string) => number {
  return (value) => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < min || n > max) throw new InvalidArgumentError(`expected a whole number from ${min} to ${max}`);
    return n;
  };
}
