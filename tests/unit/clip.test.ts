import { readFileSync } from 'node:fs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { NotebookError } from '../../src-main/common/errors';
import type { Notebook } from '../../src-main/notebook';
import { fixtureBase64, normalizeSpace, openTempNotebook, rowCounts } from '../support/notebook';
import { startPageServer, type PageServer } from '../support/page-server';
import { fixturePath } from '../support/temp';
import { articleDocHtml } from '../../src-main/export/doc-html';

const SAMPLE = 'srebrnik-belarus-iran.html';

function expectedParagraphs(name: string): string[] {
  return readFileSync(fixturePath(name), 'utf8').split('\n').map(normalizeSpace).filter(Boolean);
}

function storedParagraphs(text: string): string[] {
  return text.split('\n\n').map(normalizeSpace);
}

describe('clipping the sample article', () => {
  let notebook: Notebook;
  beforeAll(() => {
    notebook = openTempNotebook();
  });
  afterAll(() => notebook.close());

  it('keeps the title, authors, date and every paragraph, and none of the page furniture', async () => {
    const summary = await notebook.service.clipFile({ fileName: SAMPLE, contentBase64: fixtureBase64(SAMPLE) });
    expect(summary.title).toBe('Russia’s Ally Belarus Draws Closer to Iran');
    expect(summary.authors).toContain('Henry Srebrnik');
    expect(summary.publishedAt?.slice(0, 10)).toBe('2023-04-05');
    expect(summary.url).toBe('https://srebrnik.blogspot.com/2023/04/russias-ally-belarus-draws-closer-to.html');
    expect(summary.siteName).toBe('Professor Henry Srebrnik');
    expect(summary.lang).toBe('en');
    expect(summary.wordCount).toBeGreaterThan(600);

    const article = await notebook.service.getArticle({ id: summary.id });
    const paragraphs = storedParagraphs(article.text);
    for (const paragraph of expectedParagraphs('srebrnik-belarus-iran.expected.txt')) {
      expect(paragraphs).toContain(paragraph);
    }
    for (const furniture of ['Blog Archive', 'Post a Comment', 'Newer Post', 'Share to X']) {
      expect(article.text).not.toContain(furniture);
      expect(articleDocHtml(article.doc)).not.toContain(furniture);
    }
    expect(articleDocHtml(article.doc)).not.toMatch(/<script|__blogTracker/);
  });

  it('lists what it clipped and opens it by id', async () => {
    const [first] = await notebook.service.listArticles({});
    expect(first.title).toBe('Russia’s Ally Belarus Draws Closer to Iran');
    const opened = await notebook.service.getArticle({ id: first.id });
    expect(opened.doc.type).toBe('doc');
    expect(opened.captureId).not.toBe(opened.id);
  });
});

describe('decoding pages in legacy encodings', () => {
  let notebook: Notebook;
  let server: PageServer;
  beforeAll(async () => {
    notebook = openTempNotebook();
    server = await startPageServer({
      '/ja-header-only': {
        headers: { 'content-type': 'text/html; charset=Shift_JIS' },
        body: readFileSync(fixturePath('shift_jis-no-meta.html')),
      },
    });
  });
  afterAll(async () => {
    notebook.close();
    await server.close();
  });

  async function textOf(summaryPromise: Promise<{ id: string }>): Promise<string> {
    return (await notebook.service.getArticle({ id: (await summaryPromise).id })).text;
  }

  it('reads a windows-1251 page by its <meta http-equiv> charset', async () => {
    const text = await textOf(notebook.service.clipFile({ fileName: 'ru.html', contentBase64: fixtureBase64('windows-1251.html') }));
    for (const paragraph of expectedParagraphs('expected-ru.txt')) expect(text).toContain(paragraph);
  });

  it('reads a Shift_JIS page by its <meta charset>', async () => {
    const text = await textOf(notebook.service.clipFile({ fileName: 'ja.html', contentBase64: fixtureBase64('shift_jis.html') }));
    for (const paragraph of expectedParagraphs('expected-ja.txt')) expect(text).toContain(paragraph);
  });

  it('reads a Shift_JIS page by the Content-Type header alone', async () => {
    const text = await textOf(notebook.service.clipUrl({ url: server.url('/ja-header-only') }));
    for (const paragraph of expectedParagraphs('expected-ja.txt')) expect(text).toContain(paragraph);
  });
});

describe('malformed markup', () => {
  it('is read the way a browser would read it', async () => {
    const notebook = openTempNotebook();
    const html = `<html><body><p>Unclosed <b>bold <i>italic</p><table><tr><td>cell<p>para in cell</table></div></span><p>${'More text in a malformed page that still reads. '.repeat(20)}`;
    const result = await notebook.service.clipFile({ fileName: 'malformed.html', contentBase64: Buffer.from(html).toString('base64') });
    const { text } = await notebook.service.getArticle({ id: result.id });
    expect(text).toContain('Unclosed bold italic');
    expect(text).toContain('para in cell');
    notebook.close();
  });
});

