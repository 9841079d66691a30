import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createAppFileServer } from '../../src-main/app/app-file-server';
import { APP_ENTRY_URL, APP_SCHEME_PRIVILEGED, mediaHashOf, resolveAppFile } from '../../src-main/app/app-protocol';
import { hardenSession, hardenWebContents, type HardenableContents, type HardenableSession, type NavigationAttempt } from '../../src-main/app/harden';
import { menuTemplate } from '../../src-main/app/menu';
import { externalUrl, isNavigationAllowed, isPermissionGranted, isTrustedSender, secureWebPreferences, windowOpenDecision } from '../../src-main/app/security';
import { CONTENT_SECURITY_POLICY, META_CONTENT_SECURITY_POLICY } from '../../src-main/common/csp';
import { MEDIA_HEADERS } from '../../src-main/host/policy';

describe('the window’s web preferences', () => {
  it('are exactly these: context isolation, sandbox, no Node, web security, no webview, no experimental or Blink features', () => {
    // toEqual, not toMatchObject: a key added later (enableBlinkFeatures, say) must fail here first.
    expect(secureWebPreferences('/app/preload.cjs')).toEqual({
      preload: '/app/preload.cjs',
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
    });
  });
});

/** Electron's WebContents as far as hardenWebContents uses it: it records the handlers, and fires them as Electron would. */
function stubContents() {
  const listeners = new Map<string, (attempt: NavigationAttempt) => void>();
  let windowOpenHandler: ((details: { url: string }) => { action: 'deny' }) | undefined;
  const contents: HardenableContents = {
    on(event: string, listener: (attempt: NavigationAttempt) => void) {
      listeners.set(event, listener);
    },
    setWindowOpenHandler(handler) {
      windowOpenHandler = handler;
    },
  };
  return {
    contents,
    /** Fires `event` towards `url`; true when a listener prevented it. */
    isPrevented(event: string, url: string): boolean {
      let prevented = false;
      listeners.get(event)?.({ url, preventDefault: () => (prevented = true) });
      return prevented;
    },
    openWindow: (url: string) => windowOpenHandler?.({ url }),
  };
}

describe('every web contents, once hardened', () => {
  it('stops navigation of the page, of any frame and by redirect away from the app', () => {
    const stub = stubContents();
    hardenWebContents(stub.contents, () => undefined);
    for (const event of ['will-navigate', 'will-frame-navigate', 'will-redirect']) {
      for (const url of ['https://example.org/', 'file:///etc/passwd', 'commonplace://evil/index.html', 'javascript:alert(1)', 'about:blank']) {
        expect(stub.isPrevented(event, url), `${event} ${url}`).toBe(true);
      }
      expect(stub.isPrevented(event, 'commonplace://app/index.html#/article/abcdefghijklmnop'), event).toBe(false);
    }
  });

  it('never attaches a webview', () => {
    const stub = stubContents();
    hardenWebContents(stub.contents, () => undefined);
    expect(stub.isPrevented('will-attach-webview', APP_ENTRY_URL)).toBe(true);
  });

  it('never opens a window, and hands only parsed http, https and mailto URLs to the system', () => {
    const stub = stubContents();
    const openedExternally: string[] = [];
    hardenWebContents(stub.contents, (url) => openedExternally.push(url));
    for (const url of ['https://example.org/a b', 'mailto:editor@example.org', 'javascript:alert(1)', 'file:///etc/passwd', APP_ENTRY_URL, 'smb://server/share']) {
      expect(stub.openWindow(url), url).toEqual({ action: 'deny' });
    }
    expect(openedExternally).toEqual(['https://example.org/a%20b', 'mailto:editor@example.org']);
  });
});

/** Electron's Session as far as hardenSession uses it: it keeps the three handlers. */
function stubSession() {
  const handlers: {
    request?: Parameters<HardenableSession['setPermissionRequestHandler']>[0];
    check?: Parameters<HardenableSession['setPermissionCheckHandler']>[0];
    device?: Parameters<HardenableSession['setDevicePermissionHandler']>[0];
  } = {};
  const session: HardenableSession = {
    setPermissionRequestHandler: (handler) => (handlers.request = handler),
    setPermissionCheckHandler: (handler) => (handlers.check = handler),
    setDevicePermissionHandler: (handler) => (handlers.device = handler),
  };
  return { session, handlers };
}

