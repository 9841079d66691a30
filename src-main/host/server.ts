/**
 * The browser-mode host: the built renderer and `POST /api/<method>` on 127.0.0.1 only.
 * The API routes are derived from the contract through dispatch(); nothing here names a method.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { BOOKMARKLET_PATH } from '../common/bookmarklet';
import type { NotebookApi } from '../common/contract';
import { NotebookError, toErrorPayload, type ErrorCode } from '../common/errors';
import { MAX_PAGE_BYTES, megabytes } from '../common/limits';
import { dispatch } from '../dispatch';
import {
  bearerToken,
  bookmarkletCorsHeaders,
  cookieToken,
  DEFAULT_PORT,
  isAllowedHost,
  isAllowedOrigin,
  isJsonContentType,
  isLoopbackAddress,
  MAX_BODY_BYTES,
  MEDIA_HEADERS,
  mediaCookie,
  SECURITY_HEADERS,
  tokenMatches,
} from './policy';
import { readStaticFile } from './static-files';

/** Stored image bytes by content hash, for the /media/ route. */
export type MediaSource = (sha256: string) => { mime: string; bytes: Buffer } | undefined;

export interface HostOptions {
  api: NotebookApi;
  media?: MediaSource;
  token: string;
  /** The port to try first; 0 picks a free one. */
  port?: number;
  rendererDir?: string;
  /** Told when the preferred port is taken and another is used. */
  onPortTaken?: (preferred: number, used: number) => void;
}

export interface RunningHost {
  port: number;
  /** The address to open: it hands the page the token (in the fragment, never sent to a server). */
  url: string;
  server: Server;
  close(): Promise<void>;
}

/** Generous for a client on this computer: 32 MB over loopback takes well under a second. */
const REQUEST_TIMEOUT_MS = 120_000;

const STATUS_BY_CODE: Partial<Record<ErrorCode, number>> = {
  invalid_input: 400,
  invalid_query: 400,
  unknown_method: 404,
  not_found: 404,
  conflict: 409,
  too_large: 413,
  unauthorized: 401,
  // 507 Insufficient Storage: nothing of the write was kept (storage-errors.ts).
  disk_full: 507,
  internal: 500,
};

