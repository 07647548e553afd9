import type { Page } from 'playwright-core';

/**
 * Holds back everything the host sends on `page`'s WebSocket, and its answers to `POST /call`
 * (the whole list the boot script fetches), until the returned function is called (what the
 * page sends goes through): the page as it is before any answer has come. Call before the page
 * is loaded.
 */
export async function holdHost(page: Page): Promise<() => void> {
  let releaseNow: () => void = () => undefined;
  let releaseCalls: () => void = () => undefined;
  const callsHeld = new Promise<void>((resolve) => {
    releaseCalls = resolve;
  });
  await page.route(
    (url) => url.pathname === '/call',
    async (route) => {
      const response = await route.fetch();
      await callsHeld;
      await route.fulfill({ response });
    },
  );
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
  return () => {
    releaseCalls();
    releaseNow();
  };
}