// The permission names of Electron 40's request and check handlers (electron.d.ts), all of them.
const ELECTRON_PERMISSIONS = [
  'clipboard-read', 'clipboard-sanitized-write', 'display-capture', 'fullscreen', 'geolocation', 'idle-detection', 'media', 'mediaKeySystem',
  'midi', 'midiSysex', 'notifications', 'pointerLock', 'keyboardLock', 'openExternal', 'speaker-selection', 'storage-access',
  'top-level-storage-access', 'window-management', 'unknown', 'fileSystem', 'hid', 'serial', 'usb', 'deprecated-sync-clipboard-read',
];

describe('the session, once hardened', () => {
  it('answers permission requests and checks alike: only clipboard writes, only for the app', () => {
    const { session, handlers } = stubSession();
    hardenSession(session);
    const requested = (permission: string, requestingUrl: string) => {
      let granted: boolean | undefined;
      handlers.request?.(null, permission, (answer) => (granted = answer), { requestingUrl });
      return granted;
    };
    const checked = (permission: string, requestingUrl?: string) => handlers.check?.(null, permission, 'commonplace://app', { requestingUrl });
    for (const permission of ELECTRON_PERMISSIONS) {
      const expected = permission === 'clipboard-sanitized-write';
      expect(requested(permission, APP_ENTRY_URL), permission).toBe(expected);
      expect(checked(permission, APP_ENTRY_URL), permission).toBe(expected);
    }
    expect(requested('clipboard-sanitized-write', 'https://example.org/')).toBe(false);
    expect(checked('clipboard-sanitized-write', 'https://example.org/')).toBe(false);
    // Electron leaves requestingUrl out for cross-origin subframes.
    expect(checked('clipboard-sanitized-write')).toBe(false);
  });

  it('refuses every HID, serial and USB device', () => {
    const { session, handlers } = stubSession();
    hardenSession(session);
    for (const deviceType of ['hid', 'serial', 'usb']) {
      expect(handlers.device?.({ deviceType, origin: 'commonplace://app', device: {} }), deviceType).toBe(false);
    }
  });
});

describe('navigation and new windows', () => {
  it('lets the window show only the app', () => {
    expect(isNavigationAllowed(APP_ENTRY_URL)).toBe(true);
    expect(isNavigationAllowed('commonplace://app/index.html#/article/abcdefghijklmnop')).toBe(true);
    for (const url of ['https://example.org/', 'file:///etc/passwd', 'commonplace://evil/index.html', 'javascript:alert(1)', 'about:blank', 'not a url']) {
      expect(isNavigationAllowed(url), url).toBe(false);
    }
  });

  it('never opens a window; web and mail links go to the system browser, re-serialized', () => {
    expect(windowOpenDecision('https://example.org/a b')).toEqual({ action: 'deny', openExternally: 'https://example.org/a%20b' });
    expect(windowOpenDecision('HTTP://Example.org')).toEqual({ action: 'deny', openExternally: 'http://example.org/' });
    expect(externalUrl('mailto:editor@example.org')).toBe('mailto:editor@example.org');
  });

  it('refuses every other scheme, and URLs carrying credentials', () => {
    for (const url of [
      'javascript:alert(1)',
      ' javascript:alert(1)',
      'JaVaScRiPt:alert(1)',
      'file:///etc/passwd',
      'smb://server/share',
      'data:text/html,<script>alert(1)</script>',
      'vbscript:msgbox(1)',
      'commonplace://app/index.html',
      'ms-msdt:/id',
      'https://user:pass@example.org/',
      'http://',
      '',
    ]) {
      expect(windowOpenDecision(url), url).toEqual({ action: 'deny', openExternally: null });
    }
  });
});

