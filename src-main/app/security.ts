/**
 * Electron's security checklist as plain values and functions, so each is tested under Node;
 * main.ts only attaches them to the window, the session and the IPC handler.
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

/** will-navigate: the window only ever shows the app; anything else is refused. */
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
 * needs one thing only: writing text to the clipboard ("Copy with citation").
 */
export function isPermissionGranted(permission: string): boolean {
  return permission === 'clipboard-sanitized-write';
}

/** IPC is answered only for the app's own top-level page, never for a frame inside it. */
export function isTrustedSender(frame: { url: string; parent: unknown } | null | undefined): boolean {
  return !!frame && frame.parent === null && isAppUrl(frame.url);
}
