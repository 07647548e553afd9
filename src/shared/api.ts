import type { Channel, ChannelInput, ChannelOutput, EventName, EventPayload } from './contract.js';
import { CHANNELS } from './channels.js';
import type { Result } from './result.js';

type Split<C extends string> = C extends `${infer D}:${infer V}` ? [D, V] : never;
type Domains = Split<Channel>[0];
type VerbsOf<D extends string> = Extract<Channel, `${D}:${string}`> extends `${D}:${infer V}` ? V : never;

/** The raw API the preload (or the WebSocket client) exposes: every call resolves to a Result. */
export type RawApi = {
  [D in Domains]: {
    [V in VerbsOf<D>]: `${D}:${V}` extends infer C extends Channel
      ? undefined extends ChannelInput<C>
        ? (input?: ChannelInput<C>) => Promise<Result<ChannelOutput<C>>>
        : (input: ChannelInput<C>) => Promise<Result<ChannelOutput<C>>>
      : never;
  };
} & {
  /** Subscribes to a push event; returns the unsubscribe function. */
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void;
  /** Desktop only: the path of a dropped or picked file (Electron's webUtils.getPathForFile). */
  pathForFile?: (file: Blob) => string;
};

export type Invoke = (channel: Channel, input: unknown) => Promise<Result<unknown>>;
export type Subscribe = (event: EventName, listener: (payload: unknown) => void) => () => void;

/**
 * Builds the fixed API object from the channel list: one method per channel, each bound to its
 * own channel name. There is deliberately no generic `invoke(channel)` on the result.
 */
export function buildRawApi(invoke: Invoke, subscribe: Subscribe, extras: { pathForFile?: (file: Blob) => string } = {}): RawApi {
  const api: Record<string, Record<string, (input?: unknown) => Promise<Result<unknown>>>> = {};
  for (const channel of CHANNELS) {
    const [domain, verb] = channel.split(':') as [string, string];
    api[domain] ??= {};
    api[domain][verb] = (input?: unknown) => invoke(channel, input);
  }
  const on = (event: EventName, listener: (payload: unknown) => void) => subscribe(event, listener);
  return Object.freeze({ ...api, on, ...extras }) as unknown as RawApi;
}
