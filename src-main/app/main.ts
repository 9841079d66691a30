/**
 * The Electron shell: lifecycle, the window, the menu, the app protocol and the security
 * handlers. Everything that can be a plain function lives beside this file and is tested
 * under Node; this file only wires them to Electron.
 */
import { app, BrowserWindow, dialog, ipcMain, Menu, protocol, session, shell } from 'electron';
import { readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { EventName } from '../common/contract';
import { resolveDataDir } from '../data-dir';
import { startHost, type RunningHost } from '../host/server';
import { loadOrCreateToken } from '../host/token';
import { isDamagedNotebook, openNotebook, type Notebook } from '../notebook';
import { createAppFileServer } from './app-file-server';
import { APP_ENTRY_URL, APP_SCHEME, APP_SCHEME_PRIVILEGED } from './app-protocol';
import { handleFolderChoice } from './choose-folder';
import { hardenSession, hardenWebContents } from './harden';
import { EVENT_CHANNEL, INVOKE_CHANNEL } from './ipc-channels';
import { createInvokeHandler } from './invoke-handler';
import { menuTemplate } from './menu';
import { offerRestore } from './recover-notebook';
import { isTrustedSender, secureWebPreferences } from './security';

const RENDERER_DIR = fileURLToPath(new URL('../renderer/', import.meta.url));
const PRELOAD = fileURLToPath(new URL('../preload/preload.cjs', import.meta.url));
const isDevelopment = !app.isPackaged;

// Every renderer sandboxed, whatever its web preferences say; both calls must precede ready.
app.enableSandbox();
protocol.registerSchemesAsPrivileged([APP_SCHEME_PRIVILEGED]);

const dataFlag = process.argv.indexOf('--data');
const dataDir = resolveDataDir({ flag: dataFlag > 0 ? process.argv[dataFlag + 1] : undefined });
// The single-instance lock is keyed by userData: one folder per notebook, one app per notebook.
app.setPath('userData', join(dataDir, 'electron'));

let window: BrowserWindow | null = null;
let notebook: Notebook | null = null;
let host: RunningHost | null = null;

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', () => {
    if (!window) return;
    if (window.isMinimized()) window.restore();
    window.focus();
  });
  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents, (url) => void shell.openExternal(url)));
  app.whenReady().then(start, (error: unknown) => fail(error));
  app.on('window-all-closed', () => app.quit());
  app.on('will-quit', () => {
    void host?.close();
    notebook?.close();
  });
}

async function start(): Promise<void> {
  const nativeBinding = process.env.COMMONPLACE_SQLITE_BINDING || undefined;
  try {
    notebook = openNotebook(dataDir, { nativeBinding });
  } catch (error) {
    if (!isDamagedNotebook(error)) return fail(error);
    notebook = await offerRestore(dataDir, error, () => openNotebook(dataDir, { nativeBinding }), nativeBinding);
    if (!notebook) return app.exit(1);
  }
  const opened = notebook;
  // electron.config.ts builds the worker beside this file.
  void opened.buildSearchLists(new URL('./search-lists-worker.js', import.meta.url));
  opened.keepDailyBackups((message) => console.warn(message));
  protocol.handle(APP_SCHEME, createAppFileServer(RENDERER_DIR, (sha256) => opened.service.media(sha256)));
  hardenSession(session.defaultSession);

  const invoke = createInvokeHandler(opened.service, (frame) => isTrustedSender(frame as { url: string; parent: unknown } | null));
  ipcMain.handle(INVOKE_CHANNEL, (event, method, input) => invoke(event.senderFrame, method, input));
  handleFolderChoice();

  // The loopback host stays up while the app runs, so the browser bookmarklet can clip into it.
  const token = loadOrCreateToken(dataDir);
  host = await startHost({
    api: opened.service,
    media: (sha256) => opened.service.media(sha256),
    token,
    rendererDir: RENDERER_DIR,
    onPortTaken: (preferred, used) => console.warn(`Port ${preferred} is in use; the app listens on ${used} instead.`),
  }).catch((error: unknown) => {
    console.warn(`The loopback host did not start: ${(error as Error).message}`);
    return null;
  });
  if (host) opened.service.setLoopback(host.port, token);

  Menu.setApplicationMenu(
    Menu.buildFromTemplate(
      menuTemplate({
        platform: process.platform,
        isDevelopment,
        actions: {
          clipFromUrl: () => send('clipUrlRequested'),
          openHtmlFile: () => void openHtmlFiles(opened),
          quit: () => app.quit(),
          reload: () => void (window && flushRenderer(window).then(() => window?.webContents.reload())),
        },
      }),
    ),
  );
  createWindow();
}

const FLUSH_TIMEOUT_MS = 3000;

function createWindow(): void {
  window = new BrowserWindow({
    width: 1200,
    height: 860,
    minWidth: 560,
    minHeight: 420,
    title: 'Commonplace',
    show: false,
    webPreferences: secureWebPreferences(PRELOAD),
  });
  window.once('ready-to-show', () => window?.show());
  // Closing (and quitting, which closes) waits for the renderer's unsaved notes to be saved.
  let flushed = false;
  window.on('close', (event) => {
    if (flushed || !window) return;
    event.preventDefault();
    void flushRenderer(window).finally(() => {
      flushed = true;
      window?.close();
    });
  });
  window.on('closed', () => (window = null));
  void window.loadURL(APP_ENTRY_URL);
}

/** Asks the renderer to save what is unsaved (src-renderer/lib/pending-saves.ts), for at most 3 s. */
function flushRenderer(target: BrowserWindow): Promise<void> {
  const flush = target.webContents.executeJavaScript('globalThis.commonplaceFlush?.()', true).catch(() => undefined);
  return Promise.race([flush, new Promise<void>((resolve) => setTimeout(resolve, FLUSH_TIMEOUT_MS))]).then(() => undefined);
}

async function openHtmlFiles(opened: Notebook): Promise<void> {
  if (!window) return;
  const choice = await dialog.showOpenDialog(window, {
    title: 'Clip a saved web page',
    properties: ['openFile', 'multiSelections'],
    filters: [{ name: 'Web pages', extensions: ['html', 'htm', 'xhtml'] }],
  });
  const failures: string[] = [];
  for (const path of choice.filePaths) {
    try {
      const bytes = await readFile(path);
      await opened.service.clipFile({ fileName: basename(path), contentBase64: bytes.toString('base64') });
    } catch (error) {
      failures.push(`${basename(path)}: ${(error as Error).message}`);
    }
  }
  send('libraryChanged');
  if (failures.length > 0) await dialog.showMessageBox(window, { type: 'error', message: 'Some files could not be clipped', detail: failures.join('\n') });
}

function send(event: EventName): void {
  window?.webContents.send(EVENT_CHANNEL, event);
}

function fail(error: unknown): void {
  dialog.showErrorBox('Commonplace could not open its notebook', `${(error as Error).message}\n\nFolder: ${dataDir}`);
  app.exit(1);
}
