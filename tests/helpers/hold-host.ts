import type { Page } from 'playwright-core';

/**
 * Holds back everything the host sends on `page`'s WebSocket until the returned function is
 * called (what the page sends goes through): the page as it is before any answer has come.
 * Call before the page is loaded.
 */
export async function holdHost(page: Page): Promise<() => void> {
  let releaseNow: () => void = () => undefined;
  await page.routeWebSocket(/\/ws/, (ws) => {
    const server = ws.connectToServer();
    const held: string[] = [];
    let holding = true;
    releaseNow = () => {
      holding = false;
      for (const m of held.splice(0)) ws.send(m);
    };
    ws.onMessage((m) => server.send(String(m)));
    server.onMessage((m) => {
      if (holding) held.push(String(m));
      else ws.send(String(m));
    });
  });
  return () => releaseNow();
}
