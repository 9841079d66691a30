/**
 * The browser-mode host's rules as plain functions: which requests it serves, and the
 * headers every response carries. The server only applies them.
 */
import { timingSafeEqual } from 'node:crypto';
import { CONTENT_SECURITY_POLICY } from '../common/csp';

export const DEFAULT_PORT = 41411;
export const MAX_BODY_BYTES = 32 * 1024 * 1024;

export const SECURITY_HEADERS: Record<string, string> = {
  'content-security-policy': CONTENT_SECURITY_POLICY,
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
};

/**
 * Only our own names for ourselves: a foreign Host means DNS rebinding or a proxy. Exactly one
 * Host header (HTTP/1.1 requires it; two are a smuggling attempt, and Node keeps only the
 * first). Names are compared without case, as DNS does; `localhost.` is another origin to a
 * browser, one that never held the token, so it is refused like any other name.
 */
export function isAllowedHost(hosts: readonly string[] | undefined, port: number): boolean {
  if (hosts?.length !== 1) return false;
  const host = hosts[0].toLowerCase();
  return host === `127.0.0.1:${port}` || host === `localhost:${port}`;
}

/** A browser sends Origin on cross-origin requests; only the app's own pages may call the API. */
export function isAllowedOrigin(origin: string | undefined, port: number): boolean {
  return origin === undefined || origin === `http://127.0.0.1:${port}` || origin === `http://localhost:${port}`;
}

export function bearerToken(authorization: string | undefined): string | undefined {
  const match = authorization ? /^Bearer\s+(\S+)$/i.exec(authorization) : null;
  return match?.[1];
}

export function tokenMatches(given: string | undefined, expected: string): boolean {
  if (!given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

export function isJsonContentType(contentType: string | undefined): boolean {
  return contentType !== undefined && /^application\/json\s*(;|$)/i.test(contentType);
}

/** The connection's peer is this computer (IPv4 127/8, IPv6 ::1, or 127/8 mapped into IPv6). */
export function isLoopbackAddress(address: string | undefined): boolean {
  if (!address) return false;
  return address.startsWith('127.') || address === '::1' || address.startsWith('::ffff:127.');
}

export const MEDIA_COOKIE = 'commonplace_media';

/** The token as a cookie for /media/ only: an <img> cannot send an Authorization header. */
export function mediaCookie(token: string): string {
  return `${MEDIA_COOKIE}=${token}; Path=/media/; HttpOnly; SameSite=Strict`;
}

export function cookieToken(cookieHeader: string | undefined): string | undefined {
  const match = cookieHeader ? new RegExp(`(?:^|;\\s*)${MEDIA_COOKIE}=([0-9a-f]+)`).exec(cookieHeader) : null;
  return match?.[1];
}

/** Stored images are served inert: never a document that could run script. */
export const MEDIA_HEADERS: Record<string, string> = {
  'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; sandbox",
  'x-content-type-options': 'nosniff',
  'cache-control': 'private, max-age=31536000, immutable',
};

/** The bookmarklet runs in any page, so its one endpoint answers CORS for any web origin. */
export function bookmarkletCorsHeaders(origin: string | undefined): Record<string, string> {
  return {
    'access-control-allow-origin': origin && /^https?:\/\//.test(origin) ? origin : 'null',
    'access-control-allow-methods': 'POST',
    'access-control-allow-headers': 'authorization, content-type',
    'access-control-allow-private-network': 'true',
    'access-control-max-age': '600',
    vary: 'Origin',
  };
}
