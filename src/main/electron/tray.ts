import type { Menu as MenuT, MenuItemConstructorOptions, Tray as TrayT, NativeImage } from 'electron';

/** The parts of `electron` the tray needs, passed in so tests can replace them. */
export interface TrayDeps {
  Tray: new (image: NativeImage | string) => TrayT;
  Menu: { buildFromTemplate(template: MenuItemConstructorOptions[]): MenuT };
  nativeImage: { createFromPath(path: string): NativeImage };
}

export interface TrayState {
  running: number;
  queued: number;
  paused: boolean;
}

export interface TrayActions {
  open(): void;
  quit(): void;
  setPaused(paused: boolean): void;
}

export interface TrayController {
  update(state: TrayState): void;
  destroy(): void;
}

/** The tray's tooltip for a queue state, e.g. "Nightshift — 2 running, 5 queued (paused)". */
export function trayTooltip(state: TrayState): string {
  const suffix = state.paused ? ' (paused)' : '';
  if (state.running === 0 && state.queued === 0) return `Nightshift — idle${suffix}`;
  const parts = [`${state.running} running`];
  if (state.queued > 0) parts.push(`${state.queued} queued`);
  return `Nightshift — ${parts.join(', ')}${suffix}`;
}

export function createTray(deps: TrayDeps, iconPath: string, actions: TrayActions): TrayController {
  const tray = new deps.Tray(deps.nativeImage.createFromPath(iconPath));
  const render = (state: TrayState) => {
    tray.setToolTip(trayTooltip(state));
    tray.setContextMenu(
      deps.Menu.buildFromTemplate([
        { label: trayTooltip(state), enabled: false },
        { type: 'separator' },
        { label: 'Open Nightshift', click: () => actions.open() },
        state.paused
          ? { label: 'Resume queue', click: () => actions.setPaused(false) }
          : { label: 'Pause queue', click: () => actions.setPaused(true) },
        { type: 'separator' },
        { label: 'Quit', click: () => actions.quit() },
      ]),
    );
  };
  tray.on('click', () => actions.open());
  render({ running: 0, queued: 0, paused: false });
  return { update: render, destroy: () => tray.destroy() };
}
