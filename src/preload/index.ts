/**
 * The sandboxed preload: exposes the fixed `window.nightshift` API, one method per contract
 * channel. It validates nothing (the main process does) and never exposes `ipcRenderer`.
 */
import { contextBridge, ipcRenderer, webUtils, type IpcRendererEvent } from 'electron';
import { buildRawApi } from '../shared/api.js';
import { EVENT_CHANNEL, EVENT_NAMES } from '../shared/channels.js';
import type { EventName } from '../shared/contract.js';
import type { Result } from '../shared/result.js';

const api = buildRawApi(
  (channel, input) => ipcRenderer.invoke(channel, input) as Promise<Result<unknown>>,
  (event: EventName, listener: (payload: unknown) => void) => {
    if (!(EVENT_NAMES as readonly string[]).includes(event)) throw new Error(`unknown event ${String(event)}`);
    const handler = (_e: IpcRendererEvent, name: unknown, payload: unknown) => {
      if (name === event) listener(payload);
    };
    ipcRenderer.on(EVENT_CHANNEL, handler);
    return () => ipcRenderer.off(EVENT_CHANNEL, handler);
  },
  // Dropped files reach the main process as paths; it re-checks every one.
  { pathForFile: (file: Blob) => webUtils.getPathForFile(file as File) },
);

contextBridge.exposeInMainWorld('nightshift', api);
