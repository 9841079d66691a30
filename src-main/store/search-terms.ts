/**
 * Ranks a search for several words, one of them frequent or more ("new york", "the water"), from
 * the words' ranked lists (store/search-top.ts). FTS5 ranks such a search by reading every item
 * that holds all the words, and bm25 makes it count every item that holds each word: 95 ms for
 * "new york" and 165 ms for "the water" among articles at 100,000 articles
 * (tests/bench/search-scale.ts). bm25 scores an item as the sum, over the words, of the word's
 * idf (the same for every item) times the word's term score in the item (termScore, what the
 * lists keep), so an item a list lacks scores at most that list's lowest for its word, and an
 * item no list holds at most the sum of the lowest. Every item the lists hold is a candidate,
 * with the most it can score; those all the lists hold score exactly that, the others are read
 * and scored by counting the words in their text, best first, until the page's last scores above
 * every candidate left and every item no list holds (Fagin's threshold algorithm, with random
 * access). When the items read rarely reach the page (two words seldom in the same highlight,
 * or both very common), the search goes to FTS5 after a few reads. A rare word (no list) makes
 * the matches few: when there are few enough, and FTS5 would count many places of the frequent
 * words to rank them, they are all read and scored.
 */
import { indexTokens } from '../common/index-tokens';
import { ftsString, type SearchQuery } from '../common/search-query';
import type { Db } from './database';
import type { IndexedKind } from './search';
import { indexedText } from './search-index';
import { rowidsOf } from './search-rowids';
import { wordColumnFrequencies, type PartCandidate } from './search-parts';
import { compareKeys, indexedItemCount, indexedLength, readTopState, termScore, topList } from './search-top';
import { prepared } from './statements';

/** The words of a search for two words or more and nothing else but filters (each a word with a list of its own, or not). */
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
  return words.length >= 2 && new Set(words).size === words.length ? words : null;
}

/** bm25's idf, as FTS5 computes it: from how many items the index holds and how many hold the word. */
function idfOf(items: number, holding: number): number {
  // A count made now may pass the build's number of items: no idf is below FTS5's floor.
  const idf = Math.log((Math.max(items, holding) - holding + 0.5) / (holding + 0.5));
  return idf > 0 ? idf : 1e-6;
}

/** Items filtered at a time, in one statement. */
const FILTERED_AT_ONCE = 64;

/**
 * The best `limit` items of `kind` holding every word, best first, among those `passing` keeps
 * (the query's filters); null when no word has lists, or they cannot tell.
 */
