import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NotebookError } from '../../src-main/common/errors';
import type { Notebook } from '../../src-main/notebook';
import { compressRawPage, decompressRawPage } from '../../src-main/store/captures';
import { openTempNotebook } from '../support/notebook';
import { startPageServer, type PageServer } from '../support/page-server';
import { fixturePath } from '../support/temp';

const SAMPLE = readFileSync(fixturePath('srebrnik-belarus-iran.html'), 'utf8');
const V2 = readFileSync(fixturePath('srebrnik-belarus-iran.v2.html'), 'utf8');

describe('clipping a page again', () => {
  let notebook: Notebook;
  let site: PageServer;
  let page = SAMPLE;
  let fail = false;
  beforeAll(async () => {
    notebook = openTempNotebook();
    site = await startPageServer({
      '/post.html': (_request, response) => {
        if (fail) return void response.writeHead(500).end('down');
        response.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'last-modified': 'Wed, 05 Apr 2023 11:12:00 GMT', etag: '"v1"' }).end(page);
      },
    });
  });
  afterAll(async () => {
    await site.close();
    notebook.close();
  });

  it('keeps one article, and a re-clip of identical content adds no capture but records the check', async () => {
    const first = await notebook.service.clipUrl({ url: site.url('/post.html') });
    expect(first.outcome).toBe('new');
    const again = await notebook.service.clipUrl({ url: `${site.url('/post.html')}?utm_source=newsletter&fbclid=abc#comments` });
    expect(again).toMatchObject({ id: first.id, outcome: 'unchanged', captureCount: 1 });
    expect(again.lastCheckedAt).not.toBeNull();
    expect(await notebook.service.listArticles({})).toHaveLength(1);
  });

  it('adds a new immutable capture when the page changed; the reader opens the newest, older ones stay', async () => {
    const [article] = await notebook.service.listArticles({});
    const before = await notebook.service.getArticle({ id: article.id });
    page = V2;
    const changed = await notebook.service.clipUrl({ url: site.url('/post.html') });
    expect(changed).toMatchObject({ id: article.id, outcome: 'captured', captureCount: 2 });
    const captures = await notebook.service.listCaptures({ id: article.id });
    expect(captures).toHaveLength(2);
    expect(captures[1]).toMatchObject({ id: before.captureId, lastModified: 'Wed, 05 Apr 2023 11:12:00 GMT', etag: '"v1"', hasRawPage: true });
    const newest = await notebook.service.getArticle({ id: article.id });
    expect(newest.captureId).toBe(captures[0].id);
    expect(newest.text).not.toBe(before.text);
    const older = await notebook.service.getArticle({ id: article.id, captureId: before.captureId });
    expect(older.text).toBe(before.text);
  });

  it('never touches what is stored when a re-fetch fails', async () => {
    const [article] = await notebook.service.listArticles({});
    const rows = () => notebook.db.prepare('SELECT (SELECT count(*) FROM capture) AS captures, (SELECT count(*) FROM object) AS objects').get();
    const before = rows();
    fail = true;
    await expect(notebook.service.clipUrl({ url: site.url('/post.html') })).rejects.toThrow(/HTTP 500/);
    fail = false;
    expect(rows()).toEqual(before);
    expect((await notebook.service.getArticle({ id: article.id })).captureCount).toBe(2);
  });

  it('refuses a capture of another article', async () => {
    const other = await notebook.service.clipFile({ fileName: 'ru.html', contentBase64: readFileSync(fixturePath('windows-1251.html')).toString('base64') });
    const [, sample] = await notebook.service.listArticles({});
    const error = await notebook.service.getArticle({ id: sample.id, captureId: other.captureId }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(NotebookError);
    expect((error as NotebookError).code).toBe('not_found');
  });

  it('re-runs extraction on the kept raw page as a new capture', async () => {
    const article = (await notebook.service.listArticles({})).find((item) => item.url?.includes('srebrnik'))!;
    const result = await notebook.service.reextractArticle({ id: article.id });
    expect(result).toMatchObject({ id: article.id, outcome: 'captured', captureCount: 3 });
    expect((await notebook.service.getArticle({ id: article.id })).text).toContain('Belarus');
  });

  it('re-runs extraction on a page kept as gzip, as captures made before Brotli kept it', async () => {
    const article = (await notebook.service.listArticles({})).find((item) => item.url?.includes('srebrnik'))!;
    const newest = notebook.db.prepare('SELECT id FROM capture WHERE article_id = ? ORDER BY captured_at DESC, rowid DESC LIMIT 1').pluck().get(article.id);
    notebook.db.prepare('UPDATE capture SET raw = ? WHERE id = ?').run(gzipSync(V2), newest);
    const result = await notebook.service.reextractArticle({ id: article.id });
    expect(result).toMatchObject({ id: article.id, outcome: 'captured', captureCount: 4 });
    expect((await notebook.service.getArticle({ id: article.id })).text).toContain('Belarus');
  });
});

