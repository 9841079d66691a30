/**
 * Runs a parsed search query (common/search-query.ts) against the index: one MATCH built
 * only from quoted tokens, filters as SQL with `?` parameters, trashed articles and what
 * belongs to them left out. Ranked by bm25 with the title weighted above the rest, newer
 * first among equals; a query of filters alone lists newest first.
 */
import { ftsString, substringClauses, toFtsExclusion, toFtsMatch, type SearchFilter, type SearchQuery } from '../common/search-query';
import { onePair, unspacedMatch } from '../common/unspaced';
import type { Db } from './database';
import { columnsTest, packedColumnsKeep } from './search-item-columns';
import { taggedKeep } from './search-item-tags';
import { partedPhraseOf, rankedFromParts } from './search-parts';
import { adjoiningRuns, rowidsOf, rowidsOfRun } from './search-rowids';
import { rankedFromWordLists, wordsOf } from './search-terms';
import { COLUMN_WEIGHTS, topList, type ListShape } from './search-top';
import { siteCondition } from './site-match';
import { prepared } from './statements';

export const INDEXED_KINDS = ['article', 'highlight', 'note'] as const;
export type IndexedKind = (typeof INDEXED_KINDS)[number];

export interface SearchRow {
  objectId: string;
  kind: IndexedKind;
  articleId: string | null;
  date: string;
  isClaim: boolean;
}


interface Condition {
  sql: string;
  params: unknown[];
}

function inIndex(match: string): Condition {
  return { sql: 'i.rowid IN (SELECT rowid FROM search_words WHERE search_words MATCH ?)', params: [match] };
}

function filterCondition(filter: SearchFilter): Condition {
  switch (filter.field) {
    case 'tag':
      // Looked up for each row that gets this far: a list of the tag's articles would be made
      // again by every statement that tests it, 5 ms for a tag of 10,000 articles, and the
      // walks test their candidates in several (store/search-terms.ts).
      return { sql: 'EXISTS (SELECT 1 FROM article_tag x WHERE x.article_id = i.article_id AND x.tag_id = (SELECT t.id FROM tag t WHERE t.name = ?))', params: [filter.value] };
    case 'site':
      return siteCondition('i.host', 'i.article_id', filter.value);
    case 'author':
      return {
        sql: "i.article_id IN (SELECT s.article_id FROM search_words CROSS JOIN search_item s ON s.rowid = search_words.rowid WHERE search_words MATCH ? AND s.kind = 'article')",
        params: [`{byline} : ${ftsString(filter.value)}`],
      };
    case 'is':
      if (filter.value === 'claim') return { sql: "(i.kind = 'highlight' AND i.is_claim = 1)", params: [] };
      return { sql: 'i.kind = ?', params: [filter.value] };
    case 'color':
      return { sql: 'i.color = ?', params: [filter.value] };
    case 'rel':
      return {
        sql: 'i.object_id IN (SELECT from_id FROM link WHERE relation = ? UNION SELECT to_id FROM link WHERE relation = ?)',
        params: [filter.value, filter.value],
      };
    case 'before':
      return { sql: 'i.date < ?', params: [filter.value] };
    case 'after':
      return { sql: 'i.date >= ?', params: [filter.value] };
  }
}

/** The MATCH expression for everything positive the query looks for, or null when it is filters only. */
export function positiveMatch(query: SearchQuery): string | null {
  const parts: string[] = [];
  const words = toFtsMatch(query);
  if (words) parts.push(`(${words})`);
  for (const clause of substringClauses(query)) {
    if (clause.negated) continue;
    const alternatives = [...clause.substrings.map(unspacedMatch).filter((match): match is string => match !== null), ...(clause.orMatch ? [clause.orMatch] : [])];
    if (alternatives.length > 0) parts.push(`(${alternatives.join(' OR ')})`);
  }
  return parts.length > 0 ? parts.join(' AND ') : null;
}

/** Filters that test the item's own columns; the others look rows up in other tables. */
const ITEM_COLUMN_FILTERS: ReadonlySet<SearchFilter['field']> = new Set(['is', 'color', 'before', 'after']);