describe('bad input stores nothing and says what was wrong', () => {
  let notebook: Notebook;
  let server: PageServer;
  const sample = readFileSync(fixturePath(SAMPLE));
  beforeAll(async () => {
    notebook = openTempNotebook();
    server = await startPageServer({
      '/image': { headers: { 'content-type': 'image/png' }, body: new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0]) },
      '/paper.pdf': { headers: { 'content-type': 'application/pdf' }, body: '%PDF-1.7\n' },
      '/empty': { body: '' },
      '/no-article': { body: '<!doctype html><html><head><title>Nothing</title></head><body><nav></nav></body></html>' },
      '/missing': { status: 404, body: 'gone' },
      '/broken': { status: 500, body: 'oops' },
      '/binary-as-html': { body: new Uint8Array([0x1f, 0x8b, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x03]) },
      '/unknown-charset': { headers: { 'content-type': 'text/html; charset=x-klingon' }, body: sample },
      '/nested': {
        body: `<html><body><article>${'<div>'.repeat(100_000)}<p>Deep inside, a paragraph of text.</p>${'</div>'.repeat(100_000)}</article></body></html>`,
      },
      '/loop': (_request, response) => response.writeHead(302, { location: '/loop' }).end(),
      '/huge': (_request, response) => {
        response.writeHead(200, { 'content-type': 'text/html' });
        const chunk = Buffer.alloc(1024 * 1024, 'a');
        let sent = 0;
        const write = () => {
          while (sent < 21 && response.write(chunk)) sent++;
          if (sent >= 21) response.end();
          else response.once('drain', write);
        };
        write();
      },
    });
  });
  afterAll(async () => {
    notebook.close();
    await server.close();
  });
  afterEach(() => {
    expect(rowCounts(notebook)).toEqual({ object: 0, article: 0, capture: 0 });
  });

  async function failure(promise: Promise<unknown>): Promise<NotebookError> {
    const error = await promise.then(() => undefined, (caught: unknown) => caught);
    expect(error).toBeInstanceOf(NotebookError);
    return error as NotebookError;
  }

  const byUrl = (path: string) => failure(notebook.service.clipUrl({ url: server.url(path) }));
  const byFile = (name: string, bytes: Uint8Array | string) =>
    failure(notebook.service.clipFile({ fileName: name, contentBase64: Buffer.from(bytes).toString('base64') }));

  it('refuses a page that is not HTML', async () => {
    const error = await byUrl('/image');
    expect(error.code).toBe('not_html');
    expect(error.message).toMatch(/image\/png/);
  });

  it('refuses a PDF, saying PDF is not supported yet', async () => {
    expect((await byUrl('/paper.pdf')).message).toMatch(/PDF is not supported yet/);
    expect((await byFile('paper.pdf', '%PDF-1.4 binary')).code).toBe('pdf_not_supported');
  });

  it('refuses an empty page', async () => {
    expect((await byUrl('/empty')).code).toBe('empty_page');
    expect((await byFile('blank.html', '   \n  ')).code).toBe('empty_page');
  });

  it('refuses a page with no readable article', async () => {
    expect((await byUrl('/no-article')).code).toBe('no_article');
  });

  it('refuses binary bytes served as text/html, and text that is not HTML', async () => {
    expect((await byUrl('/binary-as-html')).code).toBe('not_html');
    expect((await byFile('notes.html', 'just some words, no markup at all')).code).toBe('not_html');
  });

  it('refuses an unknown charset by name', async () => {
    const error = await byUrl('/unknown-charset');
    expect(error.code).toBe('unknown_charset');
    expect(error.message).toContain('x-klingon');
  });

  it('reports HTTP errors with their status', async () => {
    expect((await byUrl('/missing')).message).toMatch(/HTTP 404/);
    expect((await byUrl('/broken')).message).toMatch(/HTTP 500/);
  });

  it('stops after 5 redirects', async () => {
    expect((await byUrl('/loop')).code).toBe('too_many_redirects');
  });

  it('stops reading a page past 20 MB', async () => {
    expect((await byUrl('/huge')).code).toBe('too_large');
  });

  it('refuses a page nested 100,000 elements deep, saying so', async () => {
    const error = await byUrl('/nested');
    expect(error.code).toBe('too_deep');
    expect(error.message).toMatch(/nests its elements more than 512 deep/);
  }, 60_000);

  it('reports a TLS failure', async () => {
    const error = await failure(notebook.service.clipUrl({ url: server.url('/').replace('http:', 'https:') }));
    expect(error.message).toMatch(/TLS/);
  });

  it('reports a host that refuses connections and one that does not resolve', async () => {
    const closed = await startPageServer({});
    await closed.close();
    const refused = await failure(notebook.service.clipUrl({ url: closed.url('/') }));
    expect(refused.message).toMatch(/refused/);
    const unresolved = await failure(notebook.service.clipUrl({ url: 'http://commonplace-test.invalid/' }));
    expect(unresolved.message).toMatch(/could not be resolved \(DNS\)/);
  });
});