export async function startHost(options: HostOptions): Promise<RunningHost> {
  const preferred = options.port ?? DEFAULT_PORT;
  let port = 0;
  const onRequest = (request: IncomingMessage, response: ServerResponse) => {
    handle(request, response, options, port).catch((error: unknown) => {
      if (!response.headersSent) sendJson(response, 500, { error: toErrorPayload(error) });
      else response.destroy();
    });
  };
  // A request must arrive whole within REQUEST_TIMEOUT_MS, so a body that stalls or trickles
  // cannot hold a connection open; Node checks every second rather than its default 30 s.
  const server = createServer({ requestTimeout: REQUEST_TIMEOUT_MS, connectionsCheckingInterval: 1000 }, onRequest);
  // A client that asks before sending its body (Expect: 100-continue) is handled like any other,
  // rather than told at once to go on: readBody() says so only to a request that passed every check.
  server.on('checkContinue', onRequest);
  port = await listen(server, preferred).catch(async (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EADDRINUSE' || preferred === 0) throw error;
    const used = await listen(server, 0);
    options.onPortTaken?.(preferred, used);
    return used;
  });
  return {
    port,
    url: `http://127.0.0.1:${port}/#token=${options.token}`,
    server,
    close: () => new Promise((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}

function listen(server: Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (error: Error) => reject(error);
    server.once('error', onError);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', onError);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

async function handle(request: IncomingMessage, response: ServerResponse, options: HostOptions, port: number): Promise<void> {
  for (const [name, value] of Object.entries(SECURITY_HEADERS)) response.setHeader(name, value);
  if (!isLoopbackAddress(request.socket.remoteAddress)) return sendError(response, 403, 'unauthorized', 'Only this computer may connect.');
  if (!isAllowedHost(request.headersDistinct.host, port)) {
    return sendError(response, 421, 'unauthorized', `Requests must be addressed to 127.0.0.1:${port} or localhost:${port}, in one Host header.`);
  }
  const base = `http://127.0.0.1:${port}`;
  if (!URL.canParse(request.url ?? '/', base)) return sendError(response, 400, 'invalid_input', 'The request names no valid path.');
  const { pathname } = new URL(request.url ?? '/', base);
  if (pathname.startsWith('/api/')) return handleApi(request, response, options, port, pathname.slice('/api/'.length));
  if (pathname === BOOKMARKLET_PATH) return handleBookmarklet(request, response, options);
  if (request.method !== 'GET' && request.method !== 'HEAD') return sendError(response, 405, 'invalid_input', 'Only GET is served here.');
  if (pathname.startsWith('/media/')) return handleMedia(request, response, options, pathname.slice('/media/'.length));
  const file = await readStaticFile(pathname, options.rendererDir);
  if (!file) return sendError(response, 404, 'not_found', 'The app is not built: run `npm run build:renderer`.');
  response.writeHead(200, {
    'content-type': file.contentType,
    'content-length': file.body.length,
    'cache-control': file.immutable ? 'public, max-age=31536000, immutable' : 'no-store',
  });
  response.end(request.method === 'HEAD' ? undefined : file.body);
}

async function handleApi(request: IncomingMessage, response: ServerResponse, options: HostOptions, port: number, method: string): Promise<void> {
  if (request.method !== 'POST') return sendError(response, 405, 'invalid_input', 'API calls are POST requests.');
  if (!isAllowedOrigin(request.headers.origin, port)) return sendError(response, 403, 'unauthorized', 'Cross-origin API calls are refused.');
  if (!tokenMatches(bearerToken(request.headers.authorization), options.token)) {
    return sendError(response, 401, 'unauthorized', 'A valid token is required: open the URL that `commonplace serve` printed.');
  }
  // The page's images are requested by <img>, which cannot send the header: it sends this cookie.
  response.setHeader('set-cookie', mediaCookie(options.token));
  return callWithJsonBody(request, response, options, method);
}

/** The bookmarklet's one endpoint: any origin may call it (with the token), for clipHtml only. */
async function handleBookmarklet(request: IncomingMessage, response: ServerResponse, options: HostOptions): Promise<void> {
  for (const [name, value] of Object.entries(bookmarkletCorsHeaders(request.headers.origin))) response.setHeader(name, value);
  if (request.method === 'OPTIONS') {
    response.writeHead(204).end();
    return;
  }
  if (request.method !== 'POST') return sendError(response, 405, 'invalid_input', 'The bookmarklet sends a POST request.');
  if (!tokenMatches(bearerToken(request.headers.authorization), options.token)) {
    return sendError(response, 401, 'unauthorized', "This bookmarklet does not carry this notebook's token: drag the one shown in the app again.");
  }
  // The body is the page as JSON: past the body limit, the page is past the page limit too.
  return callWithJsonBody(request, response, options, 'clipHtml', `This page is larger than the ${megabytes(MAX_PAGE_BYTES)} page limit; it was not clipped.`);
}

const STRICT_UTF8 = new TextDecoder('utf-8', { fatal: true });

async function callWithJsonBody(
  request: IncomingMessage,
  response: ServerResponse,
  options: HostOptions,
  method: string,
  tooLarge = `The request body is larger than ${megabytes(MAX_BODY_BYTES)}.`,
): Promise<void> {
  if (!isJsonContentType(request.headers['content-type'])) {
    return sendError(response, 415, 'invalid_input', 'API calls must send Content-Type: application/json.');
  }
  const body = await readBody(request, response, MAX_BODY_BYTES);
  if (body === undefined) return sendError(response, 413, 'too_large', tooLarge);
  let text: string;
  try {
    // JSON travels as UTF-8; bytes that are not would otherwise become U+FFFD in what is stored.
    text = STRICT_UTF8.decode(body);
  } catch {
    return sendError(response, 400, 'invalid_input', 'The request body is not valid UTF-8.');
  }
  let input: unknown;
  try {
    input = text.length === 0 ? {} : JSON.parse(text);
  } catch {
    return sendError(response, 400, 'invalid_input', 'The request body is not valid JSON.');
  }
  try {
    const result = await dispatch(options.api, method, input);
    sendJson(response, 200, { result });
  } catch (error) {
    const payload = toErrorPayload(error);
    sendJson(response, STATUS_BY_CODE[payload.code] ?? (error instanceof NotebookError ? 422 : 500), { error: payload });
  }
}

async function handleMedia(request: IncomingMessage, response: ServerResponse, options: HostOptions, sha256: string): Promise<void> {
  const given = bearerToken(request.headers.authorization) ?? cookieToken(request.headers.cookie);
  if (!tokenMatches(given, options.token)) return sendError(response, 401, 'unauthorized', 'Images are served to the app only.');
  const asset = /^[0-9a-f]{64}$/.test(sha256) ? options.media?.(sha256) : undefined;
  if (!asset) return sendError(response, 404, 'not_found', 'No stored image has that address.');
  response.writeHead(200, { ...MEDIA_HEADERS, 'content-type': asset.mime, 'content-length': asset.bytes.length });
  response.end(request.method === 'HEAD' ? undefined : asset.bytes);
}

/**
 * The body, or undefined once it passes `limit` bytes: what follows is read and dropped, never
 * kept, until the client stops or the request timeout ends the connection.
 */
function readBody(request: IncomingMessage, response: ServerResponse, limit: number): Promise<Buffer | undefined> {
  const declared = Number(request.headers['content-length'] ?? NaN);
  if (declared > limit) return Promise.resolve(undefined);
  if (/\b100-continue\b/i.test(request.headers.expect ?? '')) response.writeContinue();
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        request.removeAllListeners('data');
        request.resume();
        resolve(undefined);
        return;
      }
      chunks.push(chunk);
    });
    request.on('end', () => resolve(Buffer.concat(chunks)));
    request.on('error', reject);
  });
}

function sendError(response: ServerResponse, status: number, code: ErrorCode, message: string): void {
  sendJson(response, status, { error: { code, message } });
}

function sendJson(response: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  response.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    'cache-control': 'no-store',
  });
  response.end(text);
}
