import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseSearchQuery, type SearchQuery } from '../../src-main/common/search-query';
import { openNotebook, type Notebook } from '../../src-main/notebook';
import { positiveMatch, searchKinds, type IndexedKind } from '../../src-main/store/search';
import { buildTopLists, dueTopListBuild, topListBuild } from '../../src-main/store/search-top-build';
import { partedPhraseOf, rankedFromParts } from '../../src-main/store/search-parts';
import { rankedFromWordLists, WALK_TUNING, wordsOf, type Filters } from '../../src-main/store/search-terms';
import { columnsTest, itemColumns, packedColumnsKeep } from '../../src-main/store/search-item-columns';
import { taggedKeep } from '../../src-main/store/search-item-tags';
import { rowidsOf } from '../../src-main/store/search-rowids';
import { topList } from '../../src-main/store/search-top';
import { loadMigrations } from '../../src-main/store/migrations';
import { tempDir } from '../support/temp';

/**
 * The ranked lists of frequent terms must give the same pages as ranking every match with
 * FTS5. Thresholds far below the app's (a term is frequent from 4 items, a pair of characters
 * or a phrase from 3, a list keeps 5) make every list short, so the tests reach the cases where
 * a list's head cannot fill a page.
 */
const OPTIONS = { frequentItems: 4, frequentPairs: 3, frequentPhrases: 3, depth: 5 };
const WORDS = ['river', 'water', 'glacier', 'farm', 'harvest', 'survey', 'thaw', 'valley', 'winter', 'policy', 'the', 'then', 'there', 'wharf'];

/** A seeded sequence, so the library is the same on every run. */
function sequence(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  };
}

function sentence(next: () => number, words: number): string {
  const picked = Array.from({ length: words }, () => WORDS[Math.floor(next() * WORDS.length)]);
  return `${picked.join(' ')}.`;
}

function page(title: string, paragraphs: string[]): string {
  return `<!doctype html><html><head><meta charset="utf-8"><title>${title}</title></head><body><article><h1>${title}</h1>${paragraphs.map((text) => `<p>${text}</p>`).join('')}</article></body></html>`;
}

const parsed = (query: string): SearchQuery => {
  const result = parseSearchQuery(query);
  if (!result.ok) throw new Error(result.message);
  return result.query;
};

