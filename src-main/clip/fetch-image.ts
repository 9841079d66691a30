/**
 * Downloading one image: node's http(s) with our own DNS lookup, so every address is checked
 * against the network policy before connecting, on the first request and on each redirect.
 */
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import { lookup as dnsLookup } from 'node:dns';
import { isPrivateAddress } from './network-policy';

export interface ImageLimits {
  timeoutMs: number;
  maxBytes: number;
  maxRedirects: number;
  allowPrivate: boolean;
}

export interface FetchedImage {
  bytes: Buffer;
  mime: string;
}

export class ImageFetchError extends Error {}

const IMAGE_MIME = /^image\/(png|jpeg|gif|webp|avif|svg\+xml|bmp|x-icon|vnd\.microsoft\.icon)$/;

export async function fetchImage(url: string, limits: ImageLimits): Promise<FetchedImage> {
  const deadline = Date.now() + limits.timeoutMs;
  let current = url;
  for (let redirects = 0; ; redirects++) {
    const response = await get(current, limits, deadline);
    const location = response.headers.location;
    if (response.statusCode && response.statusCode >= 300 && response.statusCode < 400 && location) {
      response.resume();
      if (redirects >= limits.maxRedirects) throw new ImageFetchError(`more than ${limits.maxRedirects} redirects`);
      current = new URL(location, current).href;
      continue;
    }
    if (response.statusCode !== 200) {
      response.resume();
      throw new ImageFetchError(`HTTP ${response.statusCode}`);
    }
    const bytes = await readCapped(response, limits.maxBytes, deadline);
    const mime = imageMime(response.headers['content-type'], bytes);
    if (!mime) throw new ImageFetchError(`not an image (${response.headers['content-type'] ?? 'no content type'})`);
    return { bytes, mime };
  }
}

function get(url: string, limits: ImageLimits, deadline: number): Promise<IncomingMessage> {
  const parsed = new URL(url);
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return Promise.reject(new ImageFetchError(`not a web address (${parsed.protocol})`));
  const host = parsed.hostname.replace(/^\[|\]$/g, '');
  if (isIP(host) && !limits.allowPrivate && isPrivateAddress(host)) {
    return Promise.reject(new ImageFetchError(`refused: ${host} is a private or local address`));
  }
  const request = parsed.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = request(url, { lookup: policyLookup(limits.allowPrivate), headers: { accept: 'image/*', 'user-agent': 'Mozilla/5.0 Commonplace/0.1' } }, resolve);
    req.setTimeout(Math.max(1, deadline - Date.now()), () => req.destroy(new ImageFetchError('timed out')));
    req.on('error', (error) => reject(error instanceof ImageFetchError ? error : new ImageFetchError(describe(error))));
    req.end();
  });
}

function policyLookup(allowPrivate: boolean): LookupFunction {
  return (hostname, options, callback) => {
    dnsLookup(hostname, { ...options, all: true }, (error, addresses) => {
      if (error) return callback(error, '', 0);
      const list = addresses as unknown as Array<{ address: string; family: number }>;
      const refused = allowPrivate ? undefined : list.find((entry) => isPrivateAddress(entry.address));
      if (refused) return callback(new ImageFetchError(`refused: ${hostname} resolves to a private or local address (${refused.address})`), '', 0);
      if (options.all) return (callback as unknown as (e: null, a: typeof list) => void)(null, list);
      callback(null, list[0].address, list[0].family);
    });
  };
}

function readCapped(response: IncomingMessage, maxBytes: number, deadline: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const timer = setTimeout(() => response.destroy(new ImageFetchError('timed out')), Math.max(1, deadline - Date.now()));
    response.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) response.destroy(new ImageFetchError(`larger than ${Math.round(maxBytes / 1024 / 1024)} MB`));
      else chunks.push(chunk);
    });
    response.on('end', () => {
      clearTimeout(timer);
      resolve(Buffer.concat(chunks));
    });
    response.on('error', (error) => {
      clearTimeout(timer);
      reject(error instanceof ImageFetchError ? error : new ImageFetchError(describe(error)));
    });
  });
}

function describe(error: Error): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return 'host name could not be resolved';
  if (code === 'ECONNREFUSED') return 'connection refused';
  return error.message;
}

/** The image type from the header, confirmed by the bytes where the format has a signature. */
export function imageMime(contentType: string | undefined, bytes: Buffer): string | null {
  const sniffed = sniffImage(bytes);
  const declared = contentType?.split(';')[0].trim().toLowerCase();
  if (sniffed) return sniffed;
  if (declared === 'image/svg+xml' && /<svg[\s>]/i.test(bytes.subarray(0, 4096).toString('utf8'))) return declared;
  return declared && IMAGE_MIME.test(declared) && declared !== 'image/svg+xml' && bytes.length > 0 ? declared : null;
}

export function sniffImage(bytes: Buffer): string | null {
  if (bytes.length >= 8 && bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'image/png';
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'image/jpeg';
  if (bytes.length >= 6 && /^GIF8[79]a$/.test(bytes.subarray(0, 6).toString('latin1'))) return 'image/gif';
  if (bytes.length >= 12 && bytes.subarray(0, 4).toString('latin1') === 'RIFF' && bytes.subarray(8, 12).toString('latin1') === 'WEBP') return 'image/webp';
  if (bytes.length >= 12 && bytes.subarray(4, 12).toString('latin1') === 'ftypavif') return 'image/avif';
  return null;
}
