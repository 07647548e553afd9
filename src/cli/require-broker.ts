import { checkBroker } from '../main/services/broker-check.js';
import { CliError } from './cli-error.js';

/** How long `import` and `worker` try a broker before saying what is wrong (ms). */
export const BROKER_CHECK_MS = 5000;

/**
 * Connects to the broker once (connect, password, PING): a broker that cannot be used is one
 * line (what is wrong and where, the password hidden) and exit 2, before any work is done.
 */
export async function requireBroker(url: string): Promise<void> {
  if (!/^rediss?:\/\/\S+$/.test(url)) throw new CliError('--broker must be a redis:// or rediss:// URL');
  const check = await checkBroker(url, BROKER_CHECK_MS);
  if (!check.ok) throw new CliError(`the broker: ${check.message}`);
}
