/**
 * Ranks a search for frequent words ("government people", "climate change", or one word with
 * filters that thin out its list) from the words' postings (store/search-postings.ts). FTS5 ranks
 * such a search by reading every item that holds all the words, and bm25 makes it count every
 * item that holds each word: 80 ms for "government people" among articles at 100,000 articles
 * (tests/bench/search-scale.ts), and the words' ranked lists cannot tell, since the items that
 * hold both words best are often in neither list. bm25 scores an item as the sum, over the words,
 * of the word's idf (the same for every item, from the lists' counts) times the word's term score
 * in the item (termScore, from the word's weighted frequency and the item's length, which the
 * postings keep), so the items all the postings hold are scored without reading them; those whose
 * packed columns fail the query's filters on dates, colours and claims drop out
 * (store/search-item-columns.ts), and the rest are taken best first through all its filters. A
 * rare word (no list) makes the matches few: when there are few enough, and FTS5 would count many
 * places of the frequent words to rank them, they are all read and scored.
 */
import { indexTokens } from '../common/index-tokens';
import { ftsString, type SearchQuery } from '../common/search-query';
import type { Db } from './database';
import type { IndexedKind } from './search';
import { indexedText } from './search-index';
import { rowidsOf } from './search-rowids';
import { wordColumnFrequencies, type PartCandidate } from './search-parts';
import { BestFirst, scoredMatches, wordPostings, type Matches, type Postings } from './search-postings';
import { compareKeys, indexedLength, indexTotals, readTopState, termScore, topList } from './search-top';
import { prepared } from './statements';

/** The words of a search for words and nothing else but filters (each a word with a list of its own, or not). */
export function wordsOf(query: SearchQuery): string[] | null {
  const words: string[] = [];
  for (const clause of query.clauses) {
    if (clause.kind !== 'text') continue;
    if (clause.anyOf.length !== 1) return null;
    const [term] = clause.anyOf;
    if (term.negated || term.unspacedScript || (term.kind === 'word' && term.prefix)) return null;
    const tokens = indexTokens(term.text);
    if (tokens.length !== 1) return null;
    words.push(tokens[0]);
  }
  return words.length >= 1 && new Set(words).size === words.length ? words : null;
}

/** bm25's idf, as FTS5 computes it: from how many items the index holds and how many hold the word. */
function idfOf(items: number, holding: number): number {
  // A word counted now may pass the build's number of items: no idf is below FTS5's floor.
  const idf = Math.log((Math.max(items, holding) - holding + 0.5) / (holding + 0.5));
  return idf > 0 ? idf : 1e-6;
}

/**
 * The best `limit` items of `kind` holding every word, best first, among those `passing` keeps
 * (the query's filters); null when no word has lists, or they cannot tell.
 */
export function rankedFromWordLists<T extends PartCandidate>(
  db: Db,
  words: string[],
  kind: IndexedKind,
  filters: Filters<T>,
  limit: number,
  { placesPerRead }: WalkTuning = WALK_TUNING,
): T[] | null {
  const { passing } = filters;
  const state = readTopState(db);
  if (!state || state.itemsAtBuild === 0) return null;
  const lists = words.map((word) => topList(db, word, 'word', kind));
  // Without a frequent word, FTS5 ranks quickly: every word's places are few.
  if (lists.every((list) => !list)) return null;
  // The counts of items holding each frequent word are the build's, and so is the number of items
  // they are weighed against: as a notebook grows, both grow alike. The average length is the
  // index's now.
  const { averageLength } = indexTotals(db);
  const holding = holdingEach(db, words);
  const idfs = holding.map((count) => idfOf(state.itemsAtBuild, count));
  if (lists.some((list) => !list)) return rankedMatches(db, words, idfs, Math.max(...holding) / placesPerRead, averageLength, kind, passing, limit);
  const { first } = rowidsOf(kind);
  const postings = lists.map((list) => wordPostings(db, list!.id, first));
  if (postings.some((ofWord) => !ofWord)) return null;
  const matches = scoredMatches(postings as Postings[], idfs, averageLength, filters.keep());
  return bestPassing(matches, passing, limit).sort(inSearchOrder).slice(0, limit).map(({ item }) => item);
}

/** The query's filters, as the walks apply them. */
export interface Filters<T extends PartCandidate> {
  /** The items among `rowids` that pass. */
  passing: (rowids: number[]) => T[];
  /** Whether an item may pass, by its offset from the kind's first rowid, from what the last build packed (store/search.ts); null when any may. Asked for when the postings are read. */
  keep: () => ((offset: number) => boolean) | null;
}

/** Matches whose filters are checked in one statement, at first: the page and a few more, for items trashed or gone. */
const FIRST_FILTERED = 64;
/** The most matches whose filters are checked in one statement. */
const MOST_FILTERED = 4096;

/** Where the walks choose one way or another; tests move them to reach every way with few items. */
export interface WalkTuning {
  /** See PLACES_PER_READ. */
  placesPerRead: number;
}

/**
 * The best `limit` of the matches that pass the filters (and every match tied with the last),
 * best first. The matches are taken in score order, in batches as large as the share of matches
 * the filters have kept so far says it takes to fill the page; a match whose item is gone or was
 * indexed again since the build finds no item and drops out.
 */
