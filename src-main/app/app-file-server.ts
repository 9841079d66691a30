/**
 * The app protocol's handler: the built renderer's files, each with the app's Content
 * Security Policy, and stored images by content hash with the host's media headers. Anything
 * else, a path that climbs out of the folder included, is a 404.
 */
import { readFile } from 'node:fs/promises';
import { CONTENT_SECURITY_POLICY } from '../common/csp';
import { MEDIA_HEADERS } from '../host/policy';
import { contentTypeFor } from '../host/static-files';
import { mediaHashOf, resolveAppFile } from './app-protocol';

export type StoredMedia = (sha256: string) => { mime: string; bytes: Uint8Array } | undefined;

/** Sent with every response that is not an image, a 404 included: the page never runs without its policy. */
const PAGE_HEADERS = { 'content-security-policy': CONTENT_SECURITY_POLICY, 'x-content-type-options': 'nosniff' };

export function createAppFileServer(rendererDir: string, media: StoredMedia): (request: Request) => Promise<Response> {
  const notFound = () => new Response('Not found', { status: 404, headers: PAGE_HEADERS });
  return async (request) => {
    const hash = mediaHashOf(request.url);
    if (hash) {
      const asset = media(hash);
      return asset ? new Response(new Uint8Array(asset.bytes), { headers: { ...MEDIA_HEADERS, 'content-type': asset.mime } }) : notFound();
    }
    const file = resolveAppFile(request.url, rendererDir);
    if (!file) return notFound();
    try {
      return new Response(await readFile(file), { headers: { ...PAGE_HEADERS, 'content-type': contentTypeFor(file) } });
    } catch {
      return notFound();
    }
  };
}
