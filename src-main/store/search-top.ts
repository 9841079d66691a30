/**
 * Ranked lists for frequent terms (db/migrations/0007-search-top.sql, 0011-0013). FTS5 ranks a
 * match by reading every matching item's length, so a word that 50,000 items contain takes 70 ms
 * to rank and "the" 700 ms at 100,000 articles, far too slow to search as one types. For a query
 * of one word or prefix, of two characters of text written without spaces (one pair of the
 * `unspaced` column, common/unspaced.ts), or of one phrase of two or three words, bm25 orders
 * items by the term's weighted frequency in each and the item's length alone (the idf factor is
 * the same for all), so the best items can be kept ranked ahead of time: built from the index and
 * the items' text (search-top-build.ts), then kept as items come and go.
 */
import { foldToken, indexTokens } from '../common/index-tokens';
import type { Db } from './database';
import type { IndexedKind } from './search';
import { prepared } from './statements';

/** bm25's column weights for search_words: title, byline, site, body, unspaced. */
export const COLUMN_WEIGHTS = [10, 3, 3, 1, 1] as const;
export const COLUMN_NAMES = ['title', 'byline', 'site', 'body', 'unspaced'] as const;

/** FTS5's bm25 constants. */
const K1 = 1.2;
const B = 0.75;

/** The longest prefix, in characters, that gets lists: what a word typed so far looks like. */
export const LONGEST_PREFIX = 10;

/**
 * What a list ranks: a word in any column, the words a prefix begins, a character pair in
 * the `unspaced` column only (where a search for two such characters looks), or a phrase of two
 * or three words ("in the", "the united states": its key is their tokens, a space apart).
 */
export type ListShape = 'word' | 'prefix' | 'pair' | 'phrase';

export interface TopListOptions {
  /** A word or prefix gets lists once this many items contain it (FTS5 ranks fewer quickly enough). */
  frequentItems: number;
  /**
   * A pair gets lists once this many items contain it: the `unspaced` column holds a token for
   * every character, so FTS5 ranks a pair's matches several times slower than a word's.
   */
  frequentPairs: number;
  /**
   * A phrase of two or three words gets lists once this many items contain it, when its words
   * are frequent and one is among the most common (search-top-build.ts): FTS5 reads every place
   * such a word stands to find the phrase, and "in the" takes it 60 ms at 10,000 articles.
   */
  frequentPhrases: number;
  /** How many items a list keeps: enough for a page of results that filters thin out. */
  depth: number;
}

export const TOP_LIST_DEFAULTS: TopListOptions = { frequentItems: 3000, frequentPairs: 500, frequentPhrases: 2000, depth: 300 };

export interface TopState extends TopListOptions {
  avgdl: number;
  /** How many items the index counted (indexTotals) when the last build finished; 0 while a build is under way. */
  itemsAtBuild: number;
}

export interface TopList {
  id: number;
  complete: boolean;
}

/** Where an item stands in a list: search orders by score, then newest date, then newest rowid. */
export interface SortKey {
  score: number;
  date: string;
  rowid: number;
}

/** Positive when `a` comes before `b` in search's order. */
export function compareKeys(a: SortKey, b: SortKey): number {
  return a.score - b.score || (a.date < b.date ? -1 : a.date > b.date ? 1 : 0) || a.rowid - b.rowid;
}

/** bm25's score of one term in one item, without the idf factor every item shares. */
export function termScore(weightedFrequency: number, itemLength: number, avgdl: number): number {
  return (weightedFrequency * (K1 + 1)) / (weightedFrequency + K1 * (1 - B + (B * itemLength) / avgdl));
}

/** A SQLite varint, as FTS5 writes item lengths in its docsize table. */
function readVarint(bytes: Uint8Array, at: number): [value: number, next: number] {
  let value = 0;
  for (let i = 0; i < 8; i++) {
    const byte = bytes[at + i];
    value = value * 128 + (byte & 0x7f);
    if ((byte & 0x80) === 0) return [value, at + i + 1];
  }
  return [value * 256 + bytes[at + 8], at + 9];
}

/** An item's length for bm25, its tokens in every column, from the sizes FTS5 keeps for it (search_words_docsize). */
export function itemLength(sizes: Uint8Array): number {
  let total = 0;
  for (let at = 0; at < sizes.length; ) {
    const [value, next] = readVarint(sizes, at);
    total += value;
    at = next;
  }
  return total;
}

