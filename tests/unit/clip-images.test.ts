import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_DOWNLOAD_POLICY, downloadImages } from '../../src-main/clip/download-images';
import { fetchImage } from '../../src-main/clip/fetch-image';
import { startHost, type RunningHost } from '../../src-main/host/server';
import type { Notebook } from '../../src-main/notebook';
import { rawRequest } from '../support/http';
import { imagesArticleRoutes, MARKER_PNG, png, pngRoute } from '../support/images';
import { fixtureBase64, openTempNotebook } from '../support/notebook';
import { startPageServer, type PageServer } from '../support/page-server';
import { fixturePath } from '../support/temp';
import { articleDocHtml } from '../../src-main/export/doc-html';


describe('an article’s images, kept offline', () => {
  let notebook: Notebook;
  let site: PageServer;
  let host: RunningHost;
  beforeAll(async () => {
    notebook = openTempNotebook();
    site = await startPageServer(imagesArticleRoutes(readFileSync(fixturePath('images-article.html'))));
    host = await startHost({ api: notebook.service, media: (sha) => notebook.service.media(sha), token: 'f'.repeat(64), port: 0 });
  });
  afterAll(async () => {
    await host.close();
    await site.close();
    notebook.close();
  });

  it('downloads every image it can, points the document at local copies and lists the failure', async () => {
    const result = await notebook.service.clipUrl({ url: site.url('/survey.html') });
    expect(result.imagesSaved).toBe(4);
    expect(result.imageFailures).toEqual([{ url: site.url('/img/missing.png'), reason: 'HTTP 404' }]);

    const article = await notebook.service.getArticle({ id: result.id });
    const images: Array<{ src: string; alt: string }> = [];
    const walk = (node: { type: string; attrs?: Record<string, unknown>; content?: unknown[] }) => {
      if (node.type === 'image') images.push(node.attrs as { src: string; alt: string });
      (node.content as Array<typeof node> | undefined)?.forEach(walk);
    };
    walk(article.doc);
    const local = images.filter((image) => image.src.startsWith('/media/'));
    expect(local.map((image) => image.alt)).toEqual([
      'A stone marker in the northern sector',
      'The fence along the central sector',
      'The marshes in the south',
      "The same stone marker, from the commission's file",
    ]);
    // The broken one stays a link to the original; the HTML written from it loads nothing from the network.
    expect(images.find((image) => image.alt === 'A sunken marker')?.src).toBe(site.url('/img/missing.png'));
    expect(articleDocHtml(article.doc)).not.toMatch(/<img[^>]+src="https?:/);
    expect(articleDocHtml(article.doc)).toContain(`href="${site.url('/img/missing.png')}"`);

    // Stored once per content: the marker and its identical copy share one asset.
    expect(notebook.db.prepare('SELECT count(*) AS n FROM asset').get()).toEqual({ n: 3 });
    const marsh = local.find((image) => image.alt === 'The marshes in the south')!;
    const served = notebook.service.media(marsh.src.slice('/media/'.length));
    expect(served?.bytes.equals(png(48, 30, [20, 90, 40]))).toBe(true);
  });

  it('serves stored images to the app only, inert', async () => {
    const [first] = await notebook.service.listArticles({});
    const article = await notebook.service.getArticle({ id: first.id });
    const src = /src="(\/media\/[0-9a-f]{64})"/.exec(articleDocHtml(article.doc))![1];
    const headers = { host: `127.0.0.1:${host.port}` };
    expect((await rawRequest(host.port, { path: src, headers })).status).toBe(401);
    const cookie = `commonplace_media=${'f'.repeat(64)}`;
    const image = await rawRequest(host.port, { path: src, headers: { ...headers, cookie } });
    expect(image.status).toBe(200);
    expect(image.headers['content-type']).toBe('image/png');
    expect(image.headers['content-security-policy']).toMatch(/sandbox/);
    expect((await rawRequest(host.port, { path: '/media/' + '0'.repeat(64), headers: { ...headers, cookie } })).status).toBe(404);
    // An API call hands the browser that cookie.
    const api = await rawRequest(host.port, {
      method: 'POST',
      path: '/api/listArticles',
      headers: { ...headers, 'content-type': 'application/json', authorization: `Bearer ${'f'.repeat(64)}` },
      body: '{}',
    });
    expect(api.headers['set-cookie']?.[0]).toMatch(/^commonplace_media=f+; Path=\/media\/; HttpOnly; SameSite=Strict$/);
  });

  it('never fetches an image from a private or loopback address for a page that is not on one', async () => {
    // A saved file names public addresses (its canonical URL), but its images point at this machine.
    const html = readFileSync(fixturePath('images-article.html'), 'utf8')
      .replace('<head>', '<head><link rel="canonical" href="https://survey.example.org/photos">')
      .replaceAll('src="/img/', `src="${site.origin}/img/`)
      .replace('data-src="/img/', `data-src="${site.origin.replace('127.0.0.1', 'localhost')}/img/`)
      .replace('srcset="/img/marsh-small.png 320w, /img/marsh-large.png 960w"', '');
    const result = await notebook.service.clipFile({ fileName: 'saved.html', contentBase64: Buffer.from(html).toString('base64') });
    expect(result.imagesSaved).toBe(0);
    expect(result.imageFailures.length).toBe(5);
    for (const failure of result.imageFailures) expect(failure.reason).toMatch(/private or local address/);
  });

  it('checks the address after DNS and for IP literals, IPv6 included', async () => {
    const limits = { ...DEFAULT_DOWNLOAD_POLICY.perImage, allowPrivate: false };
    await expect(fetchImage(site.url('/img/marker.png'), limits)).rejects.toThrow(/127\.0\.0\.1 is a private or local address/);
    await expect(fetchImage(site.url('/img/marker.png').replace('127.0.0.1', 'localhost'), limits)).rejects.toThrow(/resolves to a private or local address/);
    await expect(fetchImage('http://[::1]:9/x.png', limits)).rejects.toThrow(/private or local address/);
    await expect(fetchImage('http://169.254.169.254/latest/meta-data', limits)).rejects.toThrow(/private or local address/);
  });

  it('keeps within the per-image and per-article limits', async () => {
    const big = await startPageServer({ '/big.png': pngRoute(Buffer.concat([png(1, 1, [0, 0, 0]), Buffer.alloc(64 * 1024)])) });
    const perImage = { ...DEFAULT_DOWNLOAD_POLICY.perImage, allowPrivate: true, maxBytes: 16 * 1024 };
    const tooBig = await downloadImages([big.url('/big.png')], { ...DEFAULT_DOWNLOAD_POLICY, perImage });
    expect(tooBig.failures[0].reason).toMatch(/larger than/);
    const budget = await downloadImages([site.url('/img/marker.png'), site.url('/img/fence.png')], {
      concurrency: 1,
      perImage: { ...perImage, maxBytes: 1024 * 1024 },
      maxTotalBytes: MARKER_PNG.length + 10,
    });
    expect(budget.images.size).toBe(1);
    expect(budget.failures[0].reason).toMatch(/article's images pass the/);
    await big.close();
  });

  it('decodes data: images into stored assets', async () => {
    const dataUrl = `data:image/png;base64,${MARKER_PNG.toString('base64')}`;
    const result = await downloadImages([dataUrl, 'data:image/png;base64,bm90IGFuIGltYWdl'], DEFAULT_DOWNLOAD_POLICY);
    expect(result.images.get(dataUrl)?.mime).toBe('image/png');
    expect(result.failures[0].reason).toMatch(/not a PNG, JPEG/);
  });

  it('clipping the sample file stores no image and no failure (it has none)', async () => {
    const result = await notebook.service.clipFile({ fileName: 'sample.html', contentBase64: fixtureBase64('srebrnik-belarus-iran.html') });
    expect(result).toMatchObject({ imagesSaved: 0, imageFailures: [] });
  });
});
