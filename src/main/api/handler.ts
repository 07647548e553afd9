/**
 * The shape of one channel's handler, apart from the handler table so that the files holding
 * handlers (target-handlers.ts) and the table that gathers them (handlers.ts) both depend on it
 * and not on each other.
 */
import type { z } from 'zod';
import type { Channel, ChannelOutput, contract } from '../../shared/contract.js';
import type { Services } from '../services/services.js';

/** Which shell serves the handlers: reported by `app:info`. */
export type Shell = 'electron' | 'host';

export interface HandlerContext {
  services: Services;
  shell: Shell;
}

/** A channel's handler: its input already parsed by the contract's schema; returns the channel's output. */
export type Handler<C extends Channel> = (
  input: z.output<(typeof contract)[C]['input']>,
  ctx: HandlerContext,
) => ChannelOutput<C> | Promise<ChannelOutput<C>>;
