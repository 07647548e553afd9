import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BrowserWindow, Menu, Notification, Tray, app, ipcMain, nativeImage, net, protocol, safeStorage, session } from 'electron';
import { createDispatch } from '../api/dispatch.js';
import { productFilePath } from '../services/library/product-file.js';
import { handleFileScheme, registerFileScheme } from './file-protocol.js';
import { createNotifier } from './notifications.js';
import { stderrLogger } from '../services/logger.js';
import { createServices, type Services } from '../services/services.js';
import type { SecretCipher } from '../services/secrets.js';
import { PRESTART_AFTER_MS } from '../services/tasks/task-service.js';
import { forwardEvents, registerIpc } from './ipc.js';
import { hardenSession } from './security.js';
import { createTray, type TrayController } from './tray.js';
import { createMainWindow, ownUrlCheck } from './window.js';

/**
 * Starts the desktop app: one instance per user, one window, a tray icon, and the services on
 * Electron's userData folder (the same layout the CLI opens with `--data`).
 */
export function startDesktop(): void {
  app.setName('Nightshift');
  // The library lives where the CLI looks by default (services/paths.ts defaultDataDir).
  app.setPath('userData', join(app.getPath('appData'), 'Nightshift'));
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return;
  }
  registerFileScheme(protocol);
  const logger = stderrLogger('nightshift-app');
  const outDir = join(dirname(fileURLToPath(import.meta.url)), '..');
  const appRoot = join(outDir, '..');
  const iconPath = join(appRoot, 'resources', 'icon.png');
  const devServerUrl = process.env.ELECTRON_RENDERER_URL;
  const windowOptions = { devServerUrl, outDir, iconPath };

  let services: Services | null = null;
  let win: BrowserWindow | null = null;
  let tray: TrayController | null = null;
  let quitting = false;

  const showWindow = () => {
    if (!win || win.isDestroyed()) win = createMainWindow(windowOptions);
    if (win.isMinimized()) win.restore();
    win.show();
    win.focus();
  };

  app.on('second-instance', showWindow);

  app.whenReady().then(
    () => {
      services = createServices({
        dataDir: app.getPath('userData'),
        logger,
        version: app.getVersion(),
        secretCipher: safeStorage.isEncryptionAvailable() ? safeStorageCipher() : undefined,
        // the first folder dropped on the window is extracted by threads that have compiled the extractor
        tasks: { warmUp: true },
      });
      hardenSession(session.defaultSession, devServerUrl);
      const opened = services;
      handleFileScheme(protocol, net, (kind, id) =>
        kind === 'thumb' ? opened.thumbnails.path(id) : productFilePath(opened.db, opened.paths, id),
      );
      const dispatch = createDispatch({ services, shell: 'electron' }, logger);
      registerIpc(ipcMain, dispatch, ownUrlCheck(windowOptions));
      forwardEvents(services.events, () => (win && !win.isDestroyed() ? win.webContents : null));
      const notifier = createNotifier({ Notification }, () => true);
      opened.notices.addSink((notice) =>
        notifier.show({
          title: notice.title,
          body: notice.body,
          onClick: () => {
            showWindow();
            opened.events.emit('open', notice.target);
          },
        }),
      );
      tray = createTray({ Tray, Menu, nativeImage }, iconPath, {
        open: showWindow,
        quit: () => app.quit(),
        setPaused: (paused) => opened.tasks.setPaused(paused),
      });
      // At most twice a second: progress events come in bursts.
      let trayTimer: ReturnType<typeof setTimeout> | null = null;
      const refreshTray = () => {
        trayTimer = null;
        if (services) tray?.update({ ...opened.tasks.queries.queueCounts(), paused: opened.tasks.paused });
      };
      opened.events.onAny((event) => {
        if ((event === 'tasks:changed' || event === 'queue:changed') && !trayTimer) trayTimer = setTimeout(refreshTray, 500);
      });
      refreshTray();
      void opened.tasks
        .start()
        // an import an earlier run never ended (stopped mid-import) is ended now: its calibration is planned
        .then(() => opened.imports.endAbandoned())
        // the pool's threads start (and warm up) once the window is up, not with the first drop
        .then(() => opened.tasks.prestart(PRESTART_AFTER_MS))
        .catch((err: unknown) => logger.error('the task runner did not start', { error: String(err) }));
      showWindow();
    },
    (err: unknown) => {
      logger.error('start-up failed', { error: String(err) });
      app.exit(1);
    },
  );

  // Closing the window keeps the app in the tray while work may be running.
  app.on('window-all-closed', () => {
    if (process.platform === 'darwin') return;
    if (!tray) app.quit();
  });

  app.on('activate', showWindow);

  // Graceful quit: stop the services (tasks stop cleanly and their rows stay consistent).
  app.on('before-quit', (event) => {
    if (quitting || !services) return;
    event.preventDefault();
    quitting = true;
    const closing = services;
    services = null;
    closing
      .close()
      .catch((err: unknown) => logger.error('shutdown failed', { error: String(err) }))
      .finally(() => {
        tray?.destroy();
        app.quit();
      });
  });
}

/** Secrets encrypted with the OS keychain through Electron's safeStorage. */
function safeStorageCipher(): SecretCipher {
  return {
    kind: 'safeStorage',
    encrypt: (plain) => safeStorage.encryptString(plain).toString('base64'),
    decrypt: (stored) => safeStorage.decryptString(Buffer.from(stored, 'base64')),
  };
}
