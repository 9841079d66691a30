import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NotebookError } from '../../src-main/common/errors';
import { DEFAULT_FETCH_LIMITS, fetchPage } from '../../src-main/clip/fetch-page';
import { startPageServer, type PageServer } from '../support/page-server';

describe('fetching a page', () => {
  let server: PageServer;
  beforeAll(async () => {
    server = await startPageServer({
      '/page': { body: '<p>hello</p>' },
      '/silent': () => undefined,
      ...Object.fromEntries(
        [1, 2, 3, 4, 5].map((n) => [`/hop${n}`, { status: 301, headers: { location: n === 5 ? '/page' : `/hop${n + 1}` }, body: '' }]),
      ),
      '/hop0': { status: 302, headers: { location: '/hop1' }, body: '' },
    });
  });
  afterAll(() => server.close());

  it('follows up to 5 redirects and reports the final URL', async () => {
    const page = await fetchPage(server.url('/hop1'));
    expect(page.finalUrl).toBe(server.url('/page'));
    expect(new TextDecoder().decode(page.bytes)).toBe('<p>hello</p>');
  });

  it('refuses a sixth redirect', async () => {
    await expect(fetchPage(server.url('/hop0'))).rejects.toMatchObject({ code: 'too_many_redirects' });
  });

  it('gives up on a server that never answers, with a timeout error', async () => {
    const error = await fetchPage(server.url('/silent'), { ...DEFAULT_FETCH_LIMITS, timeoutMs: 300 }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(NotebookError);
    expect((error as NotebookError).code).toBe('timeout');
  });

  it('has the documented limits: 5 redirects, 20 s, 20 MB', () => {
    expect(DEFAULT_FETCH_LIMITS).toEqual({ maxRedirects: 5, timeoutMs: 20_000, maxBytes: 20 * 1024 * 1024 });
  });
});