describe('permissions', () => {
  it('are all denied but writing text to the clipboard, from the app’s own page', () => {
    for (const permission of ELECTRON_PERMISSIONS.filter((name) => name !== 'clipboard-sanitized-write')) {
      expect(isPermissionGranted(permission, APP_ENTRY_URL), permission).toBe(false);
    }
    expect(isPermissionGranted('clipboard-sanitized-write', APP_ENTRY_URL)).toBe(true);
    expect(isPermissionGranted('clipboard-sanitized-write', 'commonplace://app')).toBe(true);
    for (const url of ['https://example.org/', 'file:///srv/renderer/index.html', 'commonplace://evil/', 'null', '']) {
      expect(isPermissionGranted('clipboard-sanitized-write', url), url).toBe(false);
    }
  });
});

describe('IPC senders', () => {
  it('are trusted only as the app’s own top-level frame', () => {
    expect(isTrustedSender({ url: APP_ENTRY_URL, parent: null })).toBe(true);
    expect(isTrustedSender({ url: APP_ENTRY_URL, parent: {} })).toBe(false);
    expect(isTrustedSender({ url: 'https://example.org/', parent: null })).toBe(false);
    expect(isTrustedSender({ url: 'file:///app/index.html', parent: null })).toBe(false);
    expect(isTrustedSender(null)).toBe(false);
  });
});

describe('the app protocol', () => {
  const root = '/srv/renderer';

  it('serves files of the renderer folder', () => {
    expect(resolveAppFile('commonplace://app/index.html', root)).toBe('/srv/renderer/index.html');
    expect(resolveAppFile('commonplace://app/', root)).toBe('/srv/renderer/index.html');
    expect(resolveAppFile('commonplace://app/assets/index-abc.js?v=1#x', root)).toBe('/srv/renderer/assets/index-abc.js');
  });

  it('refuses .. and its encoded forms, other hosts and other schemes', () => {
    for (const url of [
      'commonplace://app/../secret',
      'commonplace://app/assets/../../secret',
      'commonplace://app/%2e%2e/secret',
      'commonplace://app/%2E%2E%2Fsecret',
      'commonplace://app/assets/..%2f..%2fsecret',
      'commonplace://app/assets%2f..%2f..%2fsecret',
      'commonplace://app/..%5c..%5csecret',
      'commonplace://app/a%00.html',
      'commonplace://app/%252e%252e/secret',
      'commonplace://other/index.html',
      'file:///srv/renderer/index.html',
      'https://app/index.html',
    ]) {
      // Never a file outside the folder (a plain ../ is already folded away by URL parsing).
      const file = resolveAppFile(url, root);
      expect(file === null || file.startsWith(`${root}/`), url).toBe(true);
    }
    for (const url of [
      'commonplace://app/assets/..%2f..%2fsecret',
      'commonplace://app/..%5c..%5csecret',
      'commonplace://app/a%00.html',
      'commonplace://other/index.html',
      'file:///srv/renderer/index.html',
    ]) {
      expect(resolveAppFile(url, root), url).toBeNull();
    }
  });
});

describe('the app scheme’s privileges', () => {
  it('are standard, secure and fetch, and nothing that loosens the CSP, CORS or workers', () => {
    expect(APP_SCHEME_PRIVILEGED).toEqual({ scheme: 'commonplace', privileges: { standard: true, secure: true, supportFetchAPI: true } });
  });
});

