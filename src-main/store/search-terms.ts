/**
 * Ranks a search for several frequent words ("climate change", "government people") from their
 * ranked lists (store/search-top.ts). FTS5 ranks such a search by reading every item that holds
 * all the words: 26,000 articles for "government people" at 100,000 articles, about 100 ms
 * (tests/bench/search-scale.ts). bm25 scores an item as the sum, over the words, of the word's
 * idf (the same for every item) times the word's term score in the item (termScore, the lists'
 * scores), so an item that no list has reached yet scores at most the sum of each idf times its
 * list's next score. Walking the lists (Fagin's threshold algorithm), and scoring each item met
 * by counting every word in its text, finds the best items once the page's last scores above
 * that sum; a list that ends first, or a walk that has scored four times the page, leaves the
 * search to FTS5.
 */
import { countPhrases, indexTokens } from '../common/index-tokens';
import type { SearchQuery } from '../common/search-query';
import type { Db } from './database';
import type { IndexedKind } from './search';
import { indexedText } from './search-index';
import type { PartCandidate } from './search-parts';
import { COLUMN_WEIGHTS, indexedItemCount, itemLength, readTopState, termScore, topList } from './search-top';
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
  const idf = Math.log((items - holding + 0.5) / (holding + 0.5));
  return idf <= 0 ? 1e-6 : idf;
}

/** Items filtered at a time, in one statement. */
const FILTERED_AT_ONCE = 64;

/**
 * The best `limit` items of `kind` holding every word, best first, among those `passing` keeps
 * (the query's filters); null when a word has no list, or the lists cannot tell.
 */
export function rankedFromWordLists<T extends PartCandidate>(db: Db, words: string[], kind: IndexedKind, passing: (rowids: number[]) => T[], limit: number): T[] | null {
  const state = readTopState(db);
  if (!state || state.itemsAtBuild === 0) return null;
  const lists = words.map((word) => topList(db, word, 'word', kind));
  if (lists.some((list) => !list)) return null;
  const items = indexedItemCount(db);
  db.exec("CREATE VIRTUAL TABLE IF NOT EXISTS temp.search_words_rows USING fts5vocab(main, search_words, 'row')");
  const holding = prepared(db, 'SELECT doc FROM temp.search_words_rows WHERE term = ?', 'pluck');
  const idfs = words.map((word) => idfOf(items, (holding.get(word) as number | undefined) ?? 0));
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
  const lengthOf = prepared(db, 'SELECT sz FROM search_words_docsize WHERE id = ?', 'pluck');
  const page: Array<{ item: T; score: number }> = [];
  const passed = new Map<number, T>();
  let scored = 0;
  let scoredAbove = 0;
  for (let next = 0; ; next++) {
    page.sort((a, b) => b.score - a.score || (a.item.date < b.item.date ? 1 : a.item.date > b.item.date ? -1 : 0) || b.item.rowid - a.item.rowid);
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
    const text = indexedText(db, item.objectId, kind);
    const sizes = lengthOf.get(item.rowid) as Uint8Array | undefined;
    if (!text || !sizes) continue;
    const length = itemLength(sizes);
    const frequencies = words.map(() => 0);
    [text.title, text.byline, text.site, text.body].forEach((column, c) => {
      if (column) countPhrases(column, words.map((word) => [word])).forEach((count, w) => (frequencies[w] += COLUMN_WEIGHTS[c] * count));
    });
    if (frequencies.every((frequency) => frequency > 0)) {
      const score = frequencies.reduce((sum, frequency, w) => sum + idfs[w] * termScore(frequency, length, state.avgdl), 0);
      page.push({ item, score });
      if (score > beyond) scoredAbove++;
    }
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