describe('ranked lists of frequent terms', () => {
  const data = tempDir();
  let notebook: Notebook;
  const articles: string[] = [];
  const highlights: string[] = [];

  const ids = (query: string, kind: IndexedKind, limit: number, exhaustive = false) =>
    searchKinds(notebook.db, parsed(query), [kind], limit, { exhaustive }).get(kind)!.map((row) => row.objectId);

  /** Every query below, both kinds, several page sizes: the lists' answer is FTS5's. */
  function expectSameAsFts5(queries: string[]): void {
    for (const query of queries) {
      for (const kind of ['article', 'highlight'] as const) {
        for (const limit of [1, 3, 8]) expect(ids(query, kind, limit), `${query} (${kind}, ${limit})`).toEqual(ids(query, kind, limit, true));
      }
    }
  }

  /** The items of `kind` among `rowids`, as the walks take them: no filters. */
  const ofKind = (kind: IndexedKind) => (rowids: number[]) =>
    notebook.db.prepare('SELECT i.rowid, i.object_id AS objectId, i.date FROM json_each(?) j CROSS JOIN search_item i ON i.rowid = j.value WHERE i.kind = ?').all(JSON.stringify(rowids), kind) as Array<{ rowid: number; objectId: string; date: string }>;

  /** The page of a phrase from its parts' lists alone (store/search-parts.ts); null where they cannot tell. */
  const fromParts = (query: string, kind: IndexedKind, limit: number) =>
    rankedFromParts(notebook.db, partedPhraseOf(parsed(query))!, kind, ofKind(kind), limit)?.map((item) => item.objectId) ?? null;

  /** The page of several words from their lists alone (store/search-terms.ts); null where they cannot tell. */
  const fromWordLists = (query: string, kind: IndexedKind, limit: number, placesPerRead = WALK_TUNING.placesPerRead) =>
    rankedFromWordLists(notebook.db, wordsOf(parsed(query))!, kind, { passing: ofKind(kind), keep: () => null }, limit, { ...WALK_TUNING, placesPerRead })?.map((item) => item.objectId) ?? null;

  /** FTS5's bm25 for each item of the kind the query's words match. */
  const bm25 = (query: string, kind: IndexedKind) =>
    new Map(
      (notebook.db
        .prepare('SELECT i.object_id AS id, bm25(search_words, 10, 3, 3, 1, 1) AS score FROM search_words CROSS JOIN search_item i ON i.rowid = search_words.rowid WHERE search_words MATCH ? AND i.kind = ?')
        .all(positiveMatch(parsed(query)), kind) as Array<{ id: string; score: number }>).map((row) => [row.id, row.score]),
    );

  /**
   * After changes, the lists keep the scores they were given with the average item length of
   * their build, while FTS5 uses today's: the pages may differ where two items score nearly
   * the same, but each place holds an item scoring within a few percent of FTS5's choice.
   */
  function expectCloseToFts5(queries: string[]): void {
    for (const query of queries) {
      for (const kind of ['article', 'highlight'] as const) {
        const scores = bm25(query, kind);
        const fast = ids(query, kind, 8);
        const full = ids(query, kind, 8, true);
        expect(fast.length, `${query} (${kind})`).toBe(full.length);
        fast.forEach((id, rank) => expect(scores.get(id)!, `${query} (${kind}) #${rank + 1}`).toBeCloseTo(scores.get(full[rank])!, 1));
      }
    }
  }

  beforeAll(async () => {
    notebook = openNotebook(data.dir);
    const next = sequence(7);
    for (let n = 0; n < 14; n++) {
      // Paragraphs of different lengths, so no two items tie on score.
      const paragraphs = Array.from({ length: 3 }, (_, p) => sentence(next, 12 + n * 3 + p * 5));
      const { id } = await notebook.service.clipHtml({ html: page(`Field notes ${n} ${WORDS[n % WORDS.length]}`, paragraphs), url: `https://site${n % 3}.example.org/notes/${n}` });
      articles.push(id);
      const { text } = await notebook.service.getArticle({ id });
      const words = [...text.matchAll(/\S+/g)].map((match) => ({ start: match.index, end: match.index + match[0].length }));
      for (let h = 0; h < 5; h++) {
        const from = (h * 7 + n) % Math.max(1, words.length - 12);
        const to = Math.min(words.length - 1, from + 2 + ((h + n) % 9));
        const highlight = await notebook.service.createHighlight({ articleId: id, start: words[from].start, end: words[to].end, color: h % 2 ? 'blue' : 'yellow', isClaim: h === 3 });
        highlights.push(highlight.id);
      }
    }
    // Japanese, where 東京 stands alone between punctuation (a word of the body column and a
    // pair of the unspaced one) or inside longer runs (a pair only): a pair's list must rank by
    // the unspaced column alone, as a two-character search does.
    const japanese = ['東京、東京、東京。', '東京都の東京湾と東京都庁と東京駅。', '京都と東京。京都の水道。', '水道局の東京支所。東京の水道。', '東京'];
    for (const [n, text] of japanese.entries()) {
      const paragraphs = [`${text}${'水道の話。'.repeat(n + 1)}`, `${'京都の東京。'.repeat(3 - (n % 3))}記録と調査。`];
      const { id } = await notebook.service.clipHtml({ html: page(`記録 ${n}`, paragraphs), url: `https://jp${n}.example.jp/${n}` });
      articles.push(id);
      const start = (await notebook.service.getArticle({ id })).text.indexOf(paragraphs[0]);
      const highlight = await notebook.service.createHighlight({ articleId: id, start, end: start + 4 + n, color: 'green' });
      highlights.push(highlight.id);
    }
    await notebook.service.setTags({ id: articles[2], tags: ['fieldwork'] });
    await notebook.service.setTags({ id: articles[5], tags: ['fieldwork'] });
    buildTopLists(notebook.db, OPTIONS);
  });
  afterAll(() => {
    notebook.close();
    data.cleanup();
  });

  const QUERIES = ['water', 'The', 'river', 'th*', 'the*', 'w*', 'wa*', 'wat*', 'wate*', 'harve*', 'river*', 'water color:blue', 'the is:claim', 'the tag:fieldwork', 'river -tag:fieldwork', 'the site:site1.example.org', 'w* after:2001', '東京', '"水道"', '京都', '東京 is:highlight', '"the valley"', '"valley the"', '"the water" tag:fieldwork', '"field notes 1"', '"京都の東京"', '東京都 is:highlight'];

  it('builds lists for frequent words and prefixes, and answers from them as FTS5 ranks', () => {
    expect(topList(notebook.db, 'water', 'word', 'article')).toBeDefined();
    expect(topList(notebook.db, 'wa', 'prefix', 'highlight')).toBeDefined();
    expect(topList(notebook.db, 'harve', 'prefix', 'article')).toBeDefined();
    expect(topList(notebook.db, '東京', 'pair', 'article')).toBeDefined();
    expect(topList(notebook.db, '水道', 'pair', 'article')).toBeDefined();
    expect(topList(notebook.db, 'the valley', 'phrase', 'highlight')).toBeDefined();
    expect(topList(notebook.db, '12', 'word', 'article')).toBeUndefined();
    expectSameAsFts5(QUERIES);
  });

  it('builds lists for phrases of two and three frequent words, and answers each as FTS5 ranks it', () => {
    const phrases = notebook.db.prepare("SELECT DISTINCT term FROM search_top_list WHERE shape = 'phrase'").pluck().all() as string[];
    expect(phrases).toEqual(expect.arrayContaining(['the water', 'water the', 'the valley', 'field notes']));
    const threeWords = phrases.filter((phrase) => phrase.split(' ').length === 3);
    expect(threeWords.length).toBeGreaterThan(3);
    expect(phrases.every((phrase) => phrase.split(' ').length <= 3)).toBe(true);
    // Text written without spaces makes none: its searches look for pairs of characters.
    expect(phrases.filter((phrase) => /\p{Script=Han}/u.test(phrase))).toEqual([]);
    // "notes 12" is in one item: no list, and FTS5 answers.
    expect(topList(notebook.db, 'notes 12', 'phrase', 'article')).toBeUndefined();
    expectSameAsFts5([...phrases.map((phrase) => `"${phrase}"`), '"Notes 12"', '"The  Water"']);
  });

  it('ranks several frequent words from their lists as FTS5 ranks them, idf and all', async () => {
    const pairs = WORDS.flatMap((first, i) => WORDS.slice(i + 1, i + 4).map((second) => `${first} ${second}`));
    const queries = [...pairs, 'the water river', 'The WATER', ...pairs.slice(0, 4).map((pair) => `${pair} is:claim`), `${pairs[5]} tag:fieldwork`, `${pairs[6]} -tag:fieldwork`, `${pairs[7]} color:blue`];
    expectSameAsFts5(queries);
    // The words' postings answer every one, though the best items are often in no list of 5.
    for (const query of [...pairs, 'the water river']) {
      for (const kind of ['article', 'highlight'] as const) {
        for (const limit of [1, 3, 8]) expect(fromWordLists(query, kind, limit), `${query} (${kind}, ${limit})`).toEqual(ids(query, kind, limit, true));
      }
    }
    // A rare word with frequent ones: the few matches are all scored.
    for (const [n, text] of ['quartz the water, and the river.', 'Quartz, quartz: the water.', 'The quartz of the valley, the water of the river, the thaw of the winter.'].entries()) {
      await notebook.service.clipHtml({ html: page(`Stones ${n}`, [text]), url: `https://rare.example.org/${n}` });
    }
    buildTopLists(notebook.db, OPTIONS);
    const rare = ['quartz the', 'water quartz', 'quartz river the', 'the 7'];
    expectSameAsFts5(rare);
    // Here FTS5 counts few places, so it answers them; made to read the matches, the lists give its pages.
    for (const query of rare) {
      expect(fromWordLists(query, 'article', 3), query).toBeNull();
      expect(fromWordLists(query, 'article', 3, 0), query).toEqual(ids(query, 'article', 3, true));
    }
    // Only words, each once: phrases, prefixes, OR and excluded words go to FTS5.
    expect(wordsOf(parsed('water river tag:x'))).toEqual(['water', 'river']);
    expect(wordsOf(parsed('water tag:x'))).toEqual(['water']);
    for (const query of ['water water', '"the water" river', 'wa* river', 'water OR river thaw', 'water -river', '東京 water']) expect(wordsOf(parsed(query)), query).toBeNull();
  });

  it('tests tags in memory on the items the build packed, and reads them again once tags change', async () => {
    const queries = ['water tag:fieldwork', 'the -tag:fieldwork', 'river tag:Fieldwork', 'the water tag:fieldwork', 'the tag:fieldwork -tag:survey', 'water thaw -tag:fieldwork'];
    /** What taggedKeep says of every packed item, against its article's tags in SQL. */
    const expectKeepAsSql = (tag: string) => {
      for (const kind of ['article', 'highlight'] as const) {
        const keep = taggedKeep(notebook.db, kind, tag, false)!;
        const dropped = taggedKeep(notebook.db, kind, tag, true)!;
        const items = notebook.db
          .prepare(
            `SELECT i.rowid, EXISTS (SELECT 1 FROM article_tag x JOIN tag t ON t.id = x.tag_id WHERE x.article_id = i.article_id AND t.name = ?) AS tagged
             FROM search_item i WHERE i.kind = ? AND i.rowid <= ?`,
          )
          .all(tag, kind, itemColumns(notebook.db, kind)!.through) as Array<{ rowid: number; tagged: number }>;
        expect(items.length).toBeGreaterThan(10);
        for (const { rowid, tagged } of items) {
          expect(keep(rowid - rowidsOf(kind).first), `${tag}: ${kind} ${rowid}`).toBe(tagged === 1);
          expect(dropped(rowid - rowidsOf(kind).first), `-${tag}: ${kind} ${rowid}`).toBe(tagged === 0);
        }
      }
    };
    // Lists deeper than a page of 8, so that their heads answer pages of few tagged items.
    buildTopLists(notebook.db, { ...OPTIONS, depth: 40 });
    expectSameAsFts5(queries);
    expectKeepAsSql('fieldwork');
    // Each change to which articles carry the tag, made after the build: a tag given, one taken,
    // a tag merged into it, a tag renamed to another name.
    const changes: Array<() => Promise<unknown>> = [
      () => notebook.service.setTags({ id: articles[7], tags: ['fieldwork', 'survey'] }),
      () => notebook.service.setTags({ id: articles[2], tags: [] }),
      () => notebook.service.setTags({ id: articles[9], tags: ['notes'] }).then(() => notebook.service.renameTag({ from: 'notes', to: 'fieldwork' })),
      () => notebook.service.renameTag({ from: 'survey', to: 'fieldwork' }),
      () => notebook.service.renameTag({ from: 'fieldwork', to: 'survey' }),
    ];
    for (const change of changes) {
      await change();
      expectSameAsFts5(queries);
      expectKeepAsSql('fieldwork');
      expectKeepAsSql('survey');
    }
    await notebook.service.renameTag({ from: 'survey', to: 'fieldwork' });
    for (const [n, id] of articles.entries()) await notebook.service.setTags({ id, tags: n === 2 || n === 5 ? ['fieldwork'] : [] });
    expectSameAsFts5(queries);
    buildTopLists(notebook.db, OPTIONS);
  });

  it("drops the matches whose packed columns fail the filters, and leaves items indexed since the build to SQL", async () => {
    // More highlights of "water" than the walk checks in its first batch, few of them blue or claims.
    const waters: string[] = [];
    for (let n = 0; n < 90; n++) {
      const articleId = articles[n % 14];
      const { text } = await notebook.service.getArticle({ id: articleId });
      const start = text.indexOf('water');
      if (start === -1) continue;
      const highlight = await notebook.service.createHighlight({ articleId, start, end: start + 5 + (n % 7), color: n % 15 === 0 ? 'blue' : 'yellow', isClaim: n % 20 === 0 });
      waters.push(highlight.id);
    }
    // Built again, so that bm25's counts are FTS5's and the pages can be compared exactly.
    buildTopLists(notebook.db, OPTIONS);
    type Item = { rowid: number; objectId: string; date: string };
    const blue = (rowids: number[]) =>
      notebook.db.prepare("SELECT i.rowid, i.object_id AS objectId, i.date FROM json_each(?) j CROSS JOIN search_item i ON i.rowid = j.value WHERE i.kind = 'highlight' AND i.color = 'blue'").all(JSON.stringify(rowids)) as Item[];
    const fromPostings = (query: string, limit: number, filters: Filters<Item>) =>
      rankedFromWordLists(notebook.db, wordsOf(parsed(query))!, 'highlight', filters, limit)!.map((item) => item.objectId);
    const columns = (filters: string) => packedColumnsKeep(notebook.db, 'highlight', columnsTest(parsed(filters).clauses.filter((clause) => clause.kind === 'filter'), 'highlight')!);
    for (const query of ['water', 'the', 'water river', 'the thaw', 'winter valley']) {
      for (const limit of [1, 3, 8, 30]) {
        // The packed columns alone keep only the blue matches: SQL is not asked to filter.
        expect(fromPostings(query, limit, { passing: ofKind('highlight'), keep: () => columns('color:blue') }), `${query} (${limit})`).toEqual(ids(`${query} color:blue`, 'highlight', limit, true));
        expect(fromPostings(query, limit, { passing: ofKind('highlight'), keep: () => columns('-color:yellow is:claim') }), `${query} (${limit})`).toEqual(ids(`${query} -color:yellow is:claim`, 'highlight', limit, true));
      }
    }
    // A highlight changed since the build takes a rowid the build never packed: the packed columns
    // keep it, and SQL finds it blue. One turned yellow leaves its packed rowid behind, blue.
    const turnedBlue = waters.find((id) => !blue(notebook.db.prepare('SELECT rowid FROM search_item WHERE object_id = ?').pluck().all(id) as number[]).length)!;
    const turnedYellow = waters.find((id) => blue(notebook.db.prepare('SELECT rowid FROM search_item WHERE object_id = ?').pluck().all(id) as number[]).length)!;
    await notebook.service.updateHighlight({ id: turnedBlue, color: 'blue' });
    await notebook.service.updateHighlight({ id: turnedYellow, color: 'yellow' });
    const everyBlue = fromPostings('water', 200, { passing: blue, keep: () => columns('color:blue') });
    expect(everyBlue).toContain(turnedBlue);
    expect(everyBlue).not.toContain(turnedYellow);
    expect(new Set(ids('water color:blue', 'highlight', 200))).toEqual(new Set(ids('water color:blue', 'highlight', 200, true)));
  });

  it('weighs a phrase in the title above the same phrase in the body, as FTS5 does', async () => {
    const clip = async (name: string, title: string, text: string) => (await notebook.service.clipHtml({ html: page(title, [text]), url: `https://phrases.example.org/${name}` })).id;
    const titled = await clip('titled', 'Winter thaw report', 'A report from the field, with notes on the season and its weather.');
    await clip('body', 'Field report', 'Winter thaw came early; winter thaw came late; winter thaw, then winter thaw again.');
    // A phrase of three words too, ranked from the lists of its parts.
    const titledThree = await clip('titled-3', 'Harvest survey valley', 'A report from the field, with notes on the season and its weather.');
    await clip('body-3', 'Field report', 'Harvest survey valley came early; harvest survey valley came late; harvest survey valley, then harvest survey valley again.');
    buildTopLists(notebook.db, OPTIONS);
    expect(ids('"winter thaw"', 'article', 1)).toEqual([titled]);
    expect(fromParts('"harvest survey valley"', 'article', 1)).toEqual([titledThree]);
    expectSameAsFts5(['"winter thaw"', '"harvest survey valley"']);
  });

  it('ranks a phrase of three words or more, or a run of three characters, from the lists of its parts as FTS5 ranks it', () => {
    // The phrases of three words that most items hold, and runs of Japanese.
    const texts = notebook.db.prepare('SELECT text FROM capture').pluck().all() as string[];
    const counts = new Map<string, number>();
    for (const text of texts) {
      const words = text.toLowerCase().split(/[^a-z]+/).filter(Boolean);
      for (const phrase of new Set(words.slice(2).map((word, i) => `${words[i]} ${words[i + 1]} ${word}`))) counts.set(phrase, (counts.get(phrase) ?? 0) + 1);
    }
    const phrases = [...counts].sort((a, b) => b[1] - a[1]).slice(0, 8).map(([phrase]) => `"${phrase}"`);
    // Phrases of four words, whose parts include phrases of three with lists of their own.
    const longer = new Map<string, number>();
    for (const text of texts) {
      const words = text.toLowerCase().split(/[^a-z]+/).filter(Boolean);
      for (const phrase of new Set(words.slice(3).map((word, i) => `${words[i]} ${words[i + 1]} ${words[i + 2]} ${word}`))) longer.set(phrase, (longer.get(phrase) ?? 0) + 1);
    }
    phrases.push(...[...longer].sort((a, b) => b[1] - a[1]).slice(0, 4).map(([phrase]) => `"${phrase}"`));
    const runs = ['東京都', '京都の東京', '水道の話', '東京東京', '記録と調査'];
    const queries = [...phrases, ...runs, ...phrases.slice(0, 3).map((phrase) => `${phrase} is:claim`), `${phrases[0]} tag:fieldwork`, `${phrases[1]} -tag:fieldwork`, '東京都 site:jp0.example.jp'];
    expectSameAsFts5(queries);
    // The lists answered (a walk that reaches a list's end leaves the query to FTS5, which the
    // line above would not tell apart).
    let answered = 0;
    for (const query of [...phrases, ...runs]) {
      for (const kind of ['article', 'highlight'] as const) {
        const page = fromParts(query, kind, 3);
        if (!page) continue;
        answered++;
        expect(page, `${query} (${kind})`).toEqual(ids(query, kind, 3, true));
      }
    }
    expect(answered).toBeGreaterThan(6);
    // Two words have lists of their own, or none; a prefix is not a phrase.
    expect(partedPhraseOf(parsed('"the water"'))).toBeNull();
    expect(partedPhraseOf(parsed('東京'))).toBeNull();
    expect(partedPhraseOf(parsed('"the water the" river'))).toBeNull();
    expect(partedPhraseOf(parsed('e-mail-address'))).toEqual({ tokens: ['e', 'mail', 'address'], unspaced: false });
  });

  it('reads a list a page at a time as a walk goes on, and ranks a phrase from the pages as FTS5 does', async () => {
    // Thirty highlights hold the phrase, each at a different length: a page of 20 takes a walk
    // through more than the first few entries of a list.
    const paragraphs = Array.from({ length: 30 }, (_, n) => `Spring flood came early ${'in the valley '.repeat(n % 10)}season ${n}.`);
    const { id } = await notebook.service.clipHtml({ html: page('Flood season', paragraphs), url: 'https://floods.example.org/season' });
    const { text } = await notebook.service.getArticle({ id });
    const flooded: string[] = [];
    for (let n = 0; n < 30; n++) {
      const start = text.indexOf(`Spring flood came early ${'in the valley '.repeat(n % 10)}season ${n}.`);
      const highlight = await notebook.service.createHighlight({ articleId: id, start, end: start + paragraphs[n].length, color: 'green' });
      flooded.push(highlight.id);
    }
    buildTopLists(notebook.db, { ...OPTIONS, depth: 60 });
    const fromLists = fromParts('"spring flood came"', 'highlight', 20);
    expect(fromLists).not.toBeNull();
    expect(fromLists).toEqual(ids('"spring flood came"', 'highlight', 20, true));
    expect(fromLists!.every((highlightId) => flooded.includes(highlightId))).toBe(true);
    buildTopLists(notebook.db, OPTIONS);
  });

  it('answers a frequent word, prefix, pair or phrase from its list', () => {
    const rowidOf = notebook.db.prepare('SELECT rowid FROM search_item WHERE object_id = ?').pluck();
    // An item put at the head of a list by hand comes first only if the list answers.
    const stranger = articles[0];
    const threeWords = notebook.db.prepare("SELECT term FROM search_top_list WHERE shape = 'phrase' AND kind = 'article' AND term LIKE '% % %' ORDER BY term LIMIT 1").pluck().get() as string;
    for (const [query, term, shape] of [['東京', '東京', 'pair'], ['water', 'water', 'word'], ['wa*', 'wa', 'prefix'], ['"the valley"', 'the valley', 'phrase'], [`"${threeWords}"`, threeWords, 'phrase']] as const) {
      const list = topList(notebook.db, term, shape, 'article')!;
      notebook.db.prepare("INSERT INTO search_top (list_id, score, date, item_rowid) VALUES (?, 1e9, '2000-01-01', ?)").run(list.id, rowidOf.get(stranger));
      expect(ids(query, 'article', 1), query).toEqual([stranger]);
      notebook.db.prepare('DELETE FROM search_top WHERE list_id = ? AND score = 1e9').run(list.id);
    }
    // There are no notes yet, and "water" has a list for them all the same: empty and complete,
    // so a search answers at once instead of ranking every match of every kind to find none.
    for (const [term, shape] of [['water', 'word'], ['the valley', 'phrase']] as const) {
      const empty = topList(notebook.db, term, shape, 'note')!;
      expect(empty.complete).toBe(true);
      expect(notebook.db.prepare('SELECT count(*) FROM search_top WHERE list_id = ?').pluck().get(empty.id)).toBe(0);
    }
  });

  it('ranks a pair by the unspaced column alone, as a two-character search does', async () => {
    // 東京 between commas is also a word of the body column; inside a longer run it is not.
    // Counting the body too would put the first page ahead of the second (10 against 7).
    const clip = async (name: string, text: string) => (await notebook.service.clipHtml({ html: page(name, [text]), url: `https://pairs.example.jp/${name}` })).id;
    await clip('Commas', '東京、東京、東京、東京、東京。');
    const run = await clip('Run', '東京東京東京東京東京東京東京');
    buildTopLists(notebook.db, OPTIONS);
    expect(ids('東京', 'article', 1)).toEqual([run]);
    expectSameAsFts5(['東京']);
    // The same holds for an item that enters the list after the build (12 against 7).
    await clip('More commas', '東京、東京、東京、東京、東京、東京。');
    expect(ids('東京', 'article', 1)).toEqual([run]);
    expectSameAsFts5(['東京']);
  });

  it('keeps its answers right as items are added, changed, trashed and deleted', async () => {
    // A short article about one frequent word outranks every long one.
    const { id: short } = await notebook.service.clipHtml({ html: page('Water water', ['water water water river water.']), url: 'https://short.example.org/water' });
    expect(ids('water', 'article', 1)).toEqual([short]);
    const added = await notebook.service.createHighlight({ articleId: short, exact: 'water water water', color: 'pink' });
    expect(ids('water', 'highlight', 1)).toEqual([added.id]);
    // A phrase's list takes a new item where it ranks, in the phrase's order only.
    const { id: valley } = await notebook.service.clipHtml({ html: page('The valley', ['the valley, the valley, the valley.']), url: 'https://short.example.org/valley' });
    expect(ids('"the valley"', 'article', 1)).toEqual([valley]);
    const { id: reversed } = await notebook.service.clipHtml({ html: page('Valley', ['valley the valley the valley the valley the.']), url: 'https://short.example.org/reversed' });
    expect(ids('"valley the"', 'article', 1)).toEqual([reversed]);
    expect(ids('"the valley"', 'article', 1)).toEqual([valley]);
    // So does a phrase of three words' list.
    const threeWords = notebook.db.prepare("SELECT id, term FROM search_top_list WHERE shape = 'phrase' AND kind = 'article' AND term LIKE '% % %' ORDER BY term LIMIT 1").get() as { id: number; term: string };
    const { id: repeated } = await notebook.service.clipHtml({ html: page('Repeated', [`${threeWords.term}, ${threeWords.term}, ${threeWords.term}.`]), url: 'https://short.example.org/repeated' });
    const listed = notebook.db.prepare('SELECT i.object_id FROM search_top t JOIN search_item i ON i.rowid = t.item_rowid WHERE t.list_id = ?').pluck();
    expect(listed.all(threeWords.id)).toContain(repeated);
    expect(ids(`"${threeWords.term}"`, 'article', 1)).toEqual([repeated]);
    const { id: tokyo } = await notebook.service.clipHtml({ html: page('東京', ['東京'.repeat(10)]), url: 'https://short.example.jp/tokyo' });
    expect(ids('東京', 'article', 1)).toEqual([tokyo]);
    await notebook.service.updateHighlight({ id: highlights[4], color: 'blue', comment: 'thaw thaw thaw' });
    await notebook.service.deleteHighlight({ id: highlights[9] });
    await notebook.service.trashArticle({ id: articles[3] });
    await notebook.service.updateArticle({ id: articles[6], title: 'The winter valley' });
    // Items added or changed since the build bring their own postings, and those gone or changed
    // leave the packed ones: every item holding the words is found, and no other. (Their order
    // may differ from FTS5's where a word's idf, from the build's counts, is near nothing: here
    // "winter" is in half the items.)
    const words = ['water river', 'thaw the', 'winter valley', 'water the is:highlight'];
    const everyMatch = (query: string, kind: IndexedKind, exhaustive = false) => new Set(ids(query, kind, 1000, exhaustive));
    for (const query of words) for (const kind of ['article', 'highlight'] as const) expect(everyMatch(query, kind), `${query} (${kind})`).toEqual(everyMatch(query, kind, true));
    expectCloseToFts5([...QUERIES, 'thaw']);
    const gone = [highlights[9], articles[3], ...highlights.slice(15, 20)];
    for (const query of QUERIES) for (const kind of ['article', 'highlight'] as const) expect(ids(query, kind, 50).filter((id) => gone.includes(id))).toEqual([]);
    await notebook.service.emptyTrash({});
    expectCloseToFts5(QUERIES);
    for (const query of words) for (const kind of ['article', 'highlight'] as const) expect(everyMatch(query, kind), `${query} (${kind})`).toEqual(everyMatch(query, kind, true));
    buildTopLists(notebook.db, OPTIONS);
    expect(notebook.db.prepare('SELECT count(*) FROM search_postings_late').pluck().get()).toBe(0);
    expectSameAsFts5(words);
  });

  it("keeps each list's floor at its lowest entry as items come, and never above it as they go", async () => {
    const floors = () =>
      new Map(
        (notebook.db.prepare('SELECT l.id, l.floor, (SELECT min(score) FROM search_top WHERE list_id = l.id) AS lowest FROM search_top_list l').all() as Array<{
          id: number;
          floor: number | null;
          lowest: number | null;
        }>).map((list) => [list.id, list]),
      );
    const offFloor = () => [...floors().values()].filter((list) => list.floor !== list.lowest);
    // A build rewrites the lists of the terms frequent now; the tests above left others.
    notebook.db.exec('DELETE FROM search_top; DELETE FROM search_top_list');
    buildTopLists(notebook.db, OPTIONS);
    expect(offFloor()).toEqual([]);
    const before = floors();
    // A short item outranks the last entry of full lists, which leaves them: their lowest rises.
    // A long one scores low, and enters the lists still complete at their foot: their lowest falls.
    const { id } = await notebook.service.clipHtml({ html: page('Water river', ['water river water the valley.']), url: 'https://short.example.org/floor' });
    await notebook.service.clipHtml({ html: page('Long notes', Array.from({ length: 6 }, (_, p) => sentence(sequence(90 + p), 120))), url: 'https://long.example.org/floor' });
    const after = [...floors().values()];
    expect(after.filter((list) => (list.lowest ?? 0) > (before.get(list.id)!.lowest ?? 0)).length).toBeGreaterThan(0);
    expect(after.filter((list) => (list.lowest ?? 0) < (before.get(list.id)!.lowest ?? 0)).length).toBeGreaterThan(0);
    expect(offFloor()).toEqual([]);
    // An entry that goes may leave the floor below the list's new lowest, never above it.
    await notebook.service.trashArticle({ id });
    await notebook.service.emptyTrash({});
    expect([...floors().values()].filter((list) => list.floor !== null && list.lowest !== null && list.floor > list.lowest)).toEqual([]);
  });

  it('ranks every kind in one pass, giving each the page it gets when ranked alone', async () => {
    for (const [n, words] of ['water river', 'the survey', 'thaw thaw'].entries()) {
      await notebook.service.createNote({ title: `Field note ${n}`, markdown: `Notes on ${words}, ${sentence(sequence(n + 1), 20 + n * 7)}` });
    }
    // Every article but one in the trash (the fourth is gone already): the best matches of a
    // kind are trashed, so a page needs ranking deeper.
    const trashed = articles.filter((_, n) => n !== 2 && n !== 3);
    for (const id of trashed) await notebook.service.trashArticle({ id });
    const kinds = ['article', 'highlight', 'note'] as const;
    const together = (query: string, limit: number) => searchKinds(notebook.db, parsed(query), kinds, limit, { exhaustive: true });
    // Words alone: FTS5's ranking with the trash left out by a join.
    const untrashed = notebook.db.prepare(
      `SELECT i.object_id FROM search_words CROSS JOIN search_item i ON i.rowid = search_words.rowid LEFT JOIN article a ON a.id = i.article_id
       WHERE search_words MATCH ? AND i.kind = ? AND a.trashed_at IS NULL ORDER BY bm25(search_words, 10, 3, 3, 1, 1), i.date DESC, i.rowid DESC LIMIT ?`,
    ).pluck();
    for (const query of ['water river', 'the survey', '"the water"', 'thaw OR wharf']) {
      for (const limit of [1, 3, 8]) {
        const pages = together(query, limit);
        for (const kind of kinds) expect(pages.get(kind)!.map((row) => row.objectId), `${query} (${kind}, ${limit})`).toEqual(untrashed.all(positiveMatch(parsed(query)), kind, limit));
      }
    }
    // With filters: the page each kind gets alone.
    for (const query of ['river -winter', 'the site:site1.example.org', 'water color:blue', 'valley tag:fieldwork']) {
      for (const limit of [1, 3, 8]) {
        const pages = together(query, limit);
        for (const kind of kinds) {
          const page = pages.get(kind)!.map((row) => row.objectId);
          expect(page, `${query} (${kind}, ${limit})`).toEqual(ids(query, kind, limit, true));
          expect(page.filter((id) => trashed.includes(id))).toEqual([]);
        }
      }
    }
    // The notes entered the lists that had none when they were built.
    for (const query of ['water', 'the', '"the survey"']) {
      expect(ids(query, 'note', 8).length, query).toBeGreaterThan(0);
      expect(ids(query, 'note', 8), query).toEqual(ids(query, 'note', 8, true));
    }
    // The pages are not empty: each kind had matches to rank.
    expect(searchKinds(notebook.db, parsed('water river'), kinds, 8, { exhaustive: true }).get('note')!.length).toBeGreaterThan(0);
    expect(searchKinds(notebook.db, parsed('the survey'), kinds, 8, { exhaustive: true }).get('article')!.length).toBeGreaterThan(0);
    for (const id of trashed) await notebook.service.restoreArticle({ id });
  });

  it('counts phrases in a sample of a large notebook, and lists the frequent ones it finds exactly', () => {
    const phraseLists = () =>
      notebook.db.prepare("SELECT l.kind, l.term, l.complete, t.item_rowid FROM search_top_list l LEFT JOIN search_top t ON t.list_id = l.id WHERE l.shape = 'phrase' ORDER BY 1, 2, 4").all() as Array<{ term: string }>;
    buildTopLists(notebook.db, OPTIONS);
    const whole = phraseLists();
    // A sample of one item in three, where a phrase seen once may be frequent.
    const sampled = topListBuild(notebook.db, OPTIONS, 1_000_000, 40);
    while (!sampled.next().done);
    const fromSample = phraseLists();
    const terms = new Set(fromSample.map((row) => row.term));
    expect(terms.size).toBeGreaterThan(new Set(whole.map((row) => row.term)).size / 2);
    expect(fromSample).toEqual(whole.filter((row) => terms.has(row.term)));
    buildTopLists(notebook.db, OPTIONS);
  });

  it("drops the lists a build did not write: an older build's scores and counts", () => {
    const rowid = notebook.db.prepare('SELECT rowid FROM search_item LIMIT 1').pluck().get();
    const stale = Number(notebook.db.prepare("INSERT INTO search_top_list (kind, term, shape, complete, floor, items) VALUES ('article', 'glaciology', 'word', 0, 1, 9)").run().lastInsertRowid);
    notebook.db.prepare("INSERT INTO search_top (list_id, score, date, item_rowid) VALUES (?, 1, '2000-01-01', ?)").run(stale, rowid);
    const kept = topList(notebook.db, 'water', 'word', 'article')!.id;
    buildTopLists(notebook.db, OPTIONS);
    expect(topList(notebook.db, 'glaciology', 'word', 'article')).toBeUndefined();
    expect(notebook.db.prepare('SELECT count(*) FROM search_top WHERE list_id = ?').pluck().get(stale)).toBe(0);
    expect(topList(notebook.db, 'water', 'word', 'article')!.id).toBe(kept);
  });

  it('builds the same lists and postings in small steps as in one, and a build stopped halfway is due again', () => {
    const lists = () => [
      ...notebook.db.prepare('SELECT l.kind, l.term, l.shape, l.complete, t.item_rowid FROM search_top_list l JOIN search_top t ON t.list_id = l.id ORDER BY 1, 2, 3, 5').all(),
      ...notebook.db.prepare('SELECT l.kind, l.term, p.through, hex(p.postings) AS postings FROM search_top_list l JOIN search_postings p ON p.list_id = l.id ORDER BY 1, 2').all(),
    ];
    buildTopLists(notebook.db, OPTIONS);
    const whole = lists();
    // Every word's list of every kind has its postings; no other list has any.
    expect(notebook.db.prepare("SELECT count(*) FROM search_top_list WHERE shape = 'word'").pluck().get()).toBe(notebook.db.prepare('SELECT count(*) FROM search_postings').pluck().get());
    expect(notebook.db.prepare("SELECT count(*) FROM search_postings p JOIN search_top_list l ON l.id = p.list_id WHERE l.shape <> 'word'").pluck().get()).toBe(0);
    // From nothing, so that a list the steps failed to build cannot be the whole build's left over.
    notebook.db.exec('DELETE FROM search_top; DELETE FROM search_top_list');
    const stepped = topListBuild(notebook.db, OPTIONS, 40);
    let steps = 0;
    while (!stepped.next().done) steps++;
    expect(steps).toBeGreaterThan(5);
    expect(lists()).toEqual(whole);
    expect(dueTopListBuild(notebook.db)).toBeNull();
    // A notebook upgraded to packed item columns has lists built without them.
    const columns = notebook.db.prepare('SELECT kind, through, packed FROM search_item_columns').all() as Array<{ kind: string; through: number; packed: Uint8Array }>;
    notebook.db.exec('DELETE FROM search_item_columns');
    expect(dueTopListBuild(notebook.db)).not.toBeNull();
    for (const { kind, through, packed } of columns) notebook.db.prepare('INSERT INTO search_item_columns (kind, through, packed) VALUES (?, ?, ?)').run(kind, through, packed);
    expect(dueTopListBuild(notebook.db)).toBeNull();
    // So does one upgraded to lists of phrases of three words.
    notebook.db.exec(loadMigrations().find((migration) => migration.name === 'search-top-three-word-phrases')!.sql);
    expect(dueTopListBuild(notebook.db)).not.toBeNull();
    buildTopLists(notebook.db, OPTIONS);
    expect(lists()).toEqual(whole);
    expect(dueTopListBuild(notebook.db)).toBeNull();

    const stopped = topListBuild(notebook.db, OPTIONS, 40);
    stopped.next();
    expect(dueTopListBuild(notebook.db)).not.toBeNull();
    expectSameAsFts5(QUERIES);
  });

  it('builds on a worker thread, as a long-running host does, while this thread goes on', async () => {
    expect(dueTopListBuild(notebook.db)).not.toBeNull();
    const built = notebook.buildSearchLists(new URL('../../src-main/bin/search-lists-worker.mjs', import.meta.url), OPTIONS);
    // The notebook stays usable while the worker builds.
    await notebook.service.createHighlight({ articleId: articles[0], start: 0, end: 12, color: 'green' });
    await built;
    expect(dueTopListBuild(notebook.db)).toBeNull();
    expectSameAsFts5(QUERIES);
  });
});