/**
 * The query's conditions besides its MATCH. SQLite tests a row's conditions in the order they
 * are written, so the item's own columns come first: the lookups in tags, sites, links and the
 * index then run only for the matches those leave (a third of the time of "tag:science is:claim
 * after:2020 said" at 10,000 articles, see tests/bench/search-scale.ts).
 */
function conditionsOf(query: SearchQuery): Condition[] {
  const onItem: Condition[] = [];
  const lookups: Condition[] = [];
  for (const clause of query.clauses) {
    if (clause.kind !== 'filter') continue;
    const condition = filterCondition(clause);
    // IS NOT TRUE, not NOT: a filter reads columns an item may not have (a note's tags, an
    // article's colour), where its condition is NULL, and `-tag:x` must keep such items.
    (ITEM_COLUMN_FILTERS.has(clause.field) ? onItem : lookups).push(clause.negated ? { ...condition, sql: `(${condition.sql}) IS NOT TRUE` } : condition);
  }
  const exclusion = toFtsExclusion(query);
  if (exclusion) lookups.push({ ...inIndex(exclusion), sql: `NOT ${inIndex(exclusion).sql}` });
  for (const clause of substringClauses(query)) {
    if (!clause.negated) continue;
    for (const substring of clause.substrings) {
      const match = unspacedMatch(substring);
      if (match) lookups.push({ sql: `NOT ${inIndex(match).sql}`, params: [match] });
    }
  }
  return [...onItem, ...lookups];
}

type Row = Omit<SearchRow, 'isClaim'> & { isClaim: number };

const COLUMNS = 'i.object_id AS objectId, i.kind, i.article_id AS articleId, i.date, i.is_claim AS isClaim';

/**
 * The best `limit` items of each kind for the query. A query of one frequent word, prefix or
 * character pair reads each kind's ranked list (store/search-top.ts) when the list's head fills the page;
 * a phrase without a list of its own, or several words, may be ranked from their parts' lists
 * (store/search-parts.ts, store/search-terms.ts); the kinds these leave are ranked by FTS5
 * together, in one pass over the matches.
 * `exhaustive` ranks every match with FTS5 instead, as the benchmark's reference does.
 */
export function searchKinds(
  db: Db,
  query: SearchQuery,
  kinds: readonly IndexedKind[],
  limit: number,
  options: { exhaustive?: boolean } = {},
): Map<IndexedKind, SearchRow[]> {
  const pages = new Map<IndexedKind, Row[]>(kinds.map((kind) => [kind, []]));
  const match = positiveMatch(query);
  const conditions = conditionsOf(query);
  const toRank: IndexedKind[] = [];
  const filters = query.clauses.filter((clause): clause is SearchFilter => clause.kind === 'filter');
  for (const kind of kinds.filter((kind) => filtersAllow(query, kind))) {
    const ofKind = [{ sql: 'i.kind = ?', params: [kind] }, ...conditions];
    if (!match) pages.set(kind, listed(db, ofKind, limit));
    else {
      // Read when a list or a walk asks for it: a tag's items take a statement to read at first.
      let keep: ((offset: number) => boolean) | null | undefined;
      const ofKindFilters = { sql: ofKind, keep: () => (keep === undefined ? (keep = packedKeep(db, kind, filters)) : keep) };
      const fromList = options.exhaustive ? null : (fromTopList(db, query, kind, ofKindFilters, limit) ?? fromListsOfParts(db, query, kind, ofKindFilters, limit));
      if (fromList) pages.set(kind, fromList);
      else toRank.push(kind);
    }
  }
  if (match && toRank.length > 0) {
    for (const [kind, rows] of rankedThenUntrashed(db, match, toRank, conditions, limit)) pages.set(kind, rows);
  }
  return new Map(
    [...pages].map(([kind, rows]) => [kind, rows.map(({ objectId, kind, articleId, date, isClaim }) => ({ objectId, kind, articleId, date, isClaim: isClaim === 1 }))]),
  );
}

