/**
 * Ranks a phrase that has no list of its own from the lists of its parts. A phrase of three
 * words or more ("in the united states", or one of three too rare for a list) or a run of three
 * characters or more of text written without spaces ("セキュリティ", a phrase of pairs) is found
 * by FTS5 in every place its words stand, and ranking it that way took 150 ms for "the united
 * states" at 100,000 articles (tests/bench/search-scale.ts). But each instance of the phrase is
 * an instance of each of its parts in the same column (its words, its phrases of two and three
 * words, its pairs), so an item's score for the phrase is at most its score for any part, and
 * the parts' lists (store/search-top.ts) bound the phrase's best items. Walking the list whose
 * next score is lowest, and scoring each item met by counting the phrase in its text, finds them
 * once the page's last item scores above every list's next entry (Fagin's threshold algorithm);
 * a list that ends first leaves the query to FTS5. Scores are bm25's for one term (search-top.ts's
 * termScore), as the lists' are.
 */
import { countPhrase, countPhrases, indexTokens } from '../common/index-tokens';
import { pairPhrase } from '../common/unspaced';
import type { SearchQuery } from '../common/search-query';
import type { Db } from './database';
import type { IndexedKind } from './search';
import { indexedText, unspacedColumn, type IndexedText } from './search-index';
import { COLUMN_WEIGHTS, compareKeys, indexedLength, LONGEST_PHRASE, readTopState, termScore, topList, type ListShape, type SortKey } from './search-top';
import { prepared } from './statements';

/**
 * A phrase to rank from its parts: its tokens (words, or pairs of characters written without
 * spaces, which are searched in the `unspaced` column only), and for pairs that the index keeps
 * as they are (Chinese and Japanese), the run they come from.
 */
export type PartedPhrase = { tokens: string[]; unspaced: false } | { tokens: string[]; unspaced: true; run: string | null };

/** An item the phrase is ranked among, with what search's order needs. */
export interface PartCandidate {
  rowid: number;
  objectId: string;
  date: string;
}

/** The query's phrase when the query looks for one phrase of three tokens or more (and filters), else null. */
export function partedPhraseOf(query: SearchQuery): PartedPhrase | null {
  const text = query.clauses.filter((clause) => clause.kind === 'text');
  if (text.length !== 1 || text[0].anyOf.length !== 1) return null;
  const [term] = text[0].anyOf;
  if (term.negated || (term.kind === 'word' && term.prefix)) return null;
  if (term.unspacedScript) {
    const pairs = pairPhrase(term.text);
    if (!pairs) return null;
    const tokens = indexTokens(pairs.join(' '));
    return { tokens, unspaced: true, run: tokens.join(' ') === pairs.join(' ') ? term.text.trim() : null };
  }
  const tokens = indexTokens(term.text);
  return tokens.length >= 3 ? { tokens, unspaced: false } : null;
}

/** A part's list as the walk reads it, a page at a time, in search's order. */
interface PartList {
  id: number;
  complete: boolean;
  entries: SortKey[];
  /** How many of the read entries the walk has taken. */
  taken: number;
  ended: boolean;
}

/**
 * A list's first page, then each page as long as all those before it: most lists of a walk only
 * bound it, where their next entry is all that counts, and one or two are walked for tens of
 * entries.
 */
const FIRST_PAGE = 8;
/** Items scored between two looks at whether the page is certain. */
const STEP = 8;

function partLists(db: Db, phrase: PartedPhrase, kind: IndexedKind): PartList[] {
  const { tokens } = phrase;
  const phrases = (size: number) => tokens.slice(size - 1).map((_, i): [string, ListShape] => [tokens.slice(i, i + size).join(' '), 'phrase']);
  const parts: Array<[string, ListShape]> = phrase.unspaced
    ? tokens.map((pair) => [pair, 'pair'])
    : [...phrases(LONGEST_PHRASE), ...phrases(2), ...tokens.map((token): [string, ListShape] => [token, 'word'])];
  const lists = new Map<number, PartList>();
  for (const [text, shape] of parts) {
    const list = topList(db, text, shape, kind);
    if (list && !lists.has(list.id)) lists.set(list.id, { id: list.id, complete: list.complete, entries: [], taken: 0, ended: false });
  }
  return [...lists.values()];
}

function readPage(db: Db, list: PartList): void {
  const size = Math.max(FIRST_PAGE, list.entries.length);
  const rows = prepared(db,
    'SELECT score, date, item_rowid AS rowid FROM search_top WHERE list_id = ? ORDER BY score DESC, date DESC, item_rowid DESC LIMIT ? OFFSET ?',
  ).all(list.id, size, list.entries.length) as SortKey[];
  list.entries.push(...rows);
  list.ended = rows.length < size;
}

/**
 * Where in search's order an item the walk has not met in `list` stands at best: at the next
 * entry, or once the list has ended, after its last (a list holds the items that come first
 * for its part); null when no item is left (a complete list has every item with the part).
 * An item's key for the phrase is never before its key for a part: same date and rowid, a score
 * no higher.
 */
