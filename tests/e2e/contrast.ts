import type { Page } from 'playwright-core';

/** One text on the page whose contrast was measured. */
export interface TextContrast {
  /** A short description: tag, class and the start of its text. */
  what: string;
  /** WCAG 2 contrast ratio of its colour against what is behind it (1–21). */
  ratio: number;
}

/**
 * The WCAG 2 contrast ratio of every visible text on the page (elements with text of their own,
 * and form fields' values) against its effective background: the computed background colours of
 * it and its ancestors composited from the first opaque one up, the text colour composited over
 * that. Disabled controls (WCAG exempts them) and text in SVG are left out.
 */
export async function measureTextContrast(page: Page): Promise<TextContrast[]> {
  return page.evaluate(() => {
    type Rgba = [number, number, number, number];
    const parse = (css: string): Rgba => {
      const m = /rgba?\(([^)]+)\)/.exec(css);
      if (!m) return [0, 0, 0, 0];
      const p = m[1]!.split(/[\s,/]+/).filter(Boolean).map(Number);
      return [p[0]!, p[1]!, p[2]!, p.length > 3 ? p[3]! : 1];
    };
    const over = (top: Rgba, under: Rgba): Rgba => {
      const a = top[3];
      return [top[0] * a + under[0] * (1 - a), top[1] * a + under[1] * (1 - a), top[2] * a + under[2] * (1 - a), 1];
    };
    const lum = (c: Rgba) => {
      const ch = (v: number) => {
        const s = v / 255;
        return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
      };
      return 0.2126 * ch(c[0]) + 0.7152 * ch(c[1]) + 0.0722 * ch(c[2]);
    };
    const background = (el: Element): Rgba => {
      const layers: Rgba[] = [];
      for (let e: Element | null = el; e; e = e.parentElement) {
        const c = parse(getComputedStyle(e).backgroundColor);
        if (c[3] > 0) layers.push(c);
        if (c[3] >= 1) break;
      }
      let bg: Rgba = [255, 255, 255, 1];
      for (let i = layers.length - 1; i >= 0; i--) bg = over(layers[i]!, bg);
      return bg;
    };
    const hidden = (el: Element): boolean => {
      for (let e: Element | null = el; e; e = e.parentElement) {
        const s = getComputedStyle(e);
        if (s.visibility === 'hidden' || s.display === 'none' || Number(s.opacity) < 1) return true;
        if ((e as HTMLButtonElement).disabled === true) return true;
      }
      return el.getClientRects().length === 0;
    };
    const out: Array<{ what: string; ratio: number }> = [];
    for (const el of document.body.querySelectorAll('*')) {
      if (el.closest('svg') || el.tagName === 'SCRIPT' || el.tagName === 'STYLE' || el.tagName === 'OPTION') continue;
      const field = el instanceof HTMLInputElement ? el.type !== 'checkbox' && el.type !== 'file' && el.value !== '' : el instanceof HTMLSelectElement || el instanceof HTMLTextAreaElement;
      const text = [...el.childNodes].some((n) => n.nodeType === Node.TEXT_NODE && (n.textContent ?? '').trim() !== '');
      if ((!text && !field) || hidden(el)) continue;
      const bg = background(el);
      const fg = over(parse(getComputedStyle(el).color), bg);
      const [l1, l2] = [lum(fg), lum(bg)].sort((a, b) => b - a) as [number, number];
      const label = (el.textContent ?? (el as HTMLInputElement).value ?? '').trim().slice(0, 30);
      out.push({ what: `${el.tagName.toLowerCase()}${el.className && typeof el.className === 'string' ? `.${el.className.trim().split(/\s+/).join('.')}` : ''} "${label}"`, ratio: (l1 + 0.05) / (l2 + 0.05) });
    }
    return out;
  });
}