/** The kinds of item each filter can hold for: a note belongs to no article, only highlights have a colour or links. */
const FILTER_KINDS: Partial<Record<SearchFilter['field'], readonly IndexedKind[]>> = {
  tag: ['article', 'highlight'],
  site: ['article', 'highlight'],
  author: ['article', 'highlight'],
  color: ['highlight'],
  rel: ['highlight'],
};

/**
 * Whether an item of `kind` can pass the query's filters. A query whose filters rule a kind
 * out skips it, instead of ranking every match of its words only to drop them all.
 */
function filtersAllow(query: SearchQuery, kind: IndexedKind): boolean {
  return query.clauses.every((clause) => {
    if (clause.kind !== 'filter') return true;
    if (clause.field === 'is') {
      const isKind = clause.value === 'claim' ? 'highlight' : clause.value;
      // -is:claim leaves highlights that are not claims.
      return clause.negated ? clause.value === 'claim' || isKind !== kind : isKind === kind;
    }
    return clause.negated || (FILTER_KINDS[clause.field] ?? [kind]).includes(kind);
  });
}

/**
 * The term of a query that looks for one thing and nothing else: a word, a prefix, two
 * characters of text written without spaces (one pair of the `unspaced` column), or a phrase
 * (topList finds a list only for a phrase of two or three words).
 */
function singleTerm(query: SearchQuery): { text: string; shape: ListShape } | null {
  const text = query.clauses.filter((clause) => clause.kind === 'text');
  if (text.length !== 1 || text[0].anyOf.length !== 1) return null;
  const [term] = text[0].anyOf;
  if (term.negated) return null;
  if (term.unspacedScript) {
    const pair = term.kind === 'phrase' || !term.prefix ? onePair(term.text) : null;
    return pair ? { text: pair, shape: 'pair' } : null;
  }
  if (term.kind === 'phrase') return { text: term.text, shape: 'phrase' };
  return { text: term.text, shape: term.prefix ? 'prefix' : 'word' };
}

/** A kind's filters: all of them as SQL, and those the last build's packing can test, in memory (packedKeep). */
interface KindFilters {
  sql: Condition[];
  keep: () => ((offset: number) => boolean) | null;
}

/**
 * Whether an item of `kind`, by its offset from the kind's first rowid, may pass the filters on
 * its own columns (store/search-item-columns.ts) and its article's tags (store/search-item-tags.ts),
 * from what the last list build packed; null when every item may. The walks and the lists' heads
 * drop most matches these filters rule out before SQL reads any.
 */
function packedKeep(db: Db, kind: IndexedKind, filters: SearchFilter[]): ((offset: number) => boolean) | null {
  const tests = [
    packedColumnsKeep(db, kind, columnsTest(filters, kind)),
    ...filters.filter((filter) => filter.field === 'tag').map((filter) => taggedKeep(db, kind, filter.value, filter.negated)),
  ].filter((test): test is (offset: number) => boolean => test !== null);
  if (tests.length <= 1) return tests[0] ?? null;
  // A loop rather than every(): this runs for each posting a walk reads, and makes no closure.
  return (offset) => {
    for (let t = 0; t < tests.length; t++) if (!tests[t](offset)) return false;
    return true;
  };
}

/**
 * The page from the term's ranked list, or null when there is no list or its head leaves
 * fewer than `limit` items past the filters while items beyond it could still qualify. The
 * filters the build's packing can test are tried first on the list's entries, in memory: SQL
 * then reads none when too few are left to fill the page (reading the 300 entries of a list and
 * looking their items up in SQL took up to 1.5 ms a kind at 100,000 articles), and only those
 * left when the test ruled out most.
 */
function fromTopList(db: Db, query: SearchQuery, kind: IndexedKind, filters: KindFilters, limit: number): Row[] | null {
  // The list is read in several statements: one read transaction sees it as one build left it.
  return db.transaction(() => fromTopListNow(db, query, kind, filters, limit))();
}

