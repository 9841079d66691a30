/**
 * A real HTTP server on 127.0.0.1 serving test pages: each route answers with a status,
 * headers and body, or misbehaves on purpose (never answers, redirects forever).
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type Route =
  | { status?: number; headers?: Record<string, string>; body: string | Uint8Array }
  | ((request: IncomingMessage, response: ServerResponse) => void);

export interface PageServer {
  origin: string;
  url(path: string): string;
  close(): Promise<void>;
}

export async function startPageServer(routes: Record<string, Route>, host = '127.0.0.1'): Promise<PageServer> {
  const server = createServer((request, response) => {
    const route = routes[new URL(request.url ?? '/', 'http://x').pathname];
    if (!route) {
      response.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    if (typeof route === 'function') return route(request, response);
    response.writeHead(route.status ?? 200, { 'content-type': 'text/html; charset=utf-8', ...route.headers });
    response.end(route.body);
  });
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const origin = `http://${host}:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    url: (path) => `${origin}${path}`,
    close: () => new Promise((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}