function bestPassing<T extends PartCandidate>(matches: Matches, passing: Filters<T>['passing'], limit: number): Array<{ item: T; score: number }> {
  const page: Array<{ item: T; score: number }> = [];
  const order = new BestFirst(matches);
  let checked = 0;
  for (let next = order.peek(); next !== undefined; next = order.peek()) {
    // The page is certain once it is full and the next match scores below its last.
    if (page.length >= limit && matches.scores[next] < page[limit - 1].score) break;
    const needed = Math.max(1, limit - page.length);
    const toCheck = checked === 0 ? FIRST_FILTERED : Math.ceil((1.5 * needed * checked) / Math.max(1, page.length));
    // A share seen in few matches is rough: a batch is at most four times those checked so far.
    const indices = order.take(Math.min(MOST_FILTERED, 4 * Math.max(FIRST_FILTERED, checked), Math.max(FIRST_FILTERED, toCheck)));
    const items = new Map(passing(indices.map((i) => matches.rowids[i])).map((item) => [item.rowid, item]));
    for (const i of indices) {
      checked++;
      const item = items.get(matches.rowids[i]);
      if (item) page.push({ item, score: matches.scores[i] });
    }
  }
  return page;
}

/** Search's order (search-top.ts's compareKeys): best score first, then newest, then last indexed. */
function inSearchOrder(a: { item: PartCandidate; score: number }, b: { item: PartCandidate; score: number }): number {
  return compareKeys({ score: b.score, date: b.item.date, rowid: b.item.rowid }, { score: a.score, date: a.item.date, rowid: a.item.rowid });
}

/**
 * How many items hold each word, for idf. A frequent word's count is its lists' (how many items
 * of each kind held it at the build): FTS5 would read every place it stands to count it. A word
 * without lists is counted by FTS5 (fts5vocab).
 */
function holdingEach(db: Db, words: string[]): number[] {
  return words.map((word) => {
    const listed = prepared(db, "SELECT sum(items) FROM search_top_list WHERE term = ? AND shape = 'word'", 'pluck').get(word) as number | null;
    if (listed !== null) return listed;
    db.exec("CREATE VIRTUAL TABLE IF NOT EXISTS temp.search_words_rows USING fts5vocab(main, search_words, 'row')");
    return (prepared(db, 'SELECT doc FROM temp.search_words_rows WHERE term = ?', 'pluck').get(word) as number | undefined) ?? 0;
  });
}

/**
 * An item's bm25 for the words, from its text: 0 when it lacks one of them, null when its text
 * cannot be read (an index entry without its object), which no page can be sure of.
 */
function scoreOf(db: Db, item: PartCandidate, words: string[], idfs: number[], avgdl: number, kind: IndexedKind): number | null {
  const text = indexedText(db, item.objectId, kind);
  const length = indexedLength(db, item.rowid);
  if (!text || length === undefined) return null;
  const frequencies = wordColumnFrequencies(text, words.map((word) => [word]));
  if (frequencies.some((frequency) => frequency === 0)) return 0;
  return frequencies.reduce((sum, frequency, w) => sum + idfs[w] * termScore(frequency, length, avgdl), 0);
}

/** Items a search for a rare word and frequent ones is ranked among by reading their text, at most. */
const MATCHES_READ = 64;
/**
 * About how many of a word's items FTS5 counts (reading where the word stands in each) in the
 * time it takes to read and score one item (25 ns against 0.15 ms at 100,000 articles): ranking
 * the matches here pays only when the most common word is held by this many items per match.
 */
const PLACES_PER_READ = 6000;

export const WALK_TUNING: WalkTuning = { placesPerRead: PLACES_PER_READ };

/**
 * The page of a search for words some of which are rare (no lists): FTS5 finds the few items
 * holding them all quickly, but ranking them makes it count every item holding the frequent
 * ones ("tupefike the": 15 of its 18 ms at 100,000 articles). They are scored here instead, with
 * the lists' counts; null when there are more than `worthReading` (or too many to read).
 */
function rankedMatches<T extends PartCandidate>(db: Db, words: string[], idfs: number[], worthReading: number, avgdl: number, kind: IndexedKind, passing: (rowids: number[]) => T[], limit: number): T[] | null {
  const match = words.map(ftsString).join(' AND ');
  const { first, end } = rowidsOf(kind);
  const rowids = prepared(db, 'SELECT rowid FROM search_words WHERE search_words MATCH ? AND rowid >= ? AND rowid < ? LIMIT ?', 'pluck').all(match, first, end, MATCHES_READ + 1) as number[];
  if (rowids.length > Math.min(MATCHES_READ, worthReading)) return null;
  const page: Array<{ item: T; score: number }> = [];
  for (const item of rowids.length > 0 ? passing(rowids) : []) {
    const score = scoreOf(db, item, words, idfs, avgdl, kind);
    if (score === null) return null;
    if (score > 0) page.push({ item, score });
  }
  return page.sort(inSearchOrder).slice(0, limit).map(({ item }) => item);
}