function fromTopListNow(db: Db, query: SearchQuery, kind: IndexedKind, filters: KindFilters, limit: number): Row[] | null {
  const term = singleTerm(query);
  const list = term && topList(db, term.text, term.shape, kind);
  if (!list) return null;
  const keep = filters.keep();
  let kept: number[] | null = null;
  if (keep) {
    const { first } = rowidsOf(kind);
    const entries = prepared(db, 'SELECT item_rowid FROM search_top WHERE list_id = ?', 'pluck').all(list.id) as number[];
    kept = entries.filter((rowid) => keep(rowid - first));
    if (kept.length < limit && !list.complete) return null;
    // SQL stops at the page's last item: it reads few entries the filters rule out unless they rule out most.
    if (kept.length > entries.length / 2) kept = null;
  }
  const { where, params } = whereOf([...filters.sql, { sql: 'a.trashed_at IS NULL', params: [] }]);
  const among = kept ? 'AND t.item_rowid IN (SELECT value FROM json_each(?))' : '';
  const rows = prepared(db,
      `SELECT ${COLUMNS} FROM search_top t CROSS JOIN search_item i ON i.rowid = t.item_rowid LEFT JOIN article a ON a.id = i.article_id
       WHERE t.list_id = ? ${among} AND ${where} ORDER BY t.score DESC, t.date DESC, t.item_rowid DESC LIMIT ?`,
    )
    .all(list.id, ...(kept ? [JSON.stringify(kept)] : []), ...params, limit) as Row[];
  return rows.length === limit || list.complete ? rows : null;
}

/**
 * The page of a phrase with no list of its own, from its parts' lists (store/search-parts.ts),
 * or of several words, from theirs (store/search-terms.ts); null when the lists cannot tell.
 */
function fromListsOfParts(db: Db, query: SearchQuery, kind: IndexedKind, filters: KindFilters, limit: number): Row[] | null {
  const phrase = partedPhraseOf(query);
  const words = phrase ? null : wordsOf(query);
  if (!phrase && !words) return null;
  const { where, params } = whereOf([...filters.sql, { sql: 'a.trashed_at IS NULL', params: [] }]);
  const passing = (rowids: number[]) =>
    prepared(db, `SELECT i.rowid, ${COLUMNS} FROM json_each(?) j CROSS JOIN search_item i ON i.rowid = j.value LEFT JOIN article a ON a.id = i.article_id WHERE ${where}`)
      .all(JSON.stringify(rowids), ...params) as Array<Row & { rowid: number }>;
  // The lists are read in several statements: one read transaction sees them as one build
  // left them, while the worker's build may be rewriting them.
  return db.transaction(() =>
    phrase ? rankedFromParts(db, phrase, kind, passing, limit) : rankedFromWordLists(db, words!, kind, { passing, keep: filters.keep }, limit),
  )();
}

function whereOf(conditions: Condition[]): { where: string; params: unknown[] } {
  return { where: conditions.map((condition) => condition.sql).join(' AND '), params: conditions.flatMap((condition) => condition.params) };
}

/** A query of filters alone: newest first. */
function listed(db: Db, conditions: Condition[], limit: number): Row[] {
  const { where, params } = whereOf([...conditions, { sql: 'a.trashed_at IS NULL', params: [] }]);
  return prepared(db, `SELECT ${COLUMNS} FROM search_item i LEFT JOIN article a ON a.id = i.article_id WHERE ${where} ORDER BY i.date DESC, i.rowid DESC LIMIT ?`)
    .all(...params, limit) as Row[];
}

// The ranked queries join with CROSS JOIN (as author: does) because SQLite never reorders it:
// the MATCH runs once and each match finds its item by rowid. Left to choose, the planner
// guesses that `kind = ?` selects a handful of items and runs the MATCH again for every item of
// the kind: 1 s for "water" and 16 s for "the" over 10,000 articles and 100,000 highlights
// (tests/bench/search-scale.ts), where this order takes milliseconds.
/** The ranking expression: bm25 with the column weights (lower is better). */
export const RANK = `bm25(search_words, ${COLUMN_WEIGHTS.join(', ')})`;