/** An indexed item's length for bm25, from FTS5's docsize table; undefined when the index has no such item. */
export function indexedLength(db: Db, rowid: number): number | undefined {
  const sizes = prepared(db, 'SELECT sz FROM search_words_docsize WHERE id = ?', 'pluck').get(rowid) as Uint8Array | undefined;
  return sizes && itemLength(sizes);
}

/**
 * How many items the index counts and their average length, as FTS5's bm25 takes them: from its
 * averages record (row 1 of search_words_data), the number of items, then the tokens of each
 * column over all of them. FTS5 keeps it as items come, but an item deleted from a contentless
 * index stays in it, count and tokens: bm25 weighs every item against these, so the lists do too.
 */
export function indexTotals(db: Db): { items: number; averageLength: number } {
  const record = prepared(db, 'SELECT block FROM search_words_data WHERE id = 1', 'pluck').get() as Uint8Array | undefined;
  if (!record) return { items: 0, averageLength: 1 };
  const [items, next] = readVarint(record, 0);
  return { items, averageLength: items > 0 ? Math.max(1, itemLength(record.subarray(next)) / items) : 1 };
}

export function readTopState(db: Db): TopState | undefined {
  return prepared(db,
    'SELECT avgdl, depth, frequent_items AS frequentItems, frequent_pairs AS frequentPairs, frequent_phrases AS frequentPhrases, items_at_build AS itemsAtBuild FROM search_top_state',
  )
    .get() as TopState | undefined;
}

/** The longest phrase, in words, that gets lists. */
export const LONGEST_PHRASE = 3;

/** The list of a term (a word, the words a prefix begins, a pair, or a phrase of two or three words) among items of `kind`. */
export function topList(db: Db, text: string, shape: ListShape, kind: IndexedKind): TopList | undefined {
  const tokens = indexTokens(text);
  if (shape === 'phrase' ? tokens.length < 2 || tokens.length > LONGEST_PHRASE : tokens.length !== 1 || tokens[0] !== foldToken(text.trim())) return undefined;
  const row = prepared(db, 'SELECT id, complete FROM search_top_list WHERE term = ? AND shape = ? AND kind = ?')
    .get(shape === 'phrase' ? phraseKey(tokens[0], tokens[1], tokens[2]) : tokens[0], shape, kind) as { id: number; complete: number } | undefined;
  return row && { id: row.id, complete: row.complete === 1 };
}

/**
 * Leaves an item out of every list and its postings (before its text changes, or as it goes). A
 * list's floor stays where it was: still at or below every entry, which is all upkeep asks of it.
 */
export function removeFromTopLists(db: Db, rowid: number): void {
  prepared(db, 'DELETE FROM search_top WHERE item_rowid = ?').run(rowid);
  prepared(db, 'DELETE FROM search_postings_late WHERE item_rowid = ?').run(rowid);
}

/**
 * Visits each token of an item's columns in order, with its column's weight and the two tokens
 * before it in the same column (FTS5 finds a phrase only within a column); returns how many
 * tokens the item has, its length for bm25.
 */
export function eachToken(
  columns: readonly string[],
  visit: (token: string, weight: number, column: number, previous: string | null, beforePrevious: string | null) => void,
): number {
  let length = 0;
  columns.forEach((text, column) => {
    const weight = COLUMN_WEIGHTS[column] ?? 1;
    let previous: string | null = null;
    let beforePrevious: string | null = null;
    for (const token of indexTokens(text)) {
      length++;
      visit(token, weight, column, previous, beforePrevious);
      beforePrevious = previous;
      previous = token;
    }
  });
  return length;
}

/** The key of a phrase of two or three words in the lists: their tokens, a space apart. */
export function phraseKey(first: string, second: string, third?: string): string {
  return third === undefined ? `${first} ${second}` : `${first} ${second} ${third}`;
}

/**
 * Adds a new or changed item to the lists of the terms it contains where it ranks. A list
 * holds the true best items of its term, so the item joins when it beats the list's last
 * item (or the list is complete), and the list's last item leaves when that makes it too long.
 */
