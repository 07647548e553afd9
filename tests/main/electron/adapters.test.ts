import { describe, expect, it } from 'vitest';
import type { IpcMain, MenuItemConstructorOptions, NativeImage } from 'electron';
import { registerIpc, senderAllowed } from '../../../src/main/electron/ipc.js';
import { createNotifier, type NotificationDeps } from '../../../src/main/electron/notifications.js';
import { createTray, trayTooltip, type TrayDeps } from '../../../src/main/electron/tray.js';
import { CHANNELS } from '../../../src/shared/channels.js';

/** A stand-in for electron's Tray that records what the app did with it. */
function fakeTrayDeps() {
  const log = { tooltip: '', menus: [] as MenuItemConstructorOptions[][], destroyed: false, clicks: [] as Array<() => void> };
  class Tray {
    constructor(readonly image: unknown) {}
    setToolTip(t: string) {
      log.tooltip = t;
    }
    setContextMenu(m: { template: MenuItemConstructorOptions[] }) {
      log.menus.push(m.template);
    }
    on(_event: string, cb: () => void) {
      log.clicks.push(cb);
    }
    destroy() {
      log.destroyed = true;
    }
  }
  const deps = {
    Tray,
    Menu: { buildFromTemplate: (template: MenuItemConstructorOptions[]) => ({ template }) },
    nativeImage: { createFromPath: (p: string) => ({ path: p }) as unknown as NativeImage },
  } as unknown as TrayDeps;
  return { deps, log };
}

describe('tray adapter', () => {
  it('shows the queue in its tooltip and menu, and its items call the actions', () => {
    const { deps, log } = fakeTrayDeps();
    const calls: string[] = [];
    const tray = createTray(deps, '/icon.png', {
      open: () => calls.push('open'),
      quit: () => calls.push('quit'),
      setPaused: (p) => calls.push(p ? 'pause' : 'resume'),
    });
    expect(log.tooltip).toBe('Nightshift — idle');
    tray.update({ running: 2, queued: 5, paused: false });
    expect(log.tooltip).toBe('Nightshift — 2 running, 5 queued');
    const menu = log.menus.at(-1)!;
    expect(menu[0]!.label).toBe('Nightshift — 2 running, 5 queued');
    menu.find((i) => i.label === 'Open Nightshift')!.click!({} as never, undefined, {} as never);
    menu.find((i) => i.label === 'Pause queue')!.click!({} as never, undefined, {} as never);
    tray.update({ running: 2, queued: 5, paused: true });
    expect(log.tooltip).toBe('Nightshift — 2 running, 5 queued (paused)');
    log.menus.at(-1)!.find((i) => i.label === 'Resume queue')!.click!({} as never, undefined, {} as never);
    menu.find((i) => i.label === 'Quit')!.click!({} as never, undefined, {} as never);
    log.clicks[0]!();
    expect(calls).toEqual(['open', 'pause', 'resume', 'quit', 'open']);
    tray.destroy();
    expect(log.destroyed).toBe(true);
  });

  it('words the tooltip for each state', () => {
    expect(trayTooltip({ running: 1, queued: 0, paused: false })).toBe('Nightshift — 1 running');
    expect(trayTooltip({ running: 0, queued: 3, paused: false })).toBe('Nightshift — 0 running, 3 queued');
    expect(trayTooltip({ running: 0, queued: 0, paused: true })).toBe('Nightshift — idle (paused)');
  });
});

describe('notifications adapter', () => {
  function fakeNotification(supported = true) {
    const shown: Array<{ title: string; body: string; click?: () => void }> = [];
    class Notification {
      static isSupported = () => supported;
      entry: { title: string; body: string; click?: () => void };
      constructor(o: { title: string; body: string }) {
        this.entry = { title: o.title, body: o.body };
      }
      on(_e: string, cb: () => void) {
        this.entry.click = cb;
      }
      show() {
        shown.push(this.entry);
      }
    }
    return { deps: { Notification } as unknown as NotificationDeps, shown };
  }

  it('shows a notice with its click action when enabled', () => {
    const { deps, shown } = fakeNotification();
    let clicked = 0;
    const n = createNotifier(deps, () => true);
    expect(n.show({ title: 'Batch done', body: '3 succeeded', onClick: () => clicked++ })).toBe(true);
    expect(shown).toHaveLength(1);
    shown[0]!.click!();
    expect(clicked).toBe(1);
  });

  it('stays quiet when the setting is off or the system has no notifications', () => {
    const off = fakeNotification();
    expect(createNotifier(off.deps, () => false).show({ title: 't', body: 'b' })).toBe(false);
    expect(off.shown).toHaveLength(0);
    const unsupported = fakeNotification(false);
    expect(createNotifier(unsupported.deps, () => true).show({ title: 't', body: 'b' })).toBe(false);
  });
});

describe('ipc registration', () => {
  const own = (url: string) => url === 'file:///app/out/renderer/index.html';
  const mainFrame = { url: 'file:///app/out/renderer/index.html' };

  it('accepts only our own page in the main frame', () => {
    expect(senderAllowed({ senderFrame: mainFrame, sender: { mainFrame } } as never, own)).toBe(true);
    const child = { url: 'file:///app/out/renderer/index.html' };
    expect(senderAllowed({ senderFrame: child, sender: { mainFrame } } as never, own)).toBe(false);
    const evil = { url: 'https://evil.example/' };
    expect(senderAllowed({ senderFrame: evil, sender: { mainFrame: evil } } as never, own)).toBe(false);
    expect(senderAllowed({ senderFrame: null, sender: { mainFrame } } as never, own)).toBe(false);
  });

  it('registers one handler per channel that answers forbidden to strangers and dispatches the rest', async () => {
    const handlers = new Map<string, (event: unknown, input: unknown) => unknown>();
    const ipcMain = {
      handle: (c: string, h: (event: unknown, input: unknown) => unknown) => handlers.set(c, h),
      removeHandler: (c: string) => handlers.delete(c),
    } as unknown as IpcMain;
    const dispatched: unknown[] = [];
    const off = registerIpc(ipcMain, async (channel, input) => {
      dispatched.push([channel, input]);
      return { ok: true, data: 1 };
    }, own);
    expect([...handlers.keys()].sort()).toEqual([...CHANNELS].sort());
    const good = { senderFrame: mainFrame, sender: { mainFrame } };
    expect(await handlers.get('app:info')!(good, undefined)).toEqual({ ok: true, data: 1 });
    const evil = { url: 'https://evil.example/' };
    expect(await handlers.get('app:info')!({ senderFrame: evil, sender: { mainFrame: evil } }, undefined)).toMatchObject({
      ok: false,
      code: 'forbidden',
    });
    expect(dispatched).toEqual([['app:info', undefined]]);
    off();
    expect(handlers.size).toBe(0);
  });
});
