import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { articleSorts } from '../../src-main/common/model';
import { openNotebook, type Notebook } from '../../src-main/notebook';
import { articlePageQuery } from '../../src-main/store/articles';
import { tempDir } from '../support/temp';

function page(title: string, site: string, published: string | null): string {
  const meta = `<meta property="og:site_name" content="${site}">${published ? `<meta property="article:published_time" content="${published}">` : ''}`;
  const filler = 'Plain sentences make it long enough to count as an article body. '.repeat(4);
  const paragraphs = [`${title} is an article about reading.`, 'A second paragraph follows.', 'A third one ends it.'].map((opening) => `<p>${opening} ${filler}</p>`);
  return `<!doctype html><html><head><meta charset="utf-8"><title>${title}</title>${meta}</head><body><article><h1>${title}</h1>${paragraphs.join('')}</article></body></html>`;
}

describe('the library: sorted, filtered, in pages, with tags to rename and merge', () => {
  const data = tempDir();
  let notebook: Notebook;
  const ids: Record<string, string> = {};
  const titles = async (input: Parameters<Notebook['service']['listArticles']>[0]) => (await notebook.service.listArticles(input)).map((article) => article.title);

  beforeAll(async () => {
    let clock = Date.parse('2026-01-01T00:00:00Z');
    notebook = openNotebook(data.dir, { now: () => new Date((clock += 60_000)) });
    const clip = async (key: string, title: string, url: string, site: string, published: string | null) => {
      ids[key] = (await notebook.service.clipHtml({ html: page(title, site, published), url })).id;
    };
    await clip('b', 'Bees and orchards', 'https://www.garden.example.org/bees', 'Garden Weekly', '2021-05-01T08:00:00Z');
    await clip('a', 'Aquifers under pressure', 'https://news.water.example.com/aquifers', 'Water News', '2024-02-10T08:00:00Z');
    await clip('c', 'Cartography of rivers', 'https://maps.example.net/rivers', 'atlas', null);
    await clip('d', 'Drought diaries', 'https://water.example.com/drought', 'Water News', '2019-07-01T08:00:00Z');
    await notebook.service.setTags({ id: ids.a, tags: ['water', 'policy'] });
    await notebook.service.setTags({ id: ids.d, tags: ['Water'] });
    await notebook.service.setTags({ id: ids.b, tags: ['garden', 'H2O'] });
    await notebook.service.createHighlight({ articleId: ids.a, exact: 'Aquifers under pressure is an article', isClaim: true });
    await notebook.service.createHighlight({ articleId: ids.c, exact: 'Cartography of rivers is an article' });
    await notebook.service.updateArticle({ id: ids.c, title: 'Atlas of rivers' });
  });
  afterAll(() => {
    notebook.close();
    data.cleanup();
  });

  it('sorts by clip date, published date, title (as corrected) and site', async () => {
    expect(await titles({})).toEqual(['Drought diaries', 'Atlas of rivers', 'Aquifers under pressure', 'Bees and orchards']);
    // Articles without a published date come last.
    expect(await titles({ sort: 'published' })).toEqual(['Aquifers under pressure', 'Bees and orchards', 'Drought diaries', 'Atlas of rivers']);
    expect(await titles({ sort: 'title' })).toEqual(['Aquifers under pressure', 'Atlas of rivers', 'Bees and orchards', 'Drought diaries']);
    expect(await titles({ sort: 'site' })).toEqual(['Atlas of rivers', 'Bees and orchards', 'Drought diaries', 'Aquifers under pressure']);
  });

  it('reads a sorted page without sorting every article', () => {
    const plan = (sort: 'clipped' | 'title') => {
      const { sql, params } = articlePageQuery({ trashed: false }, { sort, limit: 100 });
      return (notebook.db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as Array<{ detail: string }>).map((step) => step.detail).join('\n');
    };
    expect(plan('clipped')).toMatch(/USING INDEX article_by_clipped_at/);
    expect(plan('clipped')).not.toMatch(/TEMP B-TREE/);
    expect(plan('title')).toMatch(/USING INDEX article_by_title/);
  });

  it('filters by tag, site, highlights and claims, and counts what a filter selects', async () => {
    expect(await titles({ tag: 'WATER' })).toEqual(['Drought diaries', 'Aquifers under pressure']);
    expect(await titles({ site: 'water.example.com' })).toEqual(['Drought diaries', 'Aquifers under pressure']);
    expect(await titles({ site: 'example.org' })).toEqual(['Bees and orchards']);
    expect(await titles({ site: 'garden weekly' })).toEqual(['Bees and orchards']);
    expect(await titles({ hasHighlights: true })).toEqual(['Atlas of rivers', 'Aquifers under pressure']);
    expect(await titles({ hasClaims: true })).toEqual(['Aquifers under pressure']);
    expect(await titles({ hasHighlights: false, sort: 'title' })).toEqual(['Bees and orchards', 'Drought diaries']);
    expect(await notebook.service.countArticles({ tag: 'water' })).toEqual({ total: 2 });
    expect(await notebook.service.countArticles({})).toEqual({ total: 4 });
  });

  it('gives the library in pages', async () => {
    expect(await titles({ sort: 'title', limit: 2 })).toEqual(['Aquifers under pressure', 'Atlas of rivers']);
    expect(await titles({ sort: 'title', offset: 2, limit: 2 })).toEqual(['Bees and orchards', 'Drought diaries']);
    expect(await titles({ sort: 'title', offset: 4, limit: 2 })).toEqual([]);
  });

  it('gives every page as the same slice of the whole sorted list, whatever the sort and filter', async () => {
    for (const sort of articleSorts) {
      for (const filter of [{}, { tag: 'water' }, { hasHighlights: false }, { site: 'example.com' }]) {
        const whole = await titles({ ...filter, sort });
        const paged: string[] = [];
        for (let offset = 0; offset <= whole.length; offset++) paged.push(...(await titles({ ...filter, sort, offset, limit: 1 })));
        expect(paged, `${sort} ${JSON.stringify(filter)}`).toEqual(whole);
      }
    }
  });

  it('lists tags with counts, renames one, and merges two when the new name exists', async () => {
    expect(await notebook.service.listTags({})).toEqual([
      { name: 'garden', count: 1 },
      { name: 'H2O', count: 1 },
      { name: 'policy', count: 1 },
      { name: 'water', count: 2 },
    ]);
    expect(await notebook.service.renameTag({ from: 'garden', to: 'Gardens' })).toEqual({ name: 'Gardens', merged: false });
    expect(await notebook.service.renameTag({ from: 'H2O', to: 'WATER' })).toEqual({ name: 'water', merged: true });
    expect(await notebook.service.listTags({})).toEqual([
      { name: 'Gardens', count: 1 },
      { name: 'policy', count: 1 },
      { name: 'water', count: 3 },
    ]);
    expect((await notebook.service.getArticle({ id: ids.b })).tags).toEqual(['Gardens', 'water']);
    await expect(notebook.service.renameTag({ from: 'nope', to: 'x' })).rejects.toMatchObject({ code: 'not_found', field: 'from' });
    // A trashed article no longer counts.
    await notebook.service.trashArticle({ id: ids.d });
    expect((await notebook.service.listTags({})).find((tag) => tag.name === 'water')).toEqual({ name: 'water', count: 2 });
    expect(await titles({ tag: 'water' })).not.toContain('Drought diaries');
    expect(await titles({ trashed: true })).toEqual(['Drought diaries']);
  });
});
