import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { highlightColors } from '../../src-main/common/model';
import { parseSearchQuery, type SearchQuery } from '../../src-main/common/search-query';
import { openNotebook } from '../../src-main/notebook';
import { openDatabase } from '../../src-main/store/database';
import { searchKinds } from '../../src-main/store/search';
import { columnsTest, itemColumns, packColumns } from '../../src-main/store/search-item-columns';
import { rowidsOf } from '../../src-main/store/search-rowids';
import { buildTopLists } from '../../src-main/store/search-top-build';
import { tempDir } from '../support/temp';

const parsed = (query: string): SearchQuery => {
  const result = parseSearchQuery(query);
  if (!result.ok) throw new Error(result.message);
  return result.query;
};

const filtersOf = (query: string) => parsed(query).clauses.filter((clause) => clause.kind === 'filter');

describe("items' packed columns", () => {
  const data = tempDir();
  afterAll(() => data.cleanup());

  it('rule out exactly the items that SQL rules out, and keep every item whose colour or date they cannot order', () => {
    const db = openDatabase(join(data.dir, 'columns.db'));
    // Items of every colour (one the packing does not know), claim or not, on dates around the
    // filters' bounds (and one that is no date): a query of filters alone lists them with SQL.
    const dates = ['1999-07-04', '2019-12-31', '2020-01-01', '2020-02-31', '2021-06-14', '2021-06-15', '2026-11-30', 'undated', '2020-13-01', '2020-20-01', '2020-01-99'];
    const colors = [null, ...highlightColors, 'teal'];
    const object = db.prepare("INSERT INTO object (id, kind) VALUES (?, 'highlight')");
    const insert = db.prepare("INSERT INTO search_item (rowid, object_id, kind, article_id, date, host, color, is_claim) VALUES (?, ?, 'highlight', NULL, ?, NULL, ?, ?)");
    const items: Array<{ id: string; packed: number; known: boolean }> = [];
    for (const date of dates) {
      for (const color of colors) {
        for (const claim of [0, 1]) {
          const id = `h${items.length}`;
          object.run(id);
          insert.run(rowidsOf('highlight').first + items.length, id, date, color, claim);
          items.push({ id, packed: packColumns(date, color, claim === 1), known: /^\d{4}-(0\d|1[0-2])-([0-2]\d|3[01])$/.test(date) && color !== 'teal' });
        }
      }
    }
    const queries = [
      'color:blue', '-color:blue', 'is:claim', '-is:claim', 'is:highlight', '-is:highlight', 'is:article', 'after:2020', 'before:2020', '-after:2021-06-15',
      'after:2020 before:2021-06-15', 'is:claim color:pink after:2021', '-is:claim -color:yellow before:2021-06-15', 'after:2020-02 -before:2020-02', 'before:2020-02', 'before:2021',
    ];
    for (const query of queries) {
      const kept = new Set(searchKinds(db, parsed(query), ['highlight'], items.length).get('highlight')!.map((row) => row.objectId));
      const test = columnsTest(filtersOf(query), 'highlight')!;
      for (const { id, packed, known } of items) {
        if (known) expect(test(packed), `${query}: ${id}`).toBe(kept.has(id));
        else if (kept.has(id)) expect(test(packed), `${query}: ${id}`).toBe(true);
      }
    }
    // Filters that test no column of the item's own leave it to SQL.
    expect(columnsTest(filtersOf('tag:science site:example.org'), 'highlight')).toBeNull();
    db.close();
  });

  it('are packed by each build, read again by a connection once another build replaced them, and gone while the index is built anew', async () => {
    const dir = join(data.dir, 'notebook');
    let notebook = openNotebook(dir);
    const html = (n: number) => `<!doctype html><html><head><title>Survey ${n}</title><meta property="article:published_time" content="202${n}-03-0${n + 1}"></head><body><article><p>The valley survey, season ${n}: water, farms and the winter thaw.</p></article></body></html>`;
    const first = await notebook.service.clipHtml({ html: html(0), url: 'https://example.org/0' });
    buildTopLists(notebook.db, { frequentItems: 1, frequentPairs: 1, frequentPhrases: 1, depth: 5 });
    const articleColumns = () => itemColumns(notebook.db, 'article');
    const rowidOf = (id: string) => notebook.db.prepare('SELECT rowid FROM search_item WHERE object_id = ?').pluck().get(id) as number;
    const before = articleColumns()!;
    expect(before.through).toBe(rowidOf(first.id));
    expect(before.packed[rowidOf(first.id) - rowidsOf('article').first]).toBe(packColumns('2020-03-01', null, false));

    const second = await notebook.service.clipHtml({ html: html(1), url: 'https://example.org/1' });
    // Until a build packs it, the new article is past what the last one read.
    expect(articleColumns()).toBe(before);
    buildTopLists(notebook.db, { frequentItems: 1, frequentPairs: 1, frequentPhrases: 1, depth: 5 });
    const after = articleColumns()!;
    expect(after.through).toBe(rowidOf(second.id));
    expect(after.packed[rowidOf(second.id) - rowidsOf('article').first]).toBe(packColumns('2021-03-02', null, false));

    // Built anew, the index gives its rowids out again from the first: columns packed for the
    // old ones would describe other items.
    notebook.db.exec('UPDATE search_rebuild SET needed = 1');
    notebook.close();
    notebook = openNotebook(dir);
    expect(articleColumns()).toBeUndefined();
    notebook.close();
  });
});
