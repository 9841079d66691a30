/**
 * Electron's security checklist as plain values and functions, so each is tested under Node;
 * harden.ts attaches them to every web contents and the session, main.ts to the window and IPC.
 *
 * The checklist (electronjs.org/docs/latest/tutorial/security), item by item:
 *  1 Only load secure content — applies: the window shows only commonplace://app (isNavigationAllowed); the CSP allows no other network.
 *  2 No Node.js integration for remote content — applies: nodeIntegration off everywhere (secureWebPreferences); no remote content is loaded.
 *  3 Context isolation — applies: contextIsolation on (secureWebPreferences).
 *  4 Process sandboxing — applies: sandbox on (secureWebPreferences), and main.ts calls app.enableSandbox() for every renderer.
 *  5 Permission request handler — applies: hardenSession sets the request and check handlers (isPermissionGranted) and refuses every device.
 *  6 Do not disable webSecurity — applies: webSecurity on (secureWebPreferences).
 *  7 Content-Security-Policy — applies: common/csp.ts, sent on every page response of the app protocol (app-file-server.ts) and in index.html.
 *  8 No allowRunningInsecureContent — applies: off (secureWebPreferences).
 *  9 No experimental features — applies: off (secureWebPreferences).
 * 10 No enableBlinkFeatures — applies: never set (secureWebPreferences has no such key).
 * 11 <webview> allowpopups — does not apply: there is no webview (webviewTag off, and hardenWebContents refuses will-attach-webview).
 * 12 Verify <webview> options — does not apply: for the same reason, no webview is ever attached.
 * 13 Limit navigation — applies: hardenWebContents refuses will-navigate, will-frame-navigate and will-redirect away from the app.
 * 14 Limit new windows — applies: hardenWebContents's window-open handler always denies (windowOpenDecision).
 * 15 shell.openExternal with untrusted content — applies: only with externalUrl's re-serialized http, https or mailto URL.
 * 16 A current Electron — applies, outside the code: package.json pins Electron exactly; upgrading is a deliberate change.
 * 17 Validate IPC senders — applies: every ipcMain.handle checks isTrustedSender (invoke-handler.ts, choose-folder.ts).
 * 18 Custom protocol, not file:// — applies: the renderer is served by commonplace://app (app-protocol.ts); file: navigation is refused.
 * 19 Fuses — applies: electronFuses in electron-builder.config.cjs (tests/unit/packaging.test.ts reads it).
 * 20 No raw Electron APIs for the page — applies: preload.ts exposes three wrapped functions; listeners never see the IpcRendererEvent.
 */
import type { WebPreferences } from 'electron';
import { isAppUrl } from './app-protocol';

export function secureWebPreferences(preload: string): WebPreferences {
  return {
    preload,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    experimentalFeatures: false,
    navigateOnDragDrop: false,
    safeDialogs: true,
    spellcheck: true,
  };
}

/** will-navigate, will-frame-navigate, will-redirect: the window only ever shows the app. */
export function isNavigationAllowed(url: string): boolean {
  return isAppUrl(url);
}

const EXTERNAL_PROTOCOLS = new Set(['http:', 'https:', 'mailto:']);

/** The URL to hand to the system browser, re-serialized after parsing, or null to refuse it. */
export function externalUrl(url: string): string | null {
  try {
    const parsed = new URL(url);
    if (!EXTERNAL_PROTOCOLS.has(parsed.protocol)) return null;
    if (parsed.protocol !== 'mailto:' && !parsed.hostname) return null;
    if (parsed.username || parsed.password) return null;
    return parsed.href;
  } catch {
    return null;
  }
}

/**
 * setWindowOpenHandler: no window ever opens inside the app. A web link (an article's link
 * opens with target=_blank) goes to the system browser instead.
 */
export function windowOpenDecision(url: string): { action: 'deny'; openExternally: string | null } {
  return { action: 'deny', openExternally: externalUrl(url) };
}

/**
 * Camera, microphone, geolocation, notifications, clipboard reads…: a notebook needs none. It
 * needs one thing only, and only for its own page: writing text to the clipboard ("Copy with
 * citation"). `requestingUrl` is the URL of the frame that asks.
 */
export function isPermissionGranted(permission: string, requestingUrl: string): boolean {
  return permission === 'clipboard-sanitized-write' && isAppUrl(requestingUrl);
}

/** IPC is answered only for the app's own top-level page, never for a frame inside it. */
export function isTrustedSender(frame: { url: string; parent: unknown } | null | undefined): boolean {
  return !!frame && frame.parent === null && isAppUrl(frame.url);
}