describe('the app protocol’s responses', () => {
  const folder = mkdtempSync(join(tmpdir(), 'commonplace-app-files-'));
  afterAll(() => rmSync(folder, { recursive: true, force: true }));
  const rendererDir = join(folder, 'renderer');
  mkdirSync(join(rendererDir, 'assets'), { recursive: true });
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>Commonplace</title>');
  writeFileSync(join(rendererDir, 'assets', 'index.js'), 'export {};');
  writeFileSync(join(folder, 'secret.txt'), 'not for the page');
  const sha = 'b'.repeat(64);
  const serve = createAppFileServer(rendererDir, (hash) => (hash === sha ? { mime: 'image/png', bytes: Buffer.from([0x89, 0x50]) } : undefined));
  const get = (url: string) => serve(new Request(url));

  it('carry the app’s Content Security Policy with every page file', async () => {
    for (const [url, type] of [
      ['commonplace://app/index.html', 'text/html; charset=utf-8'],
      ['commonplace://app/', 'text/html; charset=utf-8'],
      ['commonplace://app/assets/index.js', 'text/javascript; charset=utf-8'],
    ]) {
      const response = await get(url);
      expect(response.status, url).toBe(200);
      expect(response.headers.get('content-type'), url).toBe(type);
      expect(response.headers.get('content-security-policy'), url).toBe(CONTENT_SECURITY_POLICY);
      expect(response.headers.get('x-content-type-options'), url).toBe('nosniff');
    }
  });

  it('answer 404, still under the policy, for traversal, other hosts and missing files', async () => {
    for (const url of [
      'commonplace://app/..%2fsecret.txt',
      'commonplace://app/%2e%2e/secret.txt',
      'commonplace://app/assets/..%5c..%5csecret.txt',
      'commonplace://other/index.html',
      'commonplace://app/missing.html',
    ]) {
      const response = await get(url);
      expect(response.status, url).toBe(404);
      expect(await response.text(), url).not.toContain('not for the page');
      expect(response.headers.get('content-security-policy'), url).toBe(CONTENT_SECURITY_POLICY);
    }
  });

  it('serve stored images by hash with the media headers', async () => {
    const image = await get(`commonplace://app/media/${sha}`);
    expect(image.status).toBe(200);
    expect(image.headers.get('content-type')).toBe('image/png');
    for (const [name, value] of Object.entries(MEDIA_HEADERS)) expect(image.headers.get(name), name).toBe(value);
    expect((await get(`commonplace://app/media/${'c'.repeat(64)}`)).status).toBe(404);
  });
});

describe('stored images in the app', () => {
  it('are asked for by content hash under the app host only', () => {
    const sha = 'a'.repeat(64);
    expect(mediaHashOf(`commonplace://app/media/${sha}`)).toBe(sha);
    expect(mediaHashOf(`commonplace://app/media/${sha}/../x`)).toBeNull();
    expect(mediaHashOf('commonplace://app/media/not-a-hash')).toBeNull();
    expect(mediaHashOf(`commonplace://evil/media/${sha}`)).toBeNull();
    expect(mediaHashOf(`https://app/media/${sha}`)).toBeNull();
  });
});

describe('the Content Security Policy', () => {
  it('allows script only from the app, images from the app and data:, and no other network', () => {
    for (const policy of [CONTENT_SECURITY_POLICY, META_CONTENT_SECURITY_POLICY]) {
      const directives = Object.fromEntries(policy.split('; ').map((directive) => [directive.split(' ')[0], directive.split(' ').slice(1).join(' ')]));
      expect(directives['default-src']).toBe("'none'");
      expect(directives['script-src']).toBe("'self'");
      expect(directives['img-src']).toBe("'self' data:");
      expect(directives['connect-src']).toBe("'self'");
      expect(directives['object-src']).toBe("'none'");
      expect(policy).not.toMatch(/unsafe-inline|unsafe-eval|\*/);
    }
  });
});

describe('the menu', () => {
  const actions = { clipFromUrl: () => {}, openHtmlFile: () => {}, quit: () => {}, reload: () => {} };
  const items = (template: ReturnType<typeof menuTemplate>) =>
    template.flatMap((menu) => (Array.isArray(menu.submenu) ? menu.submenu : [])).filter((item) => item.label);

  it('has the usual accelerators', () => {
    const labelled = Object.fromEntries(items(menuTemplate({ platform: 'linux', isDevelopment: false, actions })).map((item) => [item.label, item.accelerator]));
    expect(labelled).toMatchObject({ 'Clip from URL…': 'CmdOrCtrl+L', 'Open HTML File…': 'CmdOrCtrl+O', Quit: 'CmdOrCtrl+Q' });
  });

  it('offers Reload in development only', () => {
    expect(items(menuTemplate({ platform: 'linux', isDevelopment: true, actions })).some((item) => item.label === 'Reload')).toBe(true);
    expect(items(menuTemplate({ platform: 'linux', isDevelopment: false, actions })).some((item) => item.label === 'Reload')).toBe(false);
  });
});
