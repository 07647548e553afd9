import type { Session, WebContents } from 'electron';
import { contentSecurityPolicy } from '../../shared/csp.js';

/** The policy for the desktop window: the app's one policy plus its `nightshift:` file protocol. */
export const CONTENT_SECURITY_POLICY = contentSecurityPolicy({ img: ['nightshift:'], connect: ['nightshift:'] });

/** Denies every permission request except notifications; adds the CSP to every response. */
export function hardenSession(session: Session, devServerUrl: string | undefined): void {
  session.setPermissionRequestHandler((_contents, permission, callback) => callback(permission === 'notifications'));
  session.setPermissionCheckHandler((_contents, permission) => permission === 'notifications');
  if (!devServerUrl) {
    session.webRequest.onHeadersReceived((details, callback) => {
      callback({
        responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] },
      });
    });
  }
}

/** Blocks navigation away from the app and every `window.open`. */
export function lockNavigation(contents: WebContents, isOwnUrl: (url: string) => boolean): void {
  contents.on('will-navigate', (event, url) => {
    if (!isOwnUrl(url)) event.preventDefault();
  });
  contents.on('will-redirect', (event, url) => {
    if (!isOwnUrl(url)) event.preventDefault();
  });
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  contents.on('will-attach-webview', (event) => event.preventDefault());
}
