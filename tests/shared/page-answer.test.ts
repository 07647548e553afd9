import { describe, expect, it } from 'vitest';
import { PAGE_ANSWER_ID, pageAnswerElement, readPageAnswer, readRevision, type PageAnswer } from '../../src/shared/page-answer.js';

/** The element's text, as the page's DOM would give it. */
const textOf = (element: string): string => element.replace(/^<script[^>]*>/, '').replace(/<\/script>$/, '');

describe('a call answered in the page', () => {
  it('is a JSON script element the page reads back as it was written', () => {
    const answer: PageAnswer = { channel: 'products:list', input: { limit: 40, order: 'date' }, result: { ok: true, data: [{ id: 1, name: 'm31.fits' }] } };
    const element = pageAnswerElement(answer);
    expect(element.startsWith(`<script type="application/json" id="${PAGE_ANSWER_ID}">`)).toBe(true);
    expect(readPageAnswer(textOf(element))).toEqual(answer);
  });

  it('cannot end its element or open a comment, whatever the values hold', () => {
    const name = '</script><script>alert(1)</script><!-- \u2028\u2029';
    const element = pageAnswerElement({ channel: 'products:list', input: null, result: { ok: true, data: [{ name }] } });
    const text = textOf(element);
    expect(text).not.toContain('<');
    expect(text).not.toMatch(/[\u2028\u2029]/);
    expect(element.match(/<\/script>/g)).toHaveLength(1);
    expect((readPageAnswer(text)?.result as { data: Array<{ name: string }> }).data[0]!.name).toBe(name);
  });

  it('carries a revision in data-revision when given, read back as a whole number or null', () => {
    const element = pageAnswerElement({ channel: 'products:list', input: null, result: { ok: true, data: [] } }, 12);
    expect(element.startsWith(`<script type="application/json" id="${PAGE_ANSWER_ID}" data-revision="12">`)).toBe(true);
    expect(readRevision('12')).toBe(12);
    expect(readRevision('0')).toBe(0);
    for (const text of [null, undefined, '', '-1', '1.5', 'x', '1e3']) expect(readRevision(text), String(text)).toBeNull();
  });

  it('is none when the element is missing, empty or not an answer', () => {
    for (const text of [null, undefined, '', 'not json', '[]', 'null', '{"channel":"products:list"}', '{"channel":1,"result":{"ok":true}}']) {
      expect(readPageAnswer(text), String(text)).toBeNull();
    }
  });
});
