/**
 * The app's own scheme. The window loads the renderer from commonplace://app/, so the CSP's
 * 'self' means the app and nothing else, and files are served only from the built renderer
 * folder: a path that climbs out (`..`, or its percent-encoded forms) gets nothing.
 */
import type { CustomScheme } from 'electron';
import { isAbsolute, join, normalize, relative, sep } from 'node:path';

export const APP_SCHEME = 'commonplace';
export const APP_HOST = 'app';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;

/**
 * The scheme's privileges, no more than the page needs: `standard` gives it an origin (so the
 * CSP's 'self' and relative URLs work), `secure` makes it a secure context (clipboard writes
 * need one), `supportFetchAPI` because module scripts are fetched (same-origin, CORS mode).
 * Never `bypassCSP`, nor `corsEnabled` (other origins could read it), nor service workers.
 */
export const APP_SCHEME_PRIVILEGED: CustomScheme = { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } };

export function isAppUrl(url: string): boolean {
  try {
    const parsed = new URL(url);
    return parsed.protocol === `${APP_SCHEME}:` && parsed.host === APP_HOST;
  } catch {
    return false;
  }
}

/** The content hash of a stored image the app URL asks for (commonplace://app/media/<sha256>), if it is one. */
export function mediaHashOf(url: string): string | null {
  return isAppUrl(url) ? (/^\/media\/([0-9a-f]{64})$/.exec(new URL(url).pathname)?.[1] ?? null) : null;
}

/** The file under `root` that an app URL names, or null when the URL is not one we serve. */
export function resolveAppFile(url: string, root: string): string | null {
  if (!isAppUrl(url)) return null;
  const rawPath = new URL(url).pathname;
  // Encoded separators and dots are never legitimate in our own asset names.
  if (/%2e|%2f|%5c|%00/i.test(rawPath) || rawPath.includes('\\')) return null;
  let decoded: string;
  try {
    decoded = decodeURIComponent(rawPath);
  } catch {
    return null;
  }
  if (decoded.includes('\0') || decoded.split('/').includes('..')) return null;
  const relativePath = normalize(decoded === '/' ? 'index.html' : decoded.replace(/^\/+/, ''));
  const file = join(root, relativePath);
  const fromRoot = relative(root, file);
  if (fromRoot === '' || fromRoot.startsWith(`..${sep}`) || fromRoot === '..' || isAbsolute(fromRoot)) return null;
  return file;
}
