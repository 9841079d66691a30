/**
 * Attaches the checklist's rules (security.ts) to Electron's objects. Each function takes only
 * the part of Electron's API it uses, so a test can hand it a stand-in that keeps the
 * handlers and fires them as Electron would.
 */
import { isNavigationAllowed, isPermissionGranted, windowOpenDecision } from './security';

/** What Electron gives a navigation listener: where to, and how to stop it. */
export interface NavigationAttempt {
  url: string;
  preventDefault(): void;
}

/** The part of Electron's WebContents that the rules attach to. */
export interface HardenableContents {
  on(event: 'will-navigate' | 'will-frame-navigate' | 'will-redirect', listener: (attempt: NavigationAttempt) => void): unknown;
  on(event: 'will-attach-webview', listener: (event: { preventDefault(): void }) => void): unknown;
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' }): void;
}

/**
 * Navigation of the page or any frame in it (will-frame-navigate also sees subframes, and
 * will-redirect sees server redirects) stops at the app; no webview is ever attached; no
 * window ever opens, and a web or mail link goes to the system instead, re-serialized.
 */
export function hardenWebContents(contents: HardenableContents, openExternally: (url: string) => void): void {
  const refuseOutsideApp = (attempt: NavigationAttempt) => {
    if (!isNavigationAllowed(attempt.url)) attempt.preventDefault();
  };
  contents.on('will-navigate', refuseOutsideApp);
  contents.on('will-frame-navigate', refuseOutsideApp);
  contents.on('will-redirect', refuseOutsideApp);
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    const decision = windowOpenDecision(url);
    if (decision.openExternally) openExternally(decision.openExternally);
    return { action: decision.action };
  });
}

/** The part of Electron's Session that decides permissions. */
export interface HardenableSession {
  setPermissionRequestHandler(
    handler: (contents: unknown, permission: string, callback: (granted: boolean) => void, details: { requestingUrl: string }) => void,
  ): void;
  setPermissionCheckHandler(handler: (contents: unknown, permission: string, requestingOrigin: string, details: { requestingUrl?: string }) => boolean): void;
  setDevicePermissionHandler(handler: (details: unknown) => boolean): void;
}

/**
 * Electron grants every permission unless told otherwise, and most web APIs check before
 * they request, so both handlers answer, the same way. HID, serial and USB devices are
 * refused outright. Bluetooth needs nothing: Electron cancels every Bluetooth request while
 * no one listens for select-bluetooth-device.
 */
export function hardenSession(session: HardenableSession): void {
  session.setPermissionRequestHandler((_contents, permission, callback, details) => callback(isPermissionGranted(permission, details.requestingUrl)));
  // requestingUrl is missing for cross-origin subframes: they get nothing.
  session.setPermissionCheckHandler((_contents, permission, _origin, details) => isPermissionGranted(permission, details.requestingUrl ?? ''));
  session.setDevicePermissionHandler(() => false);
}
