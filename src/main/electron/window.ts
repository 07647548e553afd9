import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { BrowserWindow, dialog, nativeTheme } from 'electron';
import { lockNavigation } from './security.js';

export interface WindowOptions {
  /** `ELECTRON_RENDERER_URL` in development (electron-vite's dev server). */
  devServerUrl: string | undefined;
  /** The built app's `out/` folder. */
  outDir: string;
  iconPath: string;
}

/** The renderer's own URL(s): the dev server's origin, or our index.html on disk. */
export function ownUrlCheck(options: WindowOptions): (url: string) => boolean {
  if (options.devServerUrl) {
    const origin = new URL(options.devServerUrl).origin;
    return (url) => {
      try {
        return new URL(url).origin === origin;
      } catch {
        return false;
      }
    };
  }
  const index = pathToFileURL(join(options.outDir, 'renderer', 'index.html')).href;
  return (url) => url.split('#')[0]?.split('?')[0] === index;
}

export function createMainWindow(options: WindowOptions): BrowserWindow {
  const win = new BrowserWindow({
    width: 1280,
    height: 820,
    minWidth: 800,
    minHeight: 560,
    show: false,
    title: 'Nightshift',
    icon: options.iconPath,
    // The page's background before it paints (theme.css: --bg of the system's scheme).
    backgroundColor: nativeTheme.shouldUseDarkColors ? '#10131a' : '#f7f8fa',
    webPreferences: {
      preload: join(options.outDir, 'preload', 'index.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      spellcheck: false,
    },
  });
  lockNavigation(win.webContents, ownUrlCheck(options));
  // A page with unsaved changes (Settings) refuses to unload; Electron then asks nobody, so ask
  // here as a browser would: leaving goes ahead only if the user says so.
  win.webContents.on('will-prevent-unload', (event) => {
    const choice = dialog.showMessageBoxSync(win, {
      type: 'question',
      buttons: ['Leave without saving', 'Stay'],
      defaultId: 1,
      cancelId: 1,
      title: 'Unsaved changes',
      message: 'Settings has unsaved changes. Leave without saving?',
    });
    if (choice === 0) event.preventDefault();
  });
  win.once('ready-to-show', () => win.show());
  if (options.devServerUrl) void win.loadURL(options.devServerUrl);
  else void win.loadFile(join(options.outDir, 'renderer', 'index.html'));
  return win;
}
