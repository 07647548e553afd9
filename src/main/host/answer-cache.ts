import type { ErrorCode } from '../../shared/errors.js';
import type { Dispatch } from '../api/dispatch.js';

/** A call's answer as the host sends it: the `Result` as JSON text, and its error code if it failed. */
export type AnswerText = { ok: true; text: string } | { ok: false; code: ErrorCode; text: string };

/** Calls whose answers are kept, and what tells whether the data they read has changed. */
export interface AnswerCacheOptions {
  /** The channels whose successful answers are kept (one input per channel: the last asked). */
  channels: readonly string[];
  /**
   * The version of everything the kept calls read (for the library, the database's: see
   * services/db/data-version.ts): a kept answer is used only while this returns what it returned
   * just before the answer was made. Called on every use, so it must be cheap.
   */
  version: () => string;
}

/** {@link answerCache}'s answers. */
export interface AnswerCache {
  /** The answer to `channel` with `input`: kept, or made now by the dispatch (and kept if it succeeded and the channel is kept). */
  answer(channel: string, input: unknown): Promise<AnswerText>;
  /** Makes and keeps `channel`'s answer with `input` unless it is kept and current (`nightshift host` does so at start). */
  warm(channel: string, input: unknown): Promise<void>;
}

/**
 * Answers of the calls `options.channels` kept as JSON text while the data they read has not
 * changed (`options.version`), so that `nightshift host` answers the library's whole list
 * (`library:list`: ~50 ms of the host's one thread to read and 0.66 MB to write at 10,000 images)
 * from memory each time the library page opens, rather than making it again while the page's
 * scripts are being served. Keyed by channel and the input's JSON; one answer per channel (the
 * last input asked), so memory stays bounded. The version is read before the call is made: a
 * change while it runs makes the next use miss, never keeps an answer older than its version.
 */
export function answerCache(dispatch: Dispatch, options: AnswerCacheOptions): AnswerCache {
  const kept = new Set(options.channels);
  const answers = new Map<string, { input: string; version: string; text: string }>();
  /** The dispatch's answer to `channel` with `input`, as text. */
  const ask = async (channel: string, input: unknown): Promise<AnswerText> => {
    const result = await dispatch(channel, input);
    const text = JSON.stringify(result);
    return result.ok ? { ok: true, text } : { ok: false, code: result.code, text };
  };
  const make = async (channel: string, input: unknown, inputJson: string): Promise<AnswerText> => {
    const version = options.version();
    const answer = await ask(channel, input);
    if (answer.ok) answers.set(channel, { input: inputJson, version, text: answer.text });
    return answer;
  };
  const current = (channel: string, inputJson: string): string | undefined => {
    const a = answers.get(channel);
    return a && a.input === inputJson && a.version === options.version() ? a.text : undefined;
  };
  return {
    async answer(channel, input) {
      if (!kept.has(channel)) return ask(channel, input);
      const inputJson = JSON.stringify(input) ?? 'null';
      const text = current(channel, inputJson);
      return text !== undefined ? { ok: true, text } : make(channel, input, inputJson);
    },
    async warm(channel, input) {
      if (!kept.has(channel)) return;
      const inputJson = JSON.stringify(input) ?? 'null';
      if (current(channel, inputJson) === undefined) await make(channel, input, inputJson);
    },
  };
}