export function addToTopLists(db: Db, rowid: number, kind: IndexedKind, date: string, columns: readonly string[]): void {
  const state = readTopState(db);
  if (!state) return;
  const words = new Map<string, number>();
  const prefixes = new Map<string, number>();
  const pairs = new Map<string, number>();
  const phrases = new Map<string, number>();
  const add = (counts: Map<string, number>, key: string, weight: number) => counts.set(key, (counts.get(key) ?? 0) + weight);
  const length = eachToken(columns, (token, weight, column, previous, beforePrevious) => {
    add(words, token, weight);
    if (previous !== null) add(phrases, phraseKey(previous, token), weight);
    if (beforePrevious !== null) add(phrases, phraseKey(beforePrevious, previous!, token), weight);
    const characters = [...token];
    if (COLUMN_NAMES[column] === 'unspaced' && characters.length === 2) add(pairs, token, weight);
    for (let size = 1; size <= Math.min(characters.length, LONGEST_PREFIX); size++) add(prefixes, characters.slice(0, size).join(''), weight);
  });
  if (words.size === 0) return;
  const frequencies: Record<ListShape, Map<string, number>> = { word: words, prefix: prefixes, pair: pairs, phrase: phrases };
  // One statement finds the lists and their floors: most lists the item cannot enter, and for
  // those nothing more is read.
  const lists = prepared(db,
      `SELECT l.id, l.term, l.shape, l.complete, l.floor AS lowest
       FROM search_top_list l WHERE l.kind = ? AND l.term IN (SELECT value FROM json_each(?))`,
    )
    .all(kind, JSON.stringify([...new Set([...words.keys(), ...prefixes.keys(), ...phrases.keys()])])) as Array<{ id: number; term: string; shape: ListShape; complete: number; lowest: number | null }>;
  const entering: Array<{ id: number; complete: boolean; score: number }> = [];
  // Every word list of the item's words takes its posting (search-postings.ts).
  const addPosting = prepared(db, 'INSERT OR REPLACE INTO search_postings_late (list_id, item_rowid, frequency, length) VALUES (?, ?, ?, ?)');
  for (const list of lists) {
    const frequency = frequencies[list.shape].get(list.term);
    if (frequency === undefined) continue;
    if (list.shape === 'word') addPosting.run(list.id, rowid, frequency, length);
    const score = termScore(frequency, length, state.avgdl);
    if (list.complete === 1 || (list.lowest !== null && score >= list.lowest)) entering.push({ id: list.id, complete: list.complete === 1, score });
  }
  if (entering.length === 0) return;
  // For the lists the item may enter, one statement reads each one's length and its last
  // items in the order search uses (lowest score, then oldest, then first indexed).
  const tails = new Map<number, { size: number; last?: SortKey }>();
  const rows = prepared(db,
      `SELECT c.value AS id, (SELECT count(*) FROM search_top WHERE list_id = c.value) AS size, t.score, t.date, t.item_rowid AS rowid
       FROM json_each(?) c
       LEFT JOIN search_top t ON t.list_id = c.value AND t.score = (SELECT min(score) FROM search_top WHERE list_id = c.value)`,
    )
    .all(JSON.stringify(entering.map((list) => list.id))) as Array<{ id: number; size: number; score: number | null; date: string | null; rowid: number | null }>;
  for (const row of rows) {
    const key = row.score === null ? undefined : { score: row.score, date: row.date!, rowid: row.rowid! };
    const tail = tails.get(row.id);
    if (!tail) tails.set(row.id, { size: row.size, last: key });
    else if (key && (!tail.last || compareKeys(key, tail.last) < 0)) tail.last = key;
  }
  const insert = prepared(db, 'INSERT OR REPLACE INTO search_top (list_id, score, date, item_rowid) VALUES (?, ?, ?, ?)');
  const drop = prepared(db, 'DELETE FROM search_top WHERE list_id = ? AND score = ? AND date = ? AND item_rowid = ?');
  const markIncomplete = prepared(db, 'UPDATE search_top_list SET complete = 0 WHERE id = ?');
  const lowerFloor = prepared(db, 'UPDATE search_top_list SET floor = min(coalesce(floor, ?), ?) WHERE id = ?');
  const raiseFloor = prepared(db, 'UPDATE search_top_list SET floor = (SELECT min(score) FROM search_top WHERE list_id = ?) WHERE id = ?');
  for (const { id, complete, score } of entering) {
    const { size, last } = tails.get(id)!;
    const key = { score, date, rowid };
    if (!complete && (!last || compareKeys(key, last) <= 0)) continue;
    insert.run(id, score, date, rowid);
    if (last && size + 1 > state.depth) {
      const dropped = compareKeys(key, last) < 0 ? key : last;
      drop.run(id, dropped.score, dropped.date, dropped.rowid);
      if (complete) markIncomplete.run(id);
      raiseFloor.run(id, id);
    } else {
      lowerFloor.run(score, score, id);
    }
  }
}
