import { mkdirSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { connect } from 'node:net';
import { networkInterfaces } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { methodNames } from '../../src-main/common/contract';
import { isLoopbackAddress, MAX_BODY_BYTES } from '../../src-main/host/policy';
import { startHost, type RunningHost } from '../../src-main/host/server';
import { loadOrCreateToken } from '../../src-main/host/token';
import type { Notebook } from '../../src-main/notebook';
import { rawRequest, type RawResponse } from '../support/http';
import { fixtureBase64, openTempNotebook, rowCounts } from '../support/notebook';
import { tempDir } from '../support/temp';

describe('the browser-mode host', () => {
  let notebook: Notebook;
  let host: RunningHost;
  let token: string;
  const renderer = tempDir();

  beforeAll(async () => {
    notebook = openTempNotebook();
    token = loadOrCreateToken(notebook.dataDir);
    mkdirSync(join(renderer.dir, 'assets'));
    writeFileSync(join(renderer.dir, 'index.html'), '<!doctype html><title>app</title>');
    writeFileSync(join(renderer.dir, 'assets', 'app.js'), 'console.log(1)');
    host = await startHost({ api: notebook.service, token, port: 0, rendererDir: renderer.dir });
  });
  afterAll(async () => {
    await host.close();
    notebook.close();
    renderer.cleanup();
  });

  const headers = (extra: Record<string, string> = {}) => ({
    host: `127.0.0.1:${host.port}`,
    'content-type': 'application/json',
    authorization: `Bearer ${token}`,
    ...extra,
  });
  const api = (method: string, body: unknown, extra?: Record<string, string>) =>
    rawRequest(host.port, { method: 'POST', path: `/api/${method}`, headers: headers(extra), body: JSON.stringify(body) });

  it('prints a loopback URL that carries the token in its fragment', () => {
    expect(host.url).toBe(`http://127.0.0.1:${host.port}/#token=${token}`);
    expect(host.server.address()).toMatchObject({ address: '127.0.0.1' });
  });

  it.each(methodNames)('answers %s with a validation error naming the field for invalid input', async (method) => {
    for (const body of [{ notAField: 1 }, [], 'text', 42, { id: 7, url: false, fileName: [], contentBase64: {} }]) {
      const response = await api(method, body);
      expect(response.status).toBe(400);
      const { error } = JSON.parse(response.body);
      expect(error.code).toBe('invalid_input');
      expect(error.message).toContain(method);
    }
    expect(rowCounts(notebook)).toEqual({ object: 0, article: 0, capture: 0 });
  });

  it('names the bad field', async () => {
    const { error } = JSON.parse((await api('clipUrl', { url: 'ftp://example.org/x' })).body);
    expect(error).toMatchObject({ code: 'invalid_input', field: 'url' });
    expect(error.message).toMatch(/url must be an http\(s\) URL/);
  });

  it('serves a valid call', async () => {
    const response = await api('clipFile', { fileName: 'sample.html', contentBase64: fixtureBase64('srebrnik-belarus-iran.html') });
    expect(response.status).toBe(200);
    const { result } = JSON.parse(response.body);
    expect(result.title).toBe('Russia’s Ally Belarus Draws Closer to Iran');
    const list = JSON.parse((await api('listArticles', {})).body);
    expect(list.result.map((article: { id: string }) => article.id)).toEqual([result.id]);
  });

  it('refuses an unknown method', async () => {
    const response = await api('dropDatabase', {});
    expect(response.status).toBe(404);
    expect(JSON.parse(response.body).error.code).toBe('unknown_method');
  });

  /** Every route that answers a page, with what a legitimate request to it carries. */
  const routes = (): Array<{ name: string; method: string; path: string; headers: Record<string, string>; body?: string }> => {
    const json = { 'content-type': 'application/json', authorization: `Bearer ${token}` };
    return [
      { name: 'the API', method: 'POST', path: '/api/listTags', headers: json, body: '{}' },
      { name: 'the bookmarklet endpoint', method: 'POST', path: '/bookmarklet/clip', headers: json, body: '{}' },
      { name: 'the bookmarklet preflight', method: 'OPTIONS', path: '/bookmarklet/clip', headers: { origin: 'https://news.example' } },
      { name: 'stored images', method: 'GET', path: `/media/${'0'.repeat(64)}`, headers: { authorization: `Bearer ${token}` } },
      { name: 'the app', method: 'GET', path: '/', headers: {} },
      { name: "the app's scripts", method: 'GET', path: '/assets/app.js', headers: {} },
    ];
  };

  it('requires the token on every route that serves the notebook', async () => {
    const { authorization: _, ...withoutToken } = headers();
    const missing = await rawRequest(host.port, { method: 'POST', path: '/api/listArticles', headers: withoutToken, body: '{}' });
    expect(missing.status).toBe(401);
    for (const authorization of [`Bearer ${'0'.repeat(64)}`, `Bearer ${token}0`, `Bearer ${token.slice(1)}`, 'Bearer ', `Basic ${token}`, token]) {
      expect((await api('listArticles', {}, { authorization })).status, authorization).toBe(401);
    }
    // The media cookie opens stored images only, and a token in the address opens nothing.
    expect((await api('listArticles', {}, { authorization: '', cookie: `commonplace_media=${token}` })).status).toBe(401);
    expect((await rawRequest(host.port, { method: 'POST', path: `/api/listArticles?token=${token}`, headers: withoutToken, body: '{}' })).status).toBe(401);
    const bookmarklet = (authorization: string) =>
      rawRequest(host.port, { method: 'POST', path: '/bookmarklet/clip', headers: { ...withoutToken, authorization }, body: '{"html":"<p>x</p>"}' });
    expect((await bookmarklet('')).status).toBe(401);
    expect((await bookmarklet(`Bearer ${'0'.repeat(64)}`)).status).toBe(401);

    const image = (extra: Record<string, string>) => rawRequest(host.port, { path: `/media/${'0'.repeat(64)}`, headers: { host: `127.0.0.1:${host.port}`, ...extra } });
    expect((await image({})).status).toBe(401);
    expect((await image({ authorization: `Bearer ${'0'.repeat(64)}` })).status).toBe(401);
    expect((await image({ cookie: `commonplace_media=${'0'.repeat(64)}` })).status).toBe(401);
    // With the token (header or cookie) the request gets as far as looking the image up.
    expect((await image({ authorization: `Bearer ${token}` })).status).toBe(404);
    expect((await image({ cookie: `other=1; commonplace_media=${token}` })).status).toBe(404);
  });

  it('refuses every route addressed by a name that is not its own, however it is spelled (DNS rebinding)', async () => {
    const foreignHosts = [
      `evil.example:${host.port}`,
      'evil.example',
      `localhost.:${host.port}`,
      `127.0.0.1.:${host.port}`,
      `[::1]:${host.port}`,
      `[::ffff:127.0.0.1]:${host.port}`,
      '127.0.0.1',
      'localhost',
      '127.0.0.1:1',
      `127.0.0.1:0${host.port}`,
      `127.0.0.1:${host.port}.evil.example`,
      `localhost:${host.port}@evil.example`,
      `2130706433:${host.port}`,
    ];
    for (const route of routes()) {
      for (const foreign of foreignHosts) {
        const response = await rawRequest(host.port, { method: route.method, path: route.path, headers: { ...route.headers, host: foreign }, body: route.body });
        expect(response.status, `${route.name} addressed to ${foreign}`).toBe(421);
        expect(JSON.parse(response.body).error.code).toBe('unauthorized');
      }
      // Host names are not case-sensitive: our own names are ours in any case.
      for (const own of [`127.0.0.1:${host.port}`, `localhost:${host.port}`, `LocalHost:${host.port}`]) {
        const response = await rawRequest(host.port, { method: route.method, path: route.path, headers: { ...route.headers, host: own }, body: route.body });
        expect(response.status, `${route.name} addressed to ${own}`).not.toBe(421);
      }
    }
  });

  it('refuses a request with no Host, or with two', async () => {
    const statuses = async (raw: string) => (await exchange(host.port, raw)).map((response) => response.status);
    const auth = `Authorization: Bearer ${token}\r\nContent-Type: application/json\r\nContent-Length: 2\r\n`;
    // HTTP/1.0 may leave Host out; Node itself refuses an HTTP/1.1 request without one.
    expect(await statuses(`POST /api/listTags HTTP/1.0\r\n${auth}\r\n{}`)).toEqual([421]);
    expect(await statuses('GET / HTTP/1.0\r\n\r\n')).toEqual([421]);
    expect(await statuses('GET / HTTP/1.1\r\nConnection: close\r\n\r\n')).toEqual([400]);
    // Node keeps only the first of two Host headers: the second must not slip past.
    for (const [first, second] of [[`127.0.0.1:${host.port}`, 'evil.example'], ['evil.example', `127.0.0.1:${host.port}`]]) {
      const twice = `Host: ${first}\r\nHost: ${second}\r\nConnection: close\r\n`;
      expect(await statuses(`POST /api/listTags HTTP/1.1\r\n${twice}${auth}\r\n{}`)).toEqual([421]);
      expect(await statuses(`GET / HTTP/1.1\r\n${twice}\r\n`)).toEqual([421]);
    }
  });

  it("refuses API calls from any origin but the app's own, the opaque origin null included", async () => {
    const foreignOrigins = [
      'null',
      'http://127.0.0.1:1',
      'https://evil.example',
      `https://127.0.0.1:${host.port}`,
      `http://[::1]:${host.port}`,
      `http://localhost.:${host.port}`,
      `http://127.0.0.1:${host.port}.evil.example`,
      `http://127.0.0.1:${host.port}/`,
      `HTTP://127.0.0.1:${host.port}`,
      'file://',
      '',
    ];
    for (const method of ['listTags', 'clipHtml', 'emptyTrash']) {
      for (const origin of foreignOrigins) {
        const response = await api(method, {}, { origin });
        expect(response.status, `${method} from ${JSON.stringify(origin)}`).toBe(403);
        expect(JSON.parse(response.body).error.code).toBe('unauthorized');
      }
    }
    for (const origin of [`http://127.0.0.1:${host.port}`, `http://localhost:${host.port}`]) {
      expect((await api('listTags', {}, { origin })).status, origin).toBe(200);
    }
  });

  it('requires a JSON content type, so a plain form post cannot reach the API', async () => {
    expect((await api('listArticles', {}, { 'content-type': 'text/plain' })).status).toBe(415);
  });

  it('refuses a body over the size limit, on the API and the bookmarklet endpoint', async () => {
    const big = Buffer.alloc(MAX_BODY_BYTES + 1024 * 1024, 'a');
    for (const path of ['/api/listArticles', '/bookmarklet/clip']) {
      const response = await rawRequest(host.port, { method: 'POST', path, headers: headers(), body: big });
      expect(response.status, path).toBe(413);
      expect(JSON.parse(response.body).error.code).toBe('too_large');
    }
  });

  it('refuses a declared Content-Length over the limit without waiting for the body', async () => {
    const declared = `POST /api/listArticles HTTP/1.1\r\nHost: 127.0.0.1:${host.port}\r\nAuthorization: Bearer ${token}\r\nContent-Type: application/json\r\nContent-Length: ${10 ** 12}\r\nConnection: close\r\n\r\n{}`;
    const [response, ...more] = await exchange(host.port, declared);
    expect(response.status).toBe(413);
    expect(JSON.parse(response.body).error.code).toBe('too_large');
    expect(more).toEqual([]);
  });

  it('refuses a chunked body as soon as it grows past the limit, without waiting for its end', async () => {
    // The client keeps sending until it is answered; a host that waited for the end of the body
    // would answer only when the client gives up, after twice the limit.
    const chunk = Buffer.alloc(1024 * 1024, ' ');
    const giveUpAfter = 2 * MAX_BODY_BYTES;
    const { response, sent } = await new Promise<{ response: RawResponse; sent: number }>((resolve, reject) => {
      let sent = 0;
      const call = request({ host: '127.0.0.1', port: host.port, method: 'POST', path: '/api/listArticles', headers: headers() }, (res) => {
        const answeredAfter = sent;
        const chunks: Buffer[] = [];
        res.on('data', (data: Buffer) => chunks.push(data));
        res.on('end', () => {
          call.destroy();
          resolve({ response: { status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }, sent: answeredAfter });
        });
      });
      call.on('error', reject);
      const write = () => {
        while (sent < giveUpAfter && !call.destroyed) {
          sent += chunk.length;
          if (!call.write(chunk)) return void call.once('drain', write);
        }
        if (!call.destroyed) call.end();
      };
      write();
    });
    expect(response.status).toBe(413);
    expect(JSON.parse(response.body).error.code).toBe('too_large');
    expect(sent).toBeLessThan(giveUpAfter);
  });

  it('tells a client that asks first (Expect: 100-continue) to send its body only once the request passed every check', async () => {
    const statuses = async (raw: string) => (await exchange(host.port, raw)).map((response) => response.status);
    const ask = (authorization: string, length: number) =>
      `POST /api/listTags HTTP/1.1\r\nHost: 127.0.0.1:${host.port}\r\n${authorization}Content-Type: application/json\r\nContent-Length: ${length}\r\nExpect: 100-continue\r\nConnection: close\r\n\r\n`;
    expect(await statuses(ask('', 2))).toEqual([401]);
    expect(await statuses(ask(`Authorization: Bearer ${token}\r\n`, MAX_BODY_BYTES + 1))).toEqual([413]);
    expect(await statuses(`${ask(`Authorization: Bearer ${token}\r\n`, 2)}{}`)).toEqual([100, 200]);
  });

  it('reads no more than a Content-Length that is shorter than the body: the rest is another request, checked as one', async () => {
    const hostLine = `Host: 127.0.0.1:${host.port}\r\n`;
    const smuggled = `POST /api/emptyTrash HTTP/1.1\r\n${hostLine}Content-Type: application/json\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}`;
    const lying = `POST /api/listTags HTTP/1.1\r\n${hostLine}Authorization: Bearer ${token}\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}${smuggled}`;
    const [listed, smuggledResponse, ...more] = await exchange(host.port, lying);
    expect(listed.status).toBe(200);
    expect(JSON.parse(listed.body)).toHaveProperty('result');
    expect(smuggledResponse.status).toBe(401);
    expect(more).toEqual([]);
  });

  it('refuses a body that is not UTF-8', async () => {
    const body = Buffer.concat([Buffer.from('{"query": "'), Buffer.from([0xff, 0xfe, 0xc3]), Buffer.from('"}')]);
    const response = await rawRequest(host.port, { method: 'POST', path: '/api/search', headers: headers(), body });
    expect(response.status).toBe(400);
    expect(JSON.parse(response.body).error).toMatchObject({ code: 'invalid_input', message: 'The request body is not valid UTF-8.' });
  });

  it('answers a request target it cannot parse with a 400, not a 500', async () => {
    for (const target of ['http://[', 'http://[/api/listTags']) {
      const [response] = await exchange(host.port, `GET ${target} HTTP/1.1\r\nHost: 127.0.0.1:${host.port}\r\nConnection: close\r\n\r\n`);
      expect(response.status, target).toBe(400);
      expect(JSON.parse(response.body).error.code).toBe('invalid_input');
    }
  });

  it('cuts off a body that stalls or trickles, and answers other calls meanwhile', async () => {
    const slow = await startHost({ api: notebook.service, token, port: 0 });
    // As in production, but in half a second instead of two minutes (Node applies the request
    // timeout only when it is no shorter than the headers timeout).
    slow.server.headersTimeout = 400;
    slow.server.requestTimeout = 500;
    try {
      const head = (length: number) =>
        `POST /api/listTags HTTP/1.1\r\nHost: 127.0.0.1:${slow.port}\r\nAuthorization: Bearer ${token}\r\nContent-Type: application/json\r\nContent-Length: ${length}\r\nConnection: close\r\n\r\n`;
      // Declares 100 bytes and sends 1: a Content-Length longer than the body.
      const stalled = exchange(slow.port, `${head(100)}{`);
      const trickled = exchange(slow.port, head(1000), { text: ' '.repeat(1000), everyMs: 50 });
      const other = await rawRequest(slow.port, { method: 'POST', path: '/api/listTags', headers: { ...headers(), host: `127.0.0.1:${slow.port}` }, body: '{}' });
      expect(other.status).toBe(200);
      const statuses = (await Promise.all([stalled, trickled])).map((responses) => responses.map((response) => response.status));
      // Had it not been cut off, the trickle would have arrived whole (after 50 s) and been served.
      expect(statuses).toEqual([[408], [408]]);
      // A slow body that does arrive in time is served.
      expect((await exchange(slow.port, head(2), { text: '{}', everyMs: 100 })).map((response) => response.status)).toEqual([200]);
    } finally {
      await slow.close();
    }
  });

  it('answers the bookmarklet from any page, with the token, at its one endpoint only', async () => {
    const origin = 'https://news.example';
    const preflight = await rawRequest(host.port, {
      method: 'OPTIONS',
      path: '/bookmarklet/clip',
      headers: { host: `127.0.0.1:${host.port}`, origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization,content-type' },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers).toMatchObject({
      'access-control-allow-origin': origin,
      'access-control-allow-methods': 'POST',
      'access-control-allow-headers': 'authorization, content-type',
      'access-control-allow-private-network': 'true',
    });
    // No other endpoint answers a preflight with CORS headers.
    const apiPreflight = await rawRequest(host.port, { method: 'OPTIONS', path: '/api/listArticles', headers: { host: `127.0.0.1:${host.port}`, origin } });
    expect(apiPreflight.headers['access-control-allow-origin']).toBeUndefined();

    const body = JSON.stringify({ url: 'https://news.example/story', html: `<html><head><title>Story</title></head><body><article><h1>Story</h1>${'<p>A rendered paragraph of the story, long enough to count as an article for the reader to keep.</p>'.repeat(6)}</article></body></html>` });
    const refused = await rawRequest(host.port, { method: 'POST', path: '/bookmarklet/clip', headers: { ...headers({ origin }), authorization: 'Bearer nope' }, body });
    expect(refused.status).toBe(401);
    const clipped = await rawRequest(host.port, { method: 'POST', path: '/bookmarklet/clip', headers: headers({ origin }), body });
    expect(clipped.status).toBe(200);
    expect(clipped.headers['access-control-allow-origin']).toBe(origin);
    expect(JSON.parse(clipped.body).result).toMatchObject({ title: 'Story', url: 'https://news.example/story', outcome: 'new' });
  });

  it('serves the renderer with its CSP, and nothing outside its folder', async () => {
    const index = await rawRequest(host.port, { path: '/', headers: { host: `127.0.0.1:${host.port}` } });
    expect(index.status).toBe(200);
    expect(index.headers['content-security-policy']).toMatch(/script-src 'self'/);
    expect(index.headers['content-security-policy']).toMatch(/img-src 'self' data:/);
    const script = await rawRequest(host.port, { path: '/assets/app.js', headers: { host: `127.0.0.1:${host.port}` } });
    expect(script.headers['content-type']).toMatch(/javascript/);
    for (const path of ['/../package.json', '/%2e%2e/package.json', '/assets/..%2f..%2fpackage.json']) {
      const response = await rawRequest(host.port, { path, headers: { host: `127.0.0.1:${host.port}` } });
      expect(response.body).not.toContain('"name"');
    }
  });
});

describe('the token', () => {
  it('is created once and kept across restarts', () => {
    const { dir, cleanup } = tempDir();
    const first = loadOrCreateToken(dir);
    expect(first).toMatch(/^[0-9a-f]{64}$/);
    expect(loadOrCreateToken(dir)).toBe(first);
    cleanup();
  });
});

describe('the port', () => {
  it('says so and picks another when the preferred one is taken', async () => {
    const notebook = openTempNotebook();
    const first = await startHost({ api: notebook.service, token: 'a'.repeat(64), port: 0 });
    let told: [number, number] | undefined;
    const second = await startHost({ api: notebook.service, token: 'a'.repeat(64), port: first.port, onPortTaken: (p, u) => (told = [p, u]) });
    expect(told?.[0]).toBe(first.port);
    expect(second.port).not.toBe(first.port);
    await second.close();
    await first.close();
    notebook.close();
  });
});

describe('loopback only', () => {
  let notebook: Notebook;
  let host: RunningHost;
  /** This machine's addresses on its networks (link-local ones need a scope to be dialled). */
  const outwardAddresses = Object.values(networkInterfaces())
    .flatMap((addresses) => addresses ?? [])
    .filter((address) => !address.internal && !address.address.startsWith('fe80:'));

  beforeAll(async () => {
    notebook = openTempNotebook();
    host = await startHost({ api: notebook.service, token: 'a'.repeat(64), port: 0 });
  });
  afterAll(async () => {
    await host.close();
    notebook.close();
  });

  it('listens on 127.0.0.1 alone', () => {
    expect(host.server.address()).toMatchObject({ address: '127.0.0.1', family: 'IPv4' });
  });

  it("is not reachable on this machine's network addresses", async () => {
    for (const { address } of outwardAddresses) {
      const outcome = await new Promise<string>((resolve) => {
        const socket = connect({ host: address, port: host.port });
        socket.on('connect', () => resolve('connected'));
        socket.on('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message));
      });
      expect(outcome, address).toBe('ECONNREFUSED');
    }
  });

  it('refuses a connection to 127.0.0.1 that comes from another address', async () => {
    for (const { address } of outwardAddresses.filter((candidate) => candidate.family === 'IPv4')) {
      const response = await new Promise<RawResponse>((resolve, reject) => {
        const call = request({ host: '127.0.0.1', port: host.port, localAddress: address, path: '/', headers: { host: `127.0.0.1:${host.port}` } }, (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (data: Buffer) => chunks.push(data));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
        });
        call.on('error', reject);
        call.end();
      });
      expect(response.status, address).toBe(403);
      expect(JSON.parse(response.body).error).toMatchObject({ code: 'unauthorized', message: 'Only this computer may connect.' });
    }
  });

  it('tells loopback peers from the rest', () => {
    for (const address of ['127.0.0.1', '127.255.0.9', '::1', '::ffff:127.0.0.1']) expect(isLoopbackAddress(address), address).toBe(true);
    for (const address of ['10.0.0.1', '::ffff:10.0.0.1', '192.0.2.2', '::', '0.0.0.0', 'fe80::1', '::ffff:128.0.0.1', '', undefined]) {
      expect(isLoopbackAddress(address), String(address)).toBe(false);
    }
  });
});

/**
 * Writes raw bytes to the host, for requests no HTTP client would send (no Host, two Hosts, a
 * Content-Length that lies), and reads every response until the connection closes (the request
 * asks for that, or the host ends it). With `slowly`, then sends its text a character every
 * `everyMs`.
 */
function exchange(port: number, raw: string, slowly?: { text: string; everyMs: number }): Promise<RawResponse[]> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    const chunks: Buffer[] = [];
    let sent = 0;
    const timer = slowly && setInterval(() => sent < slowly.text.length && socket.write(slowly.text[sent++]), slowly.everyMs);
    socket.on('data', (data: Buffer) => chunks.push(data));
    socket.on('close', () => {
      clearInterval(timer);
      resolve(parseResponses(Buffer.concat(chunks)));
    });
    socket.on('error', () => undefined);
    socket.write(raw);
  });
}

/** The responses in what a connection received, each read by its Content-Length (or to the end). */
function parseResponses(bytes: Buffer): RawResponse[] {
  const responses: RawResponse[] = [];
  let rest = bytes;
  for (let end = rest.indexOf('\r\n\r\n'); end >= 0; end = rest.indexOf('\r\n\r\n')) {
    const [statusLine, ...lines] = rest.subarray(0, end).toString('latin1').split('\r\n');
    const headers = Object.fromEntries(lines.map((line) => [line.slice(0, line.indexOf(':')).toLowerCase(), line.slice(line.indexOf(':') + 1).trim()]));
    const status = Number(statusLine.split(' ')[1]);
    // An interim response (100 Continue) has no body.
    const length = status < 200 ? 0 : headers['content-length'] === undefined ? rest.length - end - 4 : Number(headers['content-length']);
    responses.push({ status, headers, body: rest.subarray(end + 4, end + 4 + length).toString('utf8') });
    rest = rest.subarray(end + 4 + length);
  }
  return responses;
}