export function rankedFromWordLists<T extends PartCandidate>(
  db: Db,
  words: string[],
  kind: IndexedKind,
  passing: (rowids: number[]) => T[],
  limit: number,
  placesPerRead = PLACES_PER_READ,
): T[] | null {
  const state = readTopState(db);
  if (!state || state.itemsAtBuild === 0) return null;
  const lists = words.map((word) => topList(db, word, 'word', kind));
  // Without a frequent word, FTS5 ranks quickly: every word's places are few.
  if (lists.every((list) => !list)) return null;
  const { items, holding } = countsOf(db, words, state.itemsAtBuild);
  const idfs = holding.map((count) => idfOf(items, count));
  if (lists.some((list) => !list)) return rankedMatches(db, words, idfs, Math.max(...holding) / placesPerRead, state.avgdl, kind, passing, limit);
  const entries = lists.map((list) => new Map(prepared(db, 'SELECT item_rowid, score FROM search_top WHERE list_id = ?', 'raw').all(list!.id) as Array<[number, number]>));
  // A word's score in an item its list does not hold is at most the list's lowest; an item a
  // complete list does not hold lacks its word.
  const lowest = entries.map((scores, w) => (lists[w]!.complete ? null : Math.min(...scores.values())));
  const beyond = lowest.reduce<number>((sum, low, w) => (low === null ? -Infinity : sum + idfs[w] * low), 0);
  // Each item a list holds, and the most it can score: its score where every list holds it.
  const candidates: Array<{ rowid: number; most: number; known: boolean }> = [];
  for (const rowid of new Set(entries.flatMap((scores) => [...scores.keys()]))) {
    let most = 0;
    let holdsEvery = true;
    let known = true;
    entries.forEach((scores, w) => {
      const score = scores.get(rowid) ?? lowest[w];
      known &&= scores.has(rowid);
      if (score === null) holdsEvery = false;
      else most += idfs[w] * score;
    });
    if (holdsEvery) candidates.push({ rowid, most, known });
  }
  candidates.sort((a, b) => b.most - a.most);
  // Too few items may score above every item no list holds: the lists cannot tell.
  if (candidates.filter(({ most }) => most > beyond).length < limit && beyond !== -Infinity) return null;
  const page: Array<{ item: T; score: number }> = [];
  const passed = new Map<number, T>();
  let scored = 0;
  let scoredAbove = 0;
  for (let next = 0; ; next++) {
    // Only the page's items matter once it is full.
    page.sort(inSearchOrder).splice(limit);
    const last = page.length >= limit ? page[limit - 1].score : -Infinity;
    const rest = next < candidates.length ? candidates[next].most : -Infinity;
    if (last > Math.max(rest, beyond) || (beyond === -Infinity && next === candidates.length)) return page.slice(0, limit).map(({ item }) => item);
    if (next === candidates.length || last >= rest || walkTooLong(scored, scoredAbove, limit - page.filter(({ score }) => score > beyond).length, limit)) return null;
    if (next % FILTERED_AT_ONCE === 0) {
      for (const item of passing(candidates.slice(next, next + FILTERED_AT_ONCE).map(({ rowid }) => rowid))) passed.set(item.rowid, item);
    }
    const item = passed.get(candidates[next].rowid);
    if (!item) continue;
    if (candidates[next].known) {
      page.push({ item, score: candidates[next].most });
      continue;
    }
    scored++;
    const score = scoreOf(db, item, words, idfs, state.avgdl, kind);
    if (score === null) return null;
    if (score === 0) continue;
    page.push({ item, score });
    if (score > beyond) scoredAbove++;
  }
}

/**
 * Whether the walk should leave the search to FTS5 (each item scored reads its text): it has
 * scored twice the page, or the page needs `needed` more items scoring above every item no list
 * holds, and at the rate the items scored so far gave them, finding those would take scoring
 * four times the page.
 */
function walkTooLong(scored: number, scoredAbove: number, needed: number, limit: number): boolean {
  if (scored > 2 * limit + 8) return true;
  if (needed <= 0 || scored < 8) return false;
  return scoredAbove === 0 || scored + (needed * scored) / scoredAbove > 4 * limit + 16;
}

/** Search's order (search-top.ts's compareKeys): best score first, then newest, then last indexed. */
function inSearchOrder(a: { item: PartCandidate; score: number }, b: { item: PartCandidate; score: number }): number {
  return compareKeys({ score: b.score, date: b.item.date, rowid: b.item.rowid }, { score: a.score, date: a.item.date, rowid: a.item.rowid });
}

/**
 * How many items hold each word, and how many items there are, for idf. A frequent word's count
 * is its lists' (how many items of each kind held it at the build, with the number of items
 * then): FTS5 would read every place it stands to count it. A word without lists, or with lists
 * from before they kept counts, is counted by FTS5 (fts5vocab), against the items indexed now
 * when no word has counts.
 */
function countsOf(db: Db, words: string[], itemsAtBuild: number): { items: number; holding: number[] } {
  const counted = words.map((word) => {
    const row = prepared(db, "SELECT count(*) AS lists, count(items) AS counted, sum(items) AS items FROM search_top_list WHERE term = ? AND shape = 'word'").get(word) as { lists: number; counted: number; items: number | null };
    // A frequent word has a list of every kind.
    return row.lists > 0 && row.counted === row.lists ? row.items! : null;
  });
  if (counted.every((count) => count !== null)) return { items: itemsAtBuild, holding: counted as number[] };
  db.exec("CREATE VIRTUAL TABLE IF NOT EXISTS temp.search_words_rows USING fts5vocab(main, search_words, 'row')");
  const holding = prepared(db, 'SELECT doc FROM temp.search_words_rows WHERE term = ?', 'pluck');
  return {
    items: counted.some((count) => count !== null) ? itemsAtBuild : indexedItemCount(db),
    holding: words.map((word, w) => counted[w] ?? ((holding.get(word) as number | undefined) ?? 0)),
  };
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
