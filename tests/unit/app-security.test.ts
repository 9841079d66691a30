import { describe, expect, it } from 'vitest';
import { APP_ENTRY_URL, mediaHashOf, resolveAppFile } from '../../src-main/app/app-protocol';
import { menuTemplate } from '../../src-main/app/menu';
import { externalUrl, isNavigationAllowed, isPermissionGranted, isTrustedSender, secureWebPreferences, windowOpenDecision } from '../../src-main/app/security';
import { CONTENT_SECURITY_POLICY, META_CONTENT_SECURITY_POLICY } from '../../src-main/common/csp';

describe('the window’s web preferences', () => {
  it('isolate the renderer: context isolation, sandbox, no Node, web security, no webview', () => {
    expect(secureWebPreferences('/app/preload.cjs')).toMatchObject({
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
    });
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

describe('permission requests', () => {
  it('are all denied but writing text to the clipboard', () => {
    for (const permission of ['media', 'geolocation', 'notifications', 'midi', 'clipboard-read', 'fullscreen', 'openExternal', 'pointerLock', 'display-capture', 'unknown']) {
      expect(isPermissionGranted(permission), permission).toBe(false);
    }
    expect(isPermissionGranted('clipboard-sanitized-write')).toBe(true);
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
