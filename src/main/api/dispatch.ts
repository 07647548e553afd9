import { contract, type Channel } from '../../shared/contract.js';
import { AppError, issueText } from '../../shared/errors.js';
import { type Result, fail, ok } from '../../shared/result.js';
import type { Logger } from '../services/logger.js';
import { type HandlerContext, handlers } from './handlers.js';

export type Dispatch = (channel: string, input: unknown) => Promise<Result<unknown>>;

export function isChannel(value: unknown): value is Channel {
  return typeof value === 'string' && Object.hasOwn(contract, value);
}

/**
 * The one entry point both shells call: checks the channel, parses the argument with the
 * channel's schema, runs the handler and turns every outcome into a Result. It never throws:
 * an unexpected error is logged and reported as `internal` without its stack.
 */
export function createDispatch(ctx: HandlerContext, logger: Logger): Dispatch {
  return async (channel, input) => {
    if (!isChannel(channel)) return fail('invalid_argument', `unknown channel ${JSON.stringify(String(channel)).slice(0, 80)}`);
    const spec = contract[channel];
    const parsed = spec.input.safeParse(input);
    if (!parsed.success) {
      return fail('invalid_argument', `${channel}: ${issueText(parsed.error, 'invalid argument')}`);
    }
    try {
      const handler = handlers[channel] as (input: unknown, ctx: HandlerContext) => unknown;
      const data = await handler(parsed.data, ctx);
      return ok(data);
    } catch (err) {
      if (err instanceof AppError) return fail(err.code, err.message);
      logger.error(`handler ${channel} failed`, { error: err instanceof Error ? err.stack : String(err) });
      return fail('internal', `${channel} failed: ${err instanceof Error ? err.message : String(err)}`);
    }
  };
}