function frontier(db: Db, list: PartList): SortKey | null {
  if (list.taken === list.entries.length && !list.ended) readPage(db, list);
  if (list.taken < list.entries.length) return list.entries[list.taken];
  return list.complete ? null : (list.entries.at(-1) ?? FIRST);
}

/** A key before every item's: a list that ended empty bounds nothing. */
const FIRST: SortKey = { score: Infinity, date: '', rowid: 0 };

/** The phrase's weighted frequency in an item's columns (search-index.ts's columnsOf), as bm25 counts it. */
function phraseFrequency(text: IndexedText, phrase: PartedPhrase): number {
  const unspacedWeight = COLUMN_WEIGHTS[4];
  const { title, byline, site, body } = text;
  if (phrase.unspaced) {
    // Where the index keeps each pair as it is, an instance of the phrase of pairs is the run
    // itself in the text: counting it there spares writing out the pairs of a long text.
    if (phrase.run !== null) return unspacedWeight * [title, byline, site, body].reduce((sum, part) => sum + occurrences(part, phrase.run!), 0);
    return unspacedWeight * countPhrase(unspacedColumn(text), phrase.tokens);
  }
  return wordColumnFrequencies(text, [phrase.tokens])[0];
}

/**
 * Each phrase's weighted frequency in an item's word columns (title, byline, site, body), as bm25
 * counts it; each column is folded once for all the phrases.
 */
export function wordColumnFrequencies({ title, byline, site, body }: IndexedText, phrases: ReadonlyArray<readonly string[]>): number[] {
  const frequencies = phrases.map(() => 0);
  [title, byline, site, body].forEach((column, c) => {
    if (column) countPhrases(column, phrases).forEach((count, p) => (frequencies[p] += COLUMN_WEIGHTS[c] * count));
  });
  return frequencies;
}

/** How many times `run` occurs in `text`, overlapping instances too (as the pairs of 東東東 hold 東東 twice). */
function occurrences(text: string, run: string): number {
  let count = 0;
  for (let at = text.indexOf(run); at !== -1; at = text.indexOf(run, at + 1)) count++;
  return count;
}

/**
 * The best `limit` items of `kind` for the phrase, best first, among those `passing` keeps (the
 * query's filters); null when the parts have no lists, or their lists end before the page is
 * certain.
 */
export function rankedFromParts<T extends PartCandidate>(
  db: Db,
  phrase: PartedPhrase,
  kind: IndexedKind,
  passing: (rowids: number[]) => T[],
  limit: number,
): T[] | null {
  const state = readTopState(db);
  const lists = state && state.itemsAtBuild > 0 ? partLists(db, phrase, kind) : [];
  if (lists.length === 0) return null;
  const found: Array<{ item: T; key: SortKey }> = [];
  /** Each item met, and whether it passes the filters. */
  const met = new Map<number, T | null>();
  let scored = 0;
  for (;;) {
    const frontiers = lists.map((list) => frontier(db, list));
    found.sort((a, b) => compareKeys(b.key, a.key));
    if (frontiers.includes(null)) return found.slice(0, limit).map(({ item }) => item);
    const bound = (frontiers as SortKey[]).reduce((last, key) => (compareKeys(key, last) < 0 ? key : last));
    if (found.length >= limit && compareKeys(found[limit - 1].key, bound) > 0) return found.slice(0, limit).map(({ item }) => item);
    const lowest = lists[frontiers.indexOf(bound)];
    // The walk cannot go past the end of the list that bounds it; and one that has scored many
    // items without being sure of the page would cost more than FTS5.
    if (lowest.taken === lowest.entries.length || scored > scoringBudget(limit)) return null;
    const unmet = lowest.entries.slice(lowest.taken).map(({ rowid }) => rowid).filter((rowid) => !met.has(rowid));
    // Filters are checked for the rest of the page at once: a tag's or a site's lookup costs
    // about as much for a page as for one item.
    if (unmet.length > 0) {
      const passed = new Map(passing(unmet).map((item) => [item.rowid, item]));
      for (const rowid of unmet) met.set(rowid, passed.get(rowid) ?? null);
    }
    const step = lowest.entries.slice(lowest.taken, lowest.taken + STEP);
    lowest.taken += step.length;
    // An item whose key for this part comes after the page's last cannot enter the page.
    const last = found.length >= limit ? found[limit - 1].key : null;
    for (const entry of step) {
      const { rowid } = entry;
      const item = met.get(rowid);
      if (!item) continue;
      // Looked at once: null marks an item already scored or left out.
      met.set(rowid, null);
      if (last && compareKeys(entry, last) < 0) continue;
      scored++;
      const text = indexedText(db, item.objectId, kind);
      const length = indexedLength(db, rowid);
      // An index entry without its object: no page can be sure of it.
      if (!text || length === undefined) return null;
      const frequency = phraseFrequency(text, phrase);
      if (frequency > 0) found.push({ item, key: { score: termScore(frequency, length, state!.avgdl), date: item.date, rowid } });
    }
  }
}

/** How many items the walk may score for a page of `limit`: four times as many, and a little more. */
function scoringBudget(limit: number): number {
  return 4 * limit + 16;
}
