/**
 * Fetching a page over http(s): at most 5 redirects, 20 s for the whole exchange, 20 MB.
 * Every failure is a NotebookError that says which of these it was.
 */
import { MAX_PAGE_BYTES, megabytes } from '../common/limits';
import { NotebookError } from '../common/errors';

export interface FetchedPage {
  bytes: Uint8Array;
  finalUrl: string;
  contentType: string | null;
  lastModified: string | null;
  etag: string | null;
}

export interface FetchLimits {
  maxRedirects: number;
  timeoutMs: number;
  maxBytes: number;
}

export const DEFAULT_FETCH_LIMITS: FetchLimits = { maxRedirects: 5, timeoutMs: 20_000, maxBytes: MAX_PAGE_BYTES };

const HTML_TYPES = /^(text\/html|application\/xhtml\+xml)\b/i;

export async function fetchPage(url: string, limits: FetchLimits = DEFAULT_FETCH_LIMITS): Promise<FetchedPage> {
  const signal = AbortSignal.timeout(limits.timeoutMs);
  try {
    let current = url;
    for (let redirects = 0; ; redirects++) {
      const response = await fetch(current, {
        redirect: 'manual',
        signal,
        headers: {
          accept: 'text/html,application/xhtml+xml;q=0.9,*/*;q=0.5',
          'user-agent': 'Mozilla/5.0 (X11; Linux x86_64) Commonplace/0.1 (research notebook)',
        },
      });
      const location = response.headers.get('location');
      if (response.status >= 300 && response.status < 400 && location) {
        await response.body?.cancel();
        if (redirects >= limits.maxRedirects) {
          throw new NotebookError('too_many_redirects', `${url} redirected more than ${limits.maxRedirects} times.`);
        }
        current = new URL(location, current).href;
        if (!/^https?:$/.test(new URL(current).protocol)) {
          throw new NotebookError('fetch_failed', `${url} redirected to a non-web address (${current}).`);
        }
        continue;
      }
      if (!response.ok) {
        await response.body?.cancel();
        throw new NotebookError('fetch_failed', `${current} answered HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ''}.`);
      }
      const contentType = response.headers.get('content-type');
      checkContentType(contentType, current);
      const declaredLength = Number(response.headers.get('content-length') ?? NaN);
      if (declaredLength > limits.maxBytes) {
        await response.body?.cancel();
        throw tooLarge(current, limits.maxBytes, ` (it declares ${megabytes(declaredLength)})`);
      }
      const bytes = await readCapped(response, limits.maxBytes, current);
      return { bytes, finalUrl: current, contentType, lastModified: response.headers.get('last-modified'), etag: response.headers.get('etag') };
    }
  } catch (error) {
    throw describeFetchError(error, url, limits);
  }
}

function checkContentType(contentType: string | null, url: string): void {
  if (!contentType || HTML_TYPES.test(contentType)) return;
  if (/^application\/pdf\b/i.test(contentType)) {
    throw new NotebookError('pdf_not_supported', `${url} is a PDF: PDF is not supported yet.`);
  }
  throw new NotebookError('not_html', `${url} is not an HTML page (it is ${contentType.split(';')[0]}).`);
}

async function readCapped(response: Response, maxBytes: number, url: string): Promise<Uint8Array> {
  if (!response.body) return new Uint8Array();
  const chunks: Uint8Array[] = [];
  let total = 0;
  const reader = response.body.getReader();
  for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) {
    total += chunk.value.byteLength;
    if (total > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw tooLarge(url, maxBytes);
    }
    chunks.push(chunk.value);
  }
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}

function tooLarge(url: string, maxBytes: number, detail = ''): NotebookError {
  return new NotebookError('too_large', `${url} is larger than the ${megabytes(maxBytes)} page limit${detail}; it was not clipped.`);
}

const NETWORK_CAUSES: Record<string, string> = {
  ENOTFOUND: 'its host name could not be resolved (DNS)',
  EAI_AGAIN: 'its host name could not be resolved (DNS)',
  ECONNREFUSED: 'the connection was refused',
  ECONNRESET: 'the connection was reset',
  EHOSTUNREACH: 'the host is unreachable',
  ENETUNREACH: 'the network is unreachable',
};

function describeFetchError(error: unknown, url: string, limits: FetchLimits): NotebookError {
  if (error instanceof NotebookError) return error;
  if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) {
    return new NotebookError('timeout', `${url} did not answer within ${limits.timeoutMs / 1000} s.`);
  }
  const cause = error instanceof Error ? (error.cause as { code?: string; message?: string } | undefined) : undefined;
  const code = cause?.code ?? '';
  if (NETWORK_CAUSES[code]) return new NotebookError('fetch_failed', `Could not fetch ${url}: ${NETWORK_CAUSES[code]}.`);
  if (/CERT|SSL|TLS/i.test(code) || /certificate|ssl|tls/i.test(cause?.message ?? '')) {
    return new NotebookError('fetch_failed', `Could not fetch ${url}: its TLS certificate or connection failed (${code || cause?.message}).`);
  }
  const detail = cause?.message ?? (error instanceof Error ? error.message : String(error));
  return new NotebookError('fetch_failed', `Could not fetch ${url}: ${detail}.`);
}