const ORDER = `${RANK}, i.date DESC, i.rowid DESC`;

/**
 * The first `depth` matches of each kind in search's order. FTS5 reads only the matches in the
 * kinds' rowids (store/search-rowids.ts), but bm25 counts the items that hold each word over the
 * whole index in every pass, so kinds whose ranges adjoin are ranked in one pass. For a single
 * kind, ORDER BY … LIMIT lets SQLite keep only `depth` rows instead of sorting every match.
 */
function rankedPages(db: Db, match: string, kinds: readonly IndexedKind[], conditions: Condition[], depth: number): Map<IndexedKind, Row[]> {
  const runs = adjoiningRuns(kinds);
  // Kinds apart (articles and notes) are ranked apart: the range between them is the highlights'.
  if (runs.length > 1) return new Map(runs.flatMap((run) => [...rankedPages(db, match, run, conditions, depth)]));
  const kindCondition = kinds.length === 1 ? { sql: 'i.kind = ?', params: [kinds[0]] } : { sql: 'i.kind IN (SELECT value FROM json_each(?))', params: [JSON.stringify(kinds)] };
  const { where, params } = whereOf([kindCondition, ...conditions]);
  // FTS5 reads only the matches in the kinds' rowids (store/search-rowids.ts).
  const { first, end } = rowidsOfRun(kinds);
  const from = `search_words CROSS JOIN search_item i ON i.rowid = search_words.rowid
    WHERE search_words MATCH ? AND search_words.rowid >= ? AND search_words.rowid < ? AND ${where}`;
  const rows = (
    kinds.length === 1
      ? prepared(db, `SELECT ${COLUMNS} FROM ${from} ORDER BY ${ORDER} LIMIT ?`).all(match, first, end, ...params, depth)
      : // The window sorts every match: it carries only the rowid, and the page's rows are read after.
        prepared(db,
          `SELECT ${COLUMNS} FROM (SELECT search_words.rowid AS id, i.kind AS ofKind, row_number() OVER (PARTITION BY i.kind ORDER BY ${ORDER}) AS place FROM ${from}) r
           CROSS JOIN search_item i ON i.rowid = r.id WHERE r.place <= ? ORDER BY r.ofKind, r.place`,
        ).all(match, first, end, ...params, depth)
  ) as Row[];
  const pages = new Map<IndexedKind, Row[]>(kinds.map((kind) => [kind, []]));
  for (const row of rows) pages.get(row.kind)!.push(row);
  return pages;
}

/**
 * Ranks the matches without looking at their articles, then leaves out the best ones whose
 * article is in the trash, ranking more for the kinds that this leaves short: the same items
 * as joining every match to its article, without the lookup for each match (at 100,000
 * articles that lookup is about 40% of a common word's time, see tests/bench/search-scale.ts).
 */
function rankedThenUntrashed(db: Db, match: string, kinds: readonly IndexedKind[], conditions: Condition[], limit: number): Map<IndexedKind, Row[]> {
  const trashed = prepared(db, 'SELECT id FROM article WHERE id IN (SELECT value FROM json_each(?)) AND trashed_at IS NOT NULL', 'pluck');
  const pages = new Map<IndexedKind, Row[]>();
  let short = kinds;
  for (let depth = 2 * limit + 8; short.length > 0; depth *= 4) {
    const ranked = rankedPages(db, match, short, conditions, depth);
    const articleIds = [...new Set([...ranked.values()].flat().map((row) => row.articleId).filter((id): id is string => id !== null))];
    const inTrash = new Set(articleIds.length > 0 ? (trashed.all(JSON.stringify(articleIds)) as string[]) : []);
    short = short.filter((kind) => {
      const rows = ranked.get(kind)!;
      const kept = rows.filter((row) => row.articleId === null || !inTrash.has(row.articleId)).slice(0, limit);
      pages.set(kind, kept);
      return kept.length < limit && rows.length === depth;
    });
  }
  return pages;
}
