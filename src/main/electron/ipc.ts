import type { IpcMain, IpcMainInvokeEvent, WebContents } from 'electron';
import type { Dispatch } from '../api/dispatch.js';
import { CHANNELS, EVENT_CHANNEL } from '../../shared/channels.js';
import type { EventBus } from '../services/events.js';
import { fail } from '../../shared/result.js';

/**
 * Registers one `ipcMain.handle` per contract channel. Each call must come from the main frame
 * of our window showing our own page; anything else gets `forbidden`. Arguments are parsed by
 * the dispatcher, which never throws, so nothing bubbles into Electron.
 */
export function registerIpc(ipcMain: IpcMain, dispatch: Dispatch, isOwnUrl: (url: string) => boolean): () => void {
  for (const channel of CHANNELS) {
    ipcMain.handle(channel, (event: IpcMainInvokeEvent, input: unknown) => {
      if (!senderAllowed(event, isOwnUrl)) return fail('forbidden', `${channel}: sender is not the Nightshift window`);
      return dispatch(channel, input);
    });
  }
  return () => {
    for (const channel of CHANNELS) ipcMain.removeHandler(channel);
  };
}

export function senderAllowed(event: Pick<IpcMainInvokeEvent, 'senderFrame' | 'sender'>, isOwnUrl: (url: string) => boolean): boolean {
  const frame = event.senderFrame;
  if (!frame || frame !== event.sender.mainFrame) return false;
  return isOwnUrl(frame.url);
}

/** Forwards every service event to the window on one channel. */
export function forwardEvents(events: EventBus, target: () => WebContents | null): () => void {
  return events.onAny((event, payload) => {
    const contents = target();
    if (contents && !contents.isDestroyed()) contents.send(EVENT_CHANNEL, event, payload);
  });
}
