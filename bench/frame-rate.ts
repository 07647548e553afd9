import type { Page } from 'playwright-core';

/**
 * Frames drawn by the page during `ms` milliseconds (requestAnimationFrame), as frames per
 * second and the longest gap between two frames. Passed as a string: tsx's name helpers do not
 * exist inside the page.
 */
export function frameRate(page: Page, ms: number): Promise<{ fps: number; worstMs: number }> {
  return page.evaluate(`(async () => {
    let n = 0, worst = 0, last = performance.now();
    const start = last;
    await new Promise((done) => {
      const tick = () => {
        const now = performance.now();
        worst = Math.max(worst, now - last);
        last = now;
        n++;
        if (now - start < ${ms}) requestAnimationFrame(tick); else done();
      };
      requestAnimationFrame(tick);
    });
    return { fps: (n * 1000) / ${ms}, worstMs: worst };
  })()`) as Promise<{ fps: number; worstMs: number }>;
}
