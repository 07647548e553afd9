/**
 * A call's answer carried in the page itself: `nightshift host` runs one call (the library's
 * first screenful) when it serves `index.html` and writes the answer into it as a JSON script
 * element (`<script type="application/json" id="nightshift-answer">`, never run, so the page's
 * CSP allows it); the boot script reads it and the app takes it as that call's answer without
 * asking over the WebSocket, so the first rows need no round trip. The answer is as of the
 * page's serving: the app asks for the whole list next, over the socket, and that replaces it.
 * Pure: no DOM, no node.
 */
import type { Result } from './result.js';

/** The id of the script element that holds the answer. */
export const PAGE_ANSWER_ID = 'nightshift-answer';

/**
 * The WebSocket address's parameter carrying the library revision the page came with (the
 * answer element's `data-revision`): the host, accepting the socket, sends `products:changed`
 * first if its revision is another, so a list the page fetched early (boot.ts) is never kept
 * stale. The revision counts the host's `products:changed` events since it started.
 */
export const PAGE_REVISION_PARAM = 'rev';

/** A call and its answer, as the page carries it. */
export interface PageAnswer {
  channel: string;
  input: unknown;
  result: Result<unknown>;
}

/**
 * The script element holding `answer` as JSON, safe inside HTML: `<` is written `\u003c` (so
 * no `</script>` or `<!--` in a value ends or changes the element), and U+2028/U+2029 escaped.
 */
export function pageAnswerElement(answer: PageAnswer, revision?: number): string {
  const json = JSON.stringify(answer).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
  const rev = revision === undefined ? '' : ` data-revision="${Math.trunc(revision)}"`;
  return `<script type="application/json" id="${PAGE_ANSWER_ID}"${rev}>${json}</script>`;
}

/** The revision in an element's `data-revision` (a whole number ≥ 0), or null. */
export function readRevision(text: string | null | undefined): number | null {
  return text && /^\d{1,15}$/.test(text) ? Number(text) : null;
}

/** The answer in `text` (the element's text), or null if there is none or it is not one. */
export function readPageAnswer(text: string | null | undefined): PageAnswer | null {
  if (!text) return null;
  try {
    const a = JSON.parse(text) as Partial<PageAnswer> | null;
    if (!a || typeof a.channel !== 'string' || typeof a.result !== 'object' || a.result === null || typeof a.result.ok !== 'boolean') return null;
    return { channel: a.channel, input: a.input, result: a.result };
  } catch {
    return null;
  }
}
