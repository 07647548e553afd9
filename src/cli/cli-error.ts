import { FitsError } from '../core/fits/index.js';

/** An error the command line reports as one line on stderr, with an exit status (default 2). */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode = 2,
  ) {
    super(message);
    this.name = 'CliError';
  }
}

/** A FitsError as one CLI line naming the file. */
export function fitsFailure(path: string, err: unknown): never {
  if (err instanceof CliError) throw err;
  if (err instanceof FitsError) {
    const where = [err.hdu >= 0 ? `HDU ${err.hdu}` : '', err.offset >= 0 ? `byte ${err.offset}` : ''].filter(Boolean).join(', ');
    throw new CliError(`${path}: ${err.message} [${err.code}${where ? `, ${where}` : ''}]`);
  }
  throw err;
}