describe('the kept raw page', () => {
  it('is compressed, comes back byte for byte, and never starts as gzip does', () => {
    const page = readFileSync(fixturePath('corpus/ars-1.html'));
    const kept = compressRawPage(page);
    expect(kept.length).toBeLessThan(page.length / 4);
    expect(decompressRawPage(kept).equals(page)).toBe(true);
    expect(decompressRawPage(gzipSync(page)).equals(page)).toBe(true);
    for (const size of [0, 1, 2, 100, 70_000]) {
      const bytes = randomBytes(size);
      const compressed = compressRawPage(bytes);
      expect([compressed[0], compressed[1]]).not.toEqual([0x1f, 0x8b]);
      expect(decompressRawPage(compressed).equals(bytes)).toBe(true);
    }
  });
});

describe('corrections, tags, reading state and the trash', () => {
  let notebook: Notebook;
  let site: PageServer;
  beforeAll(async () => {
    notebook = openTempNotebook();
    let version = 0;
    site = await startPageServer({
      '/post.html': (_request, response) => {
        version++;
        response.writeHead(200, { 'content-type': 'text/html' }).end(version === 1 ? SAMPLE : V2);
      },
    });
  });
  afterAll(async () => {
    await site.close();
    notebook.close();
  });

  it('keeps the user’s corrections across a re-clip, and can take one back', async () => {
    const { id } = await notebook.service.clipUrl({ url: site.url('/post.html') });
    const corrected = await notebook.service.updateArticle({ id, title: 'Belarus and Iran', authors: ['H. Srebrnik'], publishedAt: '2023-04-06' });
    expect(corrected).toMatchObject({ title: 'Belarus and Iran', authors: ['H. Srebrnik'], publishedAt: '2023-04-06', correctedFields: ['title', 'authors', 'publishedAt'] });
    const reclipped = await notebook.service.clipUrl({ url: site.url('/post.html') });
    expect(reclipped).toMatchObject({ outcome: 'captured', title: 'Belarus and Iran', authors: ['H. Srebrnik'], publishedAt: '2023-04-06' });
    const undone = await notebook.service.updateArticle({ id, title: null });
    expect(undone.title).toBe('Russia’s Ally Belarus Draws Closer to Iran');
    expect(undone.correctedFields).toEqual(['authors', 'publishedAt']);
  });

  it('tags an article (case-insensitively unique) and survives re-clips', async () => {
    const [article] = await notebook.service.listArticles({});
    const tagged = await notebook.service.setTags({ id: article.id, tags: ['Belarus', 'belarus', 'Iran ', 'geopolitics'] });
    expect(tagged.tags).toEqual(['Belarus', 'geopolitics', 'Iran']);
    expect((await notebook.service.setTags({ id: article.id, tags: ['Iran'] })).tags).toEqual(['Iran']);
  });

  it('marks reading state and filters by it', async () => {
    const [article] = await notebook.service.listArticles({});
    expect(article.readingState).toBe('unread');
    await notebook.service.setReadingState({ id: article.id, state: 'read' });
    expect(await notebook.service.listArticles({ state: 'read' })).toHaveLength(1);
    expect(await notebook.service.listArticles({ state: 'unread' })).toHaveLength(0);
  });

  it('moves an article to the trash and back, and empties the trash for good', async () => {
    const [article] = await notebook.service.listArticles({});
    await notebook.service.trashArticle({ id: article.id });
    expect(await notebook.service.listArticles({})).toHaveLength(0);
    expect((await notebook.service.listArticles({ trashed: true }))[0].trashedAt).not.toBeNull();
    await notebook.service.restoreArticle({ id: article.id });
    expect(await notebook.service.listArticles({})).toHaveLength(1);
    await notebook.service.trashArticle({ id: article.id });
    expect(await notebook.service.emptyTrash({})).toEqual({ deleted: 1 });
    const left = notebook.db.prepare('SELECT (SELECT count(*) FROM article) + (SELECT count(*) FROM capture) + (SELECT count(*) FROM article_url) AS n').get();
    expect(left).toEqual({ n: 0 });
    expect(notebook.db.pragma('foreign_key_check')).toEqual([]);
    await expect(notebook.service.getArticle({ id: article.id })).rejects.toThrow(/No article has the id/);
  });
});
