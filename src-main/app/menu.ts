/** The native menu as data: main.ts builds it, tests read the accelerators. */
import type { MenuItemConstructorOptions } from 'electron';

export interface MenuActions {
  clipFromUrl(): void;
  openHtmlFile(): void;
  quit(): void;
  reload(): void;
}

export function menuTemplate(options: { platform: NodeJS.Platform; isDevelopment: boolean; actions: MenuActions }): MenuItemConstructorOptions[] {
  const { platform, isDevelopment, actions } = options;
  const file: MenuItemConstructorOptions = {
    label: '&File',
    submenu: [
      { label: 'Clip from URL…', accelerator: 'CmdOrCtrl+L', click: () => actions.clipFromUrl() },
      { label: 'Open HTML File…', accelerator: 'CmdOrCtrl+O', click: () => actions.openHtmlFile() },
      { type: 'separator' },
      { label: platform === 'darwin' ? 'Quit Commonplace' : 'Quit', accelerator: 'CmdOrCtrl+Q', click: () => actions.quit() },
    ],
  };
  const edit: MenuItemConstructorOptions = {
    label: '&Edit',
    submenu: [{ role: 'undo' }, { role: 'redo' }, { type: 'separator' }, { role: 'cut' }, { role: 'copy' }, { role: 'paste' }, { role: 'selectAll' }],
  };
  const view: MenuItemConstructorOptions = {
    label: '&View',
    submenu: [
      ...(isDevelopment
        ? [{ label: 'Reload', accelerator: 'CmdOrCtrl+R', click: () => actions.reload() } satisfies MenuItemConstructorOptions, { type: 'separator' } as const]
        : []),
      { role: 'resetZoom' },
      { role: 'zoomIn' },
      { role: 'zoomOut' },
      { type: 'separator' },
      { role: 'togglefullscreen' },
    ],
  };
  const appMenu: MenuItemConstructorOptions[] = platform === 'darwin' ? [{ role: 'appMenu' }] : [];
  return [...appMenu, file, edit, view, { role: 'windowMenu' }];
}
