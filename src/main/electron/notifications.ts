import type { Notification as NotificationT, NotificationConstructorOptions } from 'electron';

/** The part of `electron` the notifier needs, passed in so tests can replace it. */
export interface NotificationDeps {
  Notification: { new (options: NotificationConstructorOptions): NotificationT; isSupported(): boolean };
}

export interface NoticeRequest {
  title: string;
  body: string;
  onClick?: () => void;
}

export interface Notifier {
  /** Shows a native notification unless notifications are off or unsupported; returns whether it did. */
  show(notice: NoticeRequest): boolean;
}

export function createNotifier(deps: NotificationDeps, enabled: () => boolean): Notifier {
  return {
    show(notice) {
      if (!enabled() || !deps.Notification.isSupported()) return false;
      const n = new deps.Notification({ title: notice.title, body: notice.body, silent: false });
      if (notice.onClick) n.on('click', notice.onClick);
      n.show();
      return true;
    },
  };
}
