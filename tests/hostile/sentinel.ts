/**
 * What the test installs in every frame of every page before any of the page's own script:
 * `pwn(id)`, which a payload calls when it runs. A frame of another origin cannot reach the
 * top window's record, so its calls arrive as messages.
 */
import type { Page } from '@playwright/test';

export const SENTINEL_SCRIPT = `(() => {
  const record = (id) => (window.top.__pwned = window.top.__pwned || []).push(String(id));
  window.pwn = (id) => {
    try { record(id); } catch { window.top.postMessage('pwn:' + id, '*'); }
  };
  if (window === window.top) {
    window.addEventListener('message', (event) => {
      if (typeof event.data === 'string' && event.data.startsWith('pwn:')) record(event.data.slice(4));
    });
  }
})();`;

/** The cases whose payload ran in the page; empty while the page is between documents. */
export async function pwnedCases(page: Page): Promise<string[]> {
  try {
    return await page.evaluate(() => (window as unknown as { __pwned?: string[] }).__pwned ?? []);
  } catch {
    return [];
  }
}

/** The probe runs as the test's own code (the app's CSP would refuse an eval). */
export async function probeHolds(page: Page, probe: () => boolean): Promise<boolean> {
  try {
    return await page.evaluate(probe);
  } catch {
    return false;
  }
}
