import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { methodNames } from '../../src-main/common/contract';
import { startHost, type RunningHost } from '../../src-main/host/server';
import { loadOrCreateToken } from '../../src-main/host/token';
import type { Notebook } from '../../src-main/notebook';
import { rawRequest } from '../support/http';
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

  it('requires the token on every API call', async () => {
    const { authorization: _, ...withoutToken } = headers();
    const missing = await rawRequest(host.port, { method: 'POST', path: '/api/listArticles', headers: withoutToken, body: '{}' });
    expect(missing.status).toBe(401);
    expect((await api('listArticles', {}, { authorization: `Bearer ${'0'.repeat(64)}` })).status).toBe(401);
  });

  it('refuses a foreign Host header (DNS rebinding)', async () => {
    expect((await api('listArticles', {}, { host: `evil.example:${host.port}` })).status).toBe(421);
    expect((await rawRequest(host.port, { path: '/', headers: { host: 'evil.example' } })).status).toBe(421);
    expect((await api('listArticles', {}, { host: `localhost:${host.port}` })).status).toBe(200);
  });

  it('refuses calls from another origin', async () => {
    expect((await api('listArticles', {}, { origin: 'http://127.0.0.1:1' })).status).toBe(403);
    expect((await api('listArticles', {}, { origin: 'https://evil.example' })).status).toBe(403);
  });

  it('requires a JSON content type, so a plain form post cannot reach the API', async () => {
    expect((await api('listArticles', {}, { 'content-type': 'text/plain' })).status).toBe(415);
  });

  it('refuses a body over the size limit', async () => {
    const big = Buffer.alloc(33 * 1024 * 1024, 'a');
    const response = await rawRequest(host.port, { method: 'POST', path: '/api/listArticles', headers: headers(), body: big });
    expect(response.status).toBe(413);
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
