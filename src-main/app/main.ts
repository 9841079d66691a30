/**
 * The Electron shell: lifecycle, the window, the menu, the app protocol and the security
 * handlers. Everything that can be a plain function lives beside this file and is tested
 * under Node; this file only wires them to Electron.
 */
import { app, BrowserWindow, dialog, ipcMain, Menu, protocol, session, shell, type WebContents } from 'electron';
import { readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { EventName } from '../common/contract';
import { CONTENT_SECURITY_POLICY } from '../common/csp';
import { resolveDataDir } from '../data-dir';
import { MEDIA_HEADERS } from '../host/policy';
import { startHost, type RunningHost } from '../host/server';
import { contentTypeFor } from '../host/static-files';
import { loadOrCreateToken } from '../host/token';
import { openNotebook, type Notebook } from '../notebook';
import { APP_ENTRY_URL, APP_SCHEME, mediaHashOf, resolveAppFile } from './app-protocol';
import { handleFolderChoice } from './choose-folder';
import { EVENT_CHANNEL, INVOKE_CHANNEL } from './ipc-channels';
import { createInvokeHandler } from './invoke-handler';
import { menuTemplate } from './menu';
import { isNavigationAllowed, isPermissionGranted, isTrustedSender, secureWebPreferences, windowOpenDecision } from './security';

const RENDERER_DIR = fileURLToPath(new URL('../renderer/', import.meta.url));
const PRELOAD = fileURLToPath(new URL('../preload/preload.cjs', import.meta.url));
const isDevelopment = !app.isPackaged;

protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } }]);

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
  app.on('web-contents-created', (_event, contents) => harden(contents));
  app.whenReady().then(start, (error: unknown) => fail(error));
  app.on('window-all-closed', () => app.quit());
  app.on('will-quit', () => {
    void host?.close();
    notebook?.close();
  });
}

async function start(): Promise<void> {
  try {
    notebook = openNotebook(dataDir, { nativeBinding: process.env.COMMONPLACE_SQLITE_BINDING || undefined });
  } catch (error) {
    return fail(error);
  }
  const opened = notebook;
  // electron.config.ts builds the worker beside this file.
  void opened.buildSearchLists(new URL('./search-lists-worker.js', import.meta.url));
  protocol.handle(APP_SCHEME, serveAppFile);
  session.defaultSession.setPermissionRequestHandler((_contents, permission, callback) => callback(isPermissionGranted(permission)));
  session.defaultSession.setPermissionCheckHandler((_contents, permission) => isPermissionGranted(permission));

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

/** Applies the navigation, window-open and webview rules to every web contents, as it is created. */
function harden(contents: WebContents): void {
  contents.on('will-navigate', (event, url) => {
    if (!isNavigationAllowed(url)) event.preventDefault();
  });
  contents.on('will-redirect', (event, url) => {
    if (!isNavigationAllowed(url)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    const decision = windowOpenDecision(url);
    if (decision.openExternally) void shell.openExternal(decision.openExternally);
    return { action: decision.action };
  });
}

async function serveAppFile(request: Request): Promise<Response> {
  const media = mediaHashOf(request.url);
  if (media) {
    const asset = notebook?.service.media(media);
    if (!asset) return new Response('Not found', { status: 404 });
    return new Response(new Uint8Array(asset.bytes), { headers: { ...MEDIA_HEADERS, 'content-type': asset.mime } });
  }
  const file = resolveAppFile(request.url, RENDERER_DIR);
  if (!file) return new Response('Not found', { status: 404 });
  try {
    const body = await readFile(file);
    return new Response(body, {
      headers: { 'content-type': contentTypeFor(file), 'content-security-policy': CONTENT_SECURITY_POLICY, 'x-content-type-options': 'nosniff' },
    });
  } catch {
    return new Response('Not found', { status: 404 });
  }
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
