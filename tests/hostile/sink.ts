/**
 * The attacker's server: every payload that reaches the network asks it for /hit/<case id>…,
 * and it remembers which cases did. It answers whatever a payload expects (a page, a style
 * sheet, an image, a script) with something harmless, so a request is the whole effect.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Sink {
  origin: string;
  /** Case ids asked for since the last reset, in order. */
  hits(): string[];
  reset(): void;
  close(): Promise<void>;
}

const ANSWERS: [RegExp, string, string][] = [
  [/\.svg$/, 'image/svg+xml', '<svg xmlns="http://www.w3.org/2000/svg" width="1" height="1"/>'],
  [/\.css$/, 'text/css', 'p {}'],
  [/\.js$/, 'text/javascript', ';'],
];

export async function startSink(): Promise<Sink> {
  let hits: string[] = [];
  const server = createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://sink').pathname;
    const match = /^\/hit\/([a-z]+\d+)/.exec(path);
    if (match) hits.push(match[1]);
    const [, type, body] = ANSWERS.find(([pattern]) => pattern.test(path)) ?? [null, 'text/html', '<!DOCTYPE html><title>sink</title>'];
    response.writeHead(200, { 'content-type': type, 'access-control-allow-origin': '*' }).end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    hits: () => [...hits],
    reset: () => {
      hits = [];
    },
    close: () => new Promise((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}
