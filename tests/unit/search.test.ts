import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src-main/cli/main';
import { NotebookError } from '../../src-main/common/errors';
import type { SearchHit } from '../../src-main/common/model';
import { openNotebook, type Notebook } from '../../src-main/notebook';
import { loadMigrations } from '../../src-main/store/migrations';
import { INDEXED_KINDS } from '../../src-main/store/search';
import { rowidsOf } from '../../src-main/store/search-rowids';
import { tempDir } from '../support/temp';

/** A page Readability reads as an article: a title and paragraphs long enough to be content. */
function page(title: string, paragraphs: string[], meta = ''): string {
  const body = paragraphs.map((text) => `<p>${text} ${'This sentence is ordinary filler that keeps the paragraph long enough to read as prose.'.repeat(2)}</p>`).join('\n');
  return `<!doctype html><html><head><meta charset="utf-8"><title>${title}</title>${meta}</head><body><article><h1>${title}</h1>${body}</article></body></html>`;
}

describe('search', () => {
  const data = tempDir();
  let notebook: Notebook;
  const ids: Record<string, string> = {};
  const search = async (query: string, limit?: number) => (await notebook.service.search({ query, limit })).hits;
  const titles = (hits: SearchHit[]) => hits.map((hit) => hit.title);

  beforeAll(async () => {
    notebook = openNotebook(data.dir);
    const clip = async (name: string, html: string, url: string) => {
      ids[name] = (await notebook.service.clipHtml({ html, url })).id;
    };
    await clip('glaciers', page('Glaciers in retreat', ['The glaciers of the Alps lost a tenth of their volume in two summers.', 'Meltwater feeds rivers that farms depend on.']), 'https://climate.example.org/glaciers');
    await clip('farms', page('Farming after the thaw', ['Farms downstream plan for less water. Glaciers are mentioned once here.', 'The café by the river serves farmers at dawn.']), 'https://www.farmnews.example.com/thaw');
    await clip('tokyo', page('東京の水道', ['東京都の水道局は、漏水率を下げるために古い管を交換している。', '京都でも同じ取り組みが始まった。']), 'https://news.example.jp/water');
    await clip('cafe', page('喫茶店の朝', ['コーヒーの値段が上がった。', 'ヒマワリの種とコメを売る店もある。ラジオの横にロバの絵。']), 'https://news.example.jp/cafe');
    await clip('old', page('Water law in 2019', ['Water rights were settled by the courts. The e-mail archive shows the debate.'], '<meta property="article:published_time" content="2019-05-01T10:00:00Z">'), 'https://law.example.org/2019');
    await notebook.service.setTags({ id: ids.glaciers, tags: ['Climate', 'alps'] });
    await notebook.service.updateArticle({ id: ids.farms, authors: ['Ruth Calloway'] });
    ids.claim = (await notebook.service.createHighlight({ articleId: ids.glaciers, exact: 'The glaciers of the Alps lost a tenth of their volume', color: 'blue', isClaim: true, comment: 'Check the survey year' })).id;
    ids.highlight = (await notebook.service.createHighlight({ articleId: ids.farms, exact: 'Farms downstream plan for less water.', color: 'green' })).id;
  });
  afterAll(() => {
    notebook.close();
    data.cleanup();
  });

  it('needs every word, ranks a title match first, and groups articles before highlights', async () => {
    const hits = await search('glaciers');
    expect(hits.map((hit) => [hit.type, hit.title])).toEqual([
      ['article', 'Glaciers in retreat'],
      ['article', 'Farming after the thaw'],
      ['claim', 'Glaciers in retreat'],
    ]);
    expect(titles(await search('glaciers rivers'))).toEqual(['Glaciers in retreat']);
  });

  it('marks the matched words in a snippet of the passage', async () => {
    const [hit] = await search('meltwater');
    expect(hit.snippet).toContain('Meltwater feeds rivers');
    expect(hit.matches.map((match) => hit.snippet.slice(match.start, match.end))).toEqual(['Meltwater']);
    const [claim] = await search('survey');
    expect(claim).toMatchObject({ type: 'claim', id: ids.claim, articleId: ids.glaciers });
    expect(claim.snippet).toBe('The glaciers of the Alps lost a tenth of their volume Check the survey year');
  });

  it('understands phrases, OR, exclusions, prefixes and accents', async () => {
    expect(titles(await search('"lost a tenth"'))).toEqual(['Glaciers in retreat', 'Glaciers in retreat']);
    expect(titles(await search('"a tenth lost"'))).toEqual([]);
    expect(titles(await search('meltwater OR courts'))).toEqual(expect.arrayContaining(['Glaciers in retreat', 'Water law in 2019']));
    expect(titles(await search('glaciers -meltwater'))).toEqual(['Farming after the thaw', 'Glaciers in retreat']);
    expect(titles(await search('glaci* is:article'))).toEqual(['Glaciers in retreat', 'Farming after the thaw']);
    expect(titles(await search('cafe'))).toEqual(['Farming after the thaw']);
    expect(titles(await search('e-mail'))).toEqual(['Water law in 2019']);
  });

  it('filters by tag, site, author, type, colour and date', async () => {
    expect(titles(await search('tag:climate'))).toEqual(['Glaciers in retreat', 'Glaciers in retreat']);
    expect(titles(await search('water -tag:climate is:article'))).toEqual(expect.not.arrayContaining(['Glaciers in retreat']));
    expect(titles(await search('site:farmnews.example.com'))).toEqual(['Farming after the thaw', 'Farming after the thaw']);
    expect(titles(await search('site:example.org is:article'))).toEqual(expect.arrayContaining(['Glaciers in retreat', 'Water law in 2019']));
    expect(titles(await search('author:calloway'))).toEqual(['Farming after the thaw', 'Farming after the thaw']);
    expect((await search('is:claim')).map((hit) => hit.id)).toEqual([ids.claim]);
    expect((await search('is:highlight')).map((hit) => hit.id).sort()).toEqual([ids.claim, ids.highlight].sort());
    expect((await search('color:green')).map((hit) => hit.id)).toEqual([ids.highlight]);
    expect(titles(await search('water before:2020'))).toEqual(['Water law in 2019']);
    expect(titles(await search('water after:2020 is:article'))).not.toContain('Water law in 2019');
    expect(await search('rel:supports')).toEqual([]);
  });

  it('finds the words within a site: its hosts, and its name as corrected', async () => {
    expect(titles(await search('glaciers site:farmnews.example.com'))).toEqual(['Farming after the thaw']);
    expect(titles(await search('water site:example.org'))).toEqual(['Water law in 2019']);
    expect(titles(await search('glaciers -site:example.org is:article'))).toEqual(['Farming after the thaw']);
    await notebook.service.updateArticle({ id: ids.glaciers, siteName: 'Alpine Record' });
    try {
      expect(titles(await search('glaciers site:"alpine record"'))).toEqual(['Glaciers in retreat', 'Glaciers in retreat']);
      expect(titles(await search('glaciers site:"alpine record" is:article'))).toEqual(['Glaciers in retreat']);
    } finally {
      await notebook.service.updateArticle({ id: ids.glaciers, siteName: null });
    }
    expect(titles(await search('glaciers site:"alpine record"'))).toEqual([]);
  });

  it('leaves out only what an excluded filter names: items it cannot apply to stay', async () => {
    const note = await notebook.service.createNote({ title: 'Glacier reading list', doc: { type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'Glaciers, meltwater and the farms below.' }] }] } });
    try {
      // A note has no tags, site, author or colour; an article has no colour.
      expect((await search('meltwater -tag:alps')).map((hit) => hit.type)).toEqual(['note']);
      expect((await search('meltwater -site:farmnews.example.com')).map((hit) => hit.type)).toEqual(['article', 'note']);
      expect((await search('meltwater -author:calloway')).map((hit) => hit.type)).toEqual(['article', 'note']);
      expect((await search('glaciers -color:blue')).map((hit) => hit.type)).toEqual(['article', 'article', 'note']);
      expect((await search('glaciers -is:note')).map((hit) => hit.type)).toEqual(['article', 'article', 'claim']);
      // And a filter that only some kinds can pass selects among those alone.
      expect((await search('glaciers color:blue')).map((hit) => hit.id)).toEqual([ids.claim]);
      expect((await search('glaciers tag:climate')).map((hit) => hit.type)).toEqual(['article', 'claim']);
    } finally {
      await notebook.service.deleteNote({ id: note.id });
    }
  });

  it('finds text written without spaces by substring, two characters included', async () => {
    expect(titles(await search('東京'))).toEqual(['東京の水道']);
    expect(titles(await search('京都'))).toEqual(['東京の水道']); // in 東京都 and in 京都
    expect(titles(await search('漏水率'))).toEqual(['東京の水道']);
    expect(titles(await search('大阪'))).toEqual([]);
    const [hit] = await search('水道局');
    expect(hit.matches.map((match) => hit.snippet.slice(match.start, match.end))).toEqual(['水道局']);
    // A prolonged sound mark is part of its word: コーヒー is not コ and ヒ anywhere.
    expect(titles(await search('コーヒー'))).toEqual(['喫茶店の朝']);
    expect(await search('コーラ')).toEqual([]);
    expect(await search('ヒーロー')).toEqual([]);
  });

  it('answers a malformed query with a message that says what to fix, and an empty one with nothing', async () => {
    await expect(search('"climate chan')).rejects.toThrow(/closing "/);
    await expect(search('color:red')).rejects.toMatchObject({ code: 'invalid_query', field: 'query' });
    await expect(search('-glaciers')).rejects.toBeInstanceOf(NotebookError);
    expect(await search('   ')).toEqual([]);
  });

  it('keeps the index in step with corrections, highlights, the trash and emptying it', async () => {
    await notebook.service.updateArticle({ id: ids.old, title: 'Riparian doctrine in 2019' });
    expect(titles(await search('riparian'))).toEqual(['Riparian doctrine in 2019']);
    expect(await search('"water law"')).toEqual([]);

    await notebook.service.updateHighlight({ id: ids.highlight, comment: 'irrigation quotas' });
    expect((await search('irrigation')).map((hit) => hit.id)).toEqual([ids.highlight]);
    await notebook.service.deleteHighlight({ id: ids.highlight });
    expect(await search('irrigation')).toEqual([]);
    await notebook.service.restoreHighlight({ id: ids.highlight });
    expect((await search('irrigation')).map((hit) => hit.id)).toEqual([ids.highlight]);

    await notebook.service.trashArticle({ id: ids.farms });
    expect(await search('irrigation')).toEqual([]);
    expect(titles(await search('cafe'))).toEqual([]);
    await notebook.service.restoreArticle({ id: ids.farms });
    expect(titles(await search('cafe'))).toEqual(['Farming after the thaw']);

    const indexed = () => notebook.db.prepare('SELECT (SELECT count(*) FROM search_item) AS items, (SELECT count(*) FROM search_words) AS words').get();
    const before = indexed() as { items: number; words: number };
    await notebook.service.trashArticle({ id: ids.farms });
    await notebook.service.emptyTrash({});
    // The article and its highlight leave both tables.
    expect(indexed()).toEqual({ items: before.items - 2, words: before.words - 2 });
  });

  it('builds the index from the rows when a migration asks for it', async () => {
    notebook.db.exec('DELETE FROM search_item; UPDATE search_rebuild SET needed = 1;');
    expect(await search('glaciers')).toEqual([]);
    notebook.close();
    notebook = openNotebook(data.dir);
    expect(titles(await search('glaciers is:article'))).toEqual(['Glaciers in retreat']);
    expect((notebook.db.prepare('SELECT needed FROM search_rebuild').get() as { needed: number }).needed).toBe(0);
  });

  it('gives each kind of item rowids of its own, and builds again an index laid out before that', async () => {
    const outOfRange = () =>
      INDEXED_KINDS.flatMap((kind) => notebook.db.prepare('SELECT object_id FROM search_item WHERE kind = ? AND NOT (rowid >= ? AND rowid < ?)').pluck().all(kind, rowidsOf(kind).first, rowidsOf(kind).end));
    const rowidOf = (objectId: string) => notebook.db.prepare('SELECT rowid FROM search_item WHERE object_id = ?').pluck().get(objectId) as number;
    const lastHighlight = notebook.db.prepare('SELECT max(rowid) FROM search_item WHERE kind = ?').pluck().get('highlight') as number;
    const claim = await notebook.service.createHighlight({ articleId: ids.glaciers, exact: 'Meltwater feeds rivers', color: 'pink', isClaim: true });
    await notebook.service.createNote({ markdown: '# Moraine survey\n\nThe moraine was dated twice.' });
    expect(rowidOf(claim.id)).toBe(lastHighlight + 1);
    expect(outOfRange()).toEqual([]);
    // A changed item takes a new rowid, and a rowid once given is never given again: the
    // postings of frequent words may still hold the item that had it.
    await notebook.service.updateHighlight({ id: claim.id, comment: 'fed by glaciers' });
    expect(rowidOf(claim.id)).toBe(lastHighlight + 2);
    await notebook.service.deleteHighlight({ id: claim.id });
    const next = await notebook.service.createHighlight({ articleId: ids.glaciers, exact: 'Meltwater feeds rivers', color: 'blue' });
    expect(rowidOf(next.id)).toBe(lastHighlight + 3);
    await notebook.service.deleteHighlight({ id: next.id });
    await notebook.service.restoreHighlight({ id: claim.id });
    expect((await search('meltwater glaciers is:highlight')).map((hit) => hit.id)).toEqual([claim.id]);

    // A highlight indexed among the articles, as every one was before migration 0016.
    notebook.db.exec(`DELETE FROM search_words WHERE rowid = (SELECT rowid FROM search_item WHERE object_id = '${claim.id}')`);
    notebook.db.prepare('UPDATE search_item SET rowid = 100 WHERE object_id = ?').run(claim.id);
    notebook.db.prepare("INSERT INTO search_words (rowid, body) VALUES (100, 'Meltwater feeds rivers')").run();
    notebook.db.exec(loadMigrations().find((migration) => migration.version === 16)!.sql);
    notebook.close();
    notebook = openNotebook(data.dir);
    expect(outOfRange()).toEqual([]);
    expect((await search('meltwater is:claim')).map((hit) => hit.id)).toEqual([claim.id]);
    expect(titles(await search('moraine'))).toEqual(['Moraine survey']);
  });

  it('is there from the command line, with --json and --limit', async () => {
    const out: string[] = [];
    const err: string[] = [];
    const io = { out: (line: string) => out.push(line), err: (line: string) => err.push(line), env: {} };
    notebook.close();
    expect(await main(['search', 'glaciers', '--limit', '1', '--data', data.dir], io)).toBe(0);
    expect(out[0]).toMatch(/^article +[a-z2-7]{16} {2}Glaciers in retreat\n +.*\[glaciers\]/);
    out.length = 0;
    expect(await main(['search', 'survey', '--json', '--data', data.dir], io)).toBe(0);
    expect(Object.keys(JSON.parse(out[0]))).toEqual(['type', 'id', 'articleId', 'title', 'snippet', 'matches', 'date']);
    expect(await main(['search', 'glaciers', '--limit', '0', '--data', data.dir], io)).toBe(2);
    expect(await main(['search', 'color:red', '--data', data.dir], io)).toBe(1);
    expect(err.at(-1)).toMatch(/not a highlight colour/);
    notebook = openNotebook(data.dir);
  });
});
