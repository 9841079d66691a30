/**
 * Building the ranked lists of frequent terms (store/search-top.ts) from the index: one pass
 * over FTS5's instances of every term (fts5vocab), in term order, so that the terms sharing a
 * prefix come together; then two over the items' text for the phrases of two and three words,
 * which no index counts. The passes run in steps of about a million instances (or tokens), and
 * lists are written in transactions of their own, so that the app's own connection (the build
 * runs on a worker thread, store/search-top-worker.ts) never waits long for a write; the lists a
 * step replaces stay usable until then, and items that change meanwhile are kept in the lists by
 * store/search-top.ts as always.
 */
import { hasUnspacedScript } from '../common/unspaced';
import { inTransaction, type Db } from './database';
import { indexArticle, indexedColumns, indexHighlight } from './search-index';
import { INDEXED_KINDS, type IndexedKind } from './search';
import { packColumns, writeItemColumns } from './search-item-columns';
import { PostingsWriter } from './search-postings';
import { rowidsOf } from './search-rowids';
import {
  COLUMN_NAMES,
  COLUMN_WEIGHTS,
  compareKeys,
  eachToken,
  indexTotals,
  itemLength,
  LONGEST_PREFIX,
  phraseKey,
  readTopState,
  termScore,
  TOP_LIST_DEFAULTS,
  type ListShape,
  type SortKey,
  type TopListOptions,
} from './search-top';
import { prepared } from './statements';

/** Instances read per step (or tokens, reading the items' text): about a second of work. */
const STEP_INSTANCES = 1_000_000;

/**
 * A phrase gets lists only when one of its words is among this many most common words ("in the",
 * "according to", "the united states"): FTS5 finds any other phrase of frequent words quickly
 * enough, and counting every pair of them would take gigabytes at 100,000 articles.
 */
const COMMON_WORDS = 64;

/**
 * About how many items the first pass over the text reads: reading all of them twice was half
 * of a 19-minute build at 100,000 articles and a million highlights. A larger notebook's first
 * pass counts the phrases of one item in n: a phrase that 1,000 of 1,100,000 items hold is in
 * about 90 of a sample of one in 11, and any phrase found in half its share of the sample goes
 * on to the second pass, which counts exactly.
 */
const SAMPLED_ITEMS = 100_000;

/** Keeps the `depth` items that come first in search's order: a heap whose root comes last. */
class BestItems {
  readonly keys: SortKey[] = [];
  offered = 0;

  constructor(private readonly depth: number) {}

  offer(score: number, date: string, rowid: number): void {
    this.offered++;
    if (this.keys.length < this.depth) {
      this.keys.push({ score, date, rowid });
      this.siftUp(this.keys.length - 1);
      return;
    }
    // Most items of a frequent term score below the list's last: settle them without a key.
    if (score < this.keys[0].score) return;
    const key = { score, date, rowid };
    if (compareKeys(key, this.keys[0]) > 0) {
      this.keys[0] = key;
      this.siftDown(0);
    }
  }

  private swap(a: number, b: number): void {
    [this.keys[a], this.keys[b]] = [this.keys[b], this.keys[a]];
  }

  private siftUp(at: number): void {
    while (at > 0) {
      const parent = (at - 1) >> 1;
      if (compareKeys(this.keys[parent], this.keys[at]) <= 0) return;
      this.swap(parent, at);
      at = parent;
    }
  }

  private siftDown(at: number): void {
    for (;;) {
      const left = 2 * at + 1;
      const right = left + 1;
      let least = at;
      if (left < this.keys.length && compareKeys(this.keys[left], this.keys[least]) < 0) least = left;
      if (right < this.keys.length && compareKeys(this.keys[right], this.keys[least]) < 0) least = right;
      if (least === at) return;
      this.swap(least, at);
      at = least;
    }
  }
}

/**
 * What the pass knows of each item: its rowid, kind, date and length in tokens, by slot. Each
 * kind's rowids start far from the others' (store/search-rowids.ts), so the pass numbers the
 * items it reads from 0 and keeps its arrays by that number.
 */
class Items {
  rowids: number[] = [];
  kinds: IndexedKind[] = [];
  dates: string[] = [];
  lengths: number[] = [];
  /** The columns filters test (store/search-item-columns.ts). */
  columns: number[] = [];
  private readonly slots = new Map<number, number>();
  /** The last rowid read in each kind's range. */
  private readonly readUpTo = new Map<IndexedKind, number>(INDEXED_KINDS.map((kind) => [kind, rowidsOf(kind).first - 1]));

  constructor(private readonly db: Db) {}

  /** Reads the items indexed since the last call (all of them the first time). */
  catchUp(): void {
    for (const kind of INDEXED_KINDS) {
      const since = this.readUpTo.get(kind)!;
      const { end } = rowidsOf(kind);
      const items = prepared(this.db,
        'SELECT i.rowid, i.date, i.color, i.is_claim, d.sz FROM search_item i JOIN search_words_docsize d ON d.id = i.rowid WHERE i.rowid > ? AND i.rowid < ? ORDER BY i.rowid',
        'raw',
      );
      for (const [rowid, date, color, isClaim, sizes] of items.iterate(since, end) as Iterable<[number, string, string | null, number, Uint8Array]>) {
        this.slots.set(rowid, this.rowids.length);
        this.rowids.push(rowid);
        this.kinds.push(kind);
        this.dates.push(date);
        this.lengths.push(itemLength(sizes));
        this.columns.push(packColumns(date, color, isClaim === 1));
        this.readUpTo.set(kind, rowid);
      }
    }
  }

  /** Each kind's items' packed columns, as far as the pass has read (store/search-item-columns.ts). */
  writeColumns(): void {
    for (const kind of INDEXED_KINDS) {
      const { first } = rowidsOf(kind);
      const through = this.lastRead(kind);
      const packed = new Uint32Array(through - first + 1);
      this.rowids.forEach((rowid, slot) => {
        if (this.kinds[slot] === kind) packed[rowid - first] = this.columns[slot];
      });
      writeItemColumns(this.db, kind, through, packed);
    }
  }

  /** The item's number in this pass, or undefined for an item indexed since the pass last caught up. */
  slot(rowid: number): number | undefined {
    return this.slots.get(rowid);
  }

  /** The last rowid of the kind's range the pass has read. */
  lastRead(kind: IndexedKind): number {
    return this.readUpTo.get(kind)!;
  }

  /** The items of `kinds` indexed after the pass last caught up: their lists may have been written without them. */
  late(kinds: readonly IndexedKind[]): Array<{ id: string; kind: IndexedKind }> {
    return kinds.flatMap((kind) =>
      prepared(this.db, 'SELECT object_id AS id, kind FROM search_item WHERE rowid > ? AND rowid < ?').all(this.readUpTo.get(kind)!, rowidsOf(kind).end) as Array<{ id: string; kind: IndexedKind }>,
    );
  }

  /** How many items there are. */
  count(): number {
    return this.rowids.length;
  }
}

interface FinishedList {
  kind: IndexedKind;
  term: string;
  shape: ListShape;
  complete: boolean;
  best: BestItems;
  /** A word's postings among the kind's items (store/search-postings.ts), up to the last rowid the pass had read. */
  postings?: { through: number; bytes: Uint8Array };
}

/**
 * The items of one term, prefix or pair as the pass meets them, with their weighted
 * frequencies. A word's group passes its items on to its longest prefix's group when it closes,
 * and each prefix's group to the prefix one character shorter, so every instance is read once.
 * A pair's group holds the instances of the word's term in the `unspaced` column alone.
 */
class TermGroup {
  key: string | null = null;
  private frequencies = new Float64Array(1024);
  /** The slots (Items) of the items that hold the term. */
  private readonly touched: number[] = [];

  constructor(private readonly shape: ListShape) {}

  /** How many items hold the term so far. */
  get items(): number {
    return this.touched.length;
  }

  add(slot: number, weight: number): void {
    if (slot >= this.frequencies.length) {
      const grown = new Float64Array(Math.max(slot + 1, this.frequencies.length * 2));
      grown.set(this.frequencies);
      this.frequencies = grown;
    }
    if (this.frequencies[slot] === 0) this.touched.push(slot);
    this.frequencies[slot] += weight;
  }

  /** Lists the group's best items when enough items hold the term (and a word's postings), hands them on, and empties the group. */
  close(items: Items, avgdl: number, options: TopListOptions, finished: FinishedList[], parent: TermGroup | undefined): void {
    if (this.key !== null && this.touched.length >= (this.shape === 'pair' ? options.frequentPairs : options.frequentItems)) {
      const best = new Map<IndexedKind, BestItems>();
      const postings = new Map<IndexedKind, PostingsWriter>(this.shape === 'word' ? INDEXED_KINDS.map((kind) => [kind, new PostingsWriter(rowidsOf(kind).first)]) : []);
      // The instances come in rowid order, and so do the items that hold the term.
      for (const slot of this.touched) {
        const kind = items.kinds[slot];
        let kindBest = best.get(kind);
        if (!kindBest) best.set(kind, (kindBest = new BestItems(options.depth)));
        kindBest.offer(termScore(this.frequencies[slot], items.lengths[slot], avgdl), items.dates[slot], items.rowids[slot]);
        postings.get(kind)?.add(items.rowids[slot], this.frequencies[slot], items.lengths[slot]);
      }
      const lists = listsOfEveryKind(this.key, this.shape, best, options);
      for (const list of lists) {
        const writer = postings.get(list.kind);
        if (writer) list.postings = { through: items.lastRead(list.kind), bytes: writer.finish() };
      }
      finished.push(...lists);
    }
    for (const slot of this.touched) {
      parent?.add(slot, this.frequencies[slot]);
      this.frequencies[slot] = 0;
    }
    this.touched.length = 0;
  }
}

/**
 * A frequent term's lists, one for every kind: a kind none of whose items holds the term gets an
 * empty list, complete, which answers at once and takes the first such item to come.
 */
function listsOfEveryKind(term: string, shape: ListShape, best: Map<IndexedKind, BestItems>, options: TopListOptions): FinishedList[] {
  return INDEXED_KINDS.map((kind) => {
    const kindBest = best.get(kind) ?? new BestItems(options.depth);
    return { kind, term, shape, complete: kindBest.offered <= options.depth, best: kindBest };
  });
}

/** Writes the finished lists, adding their ids to `written`; returns how many entries they have. */
function writeLists(db: Db, finished: FinishedList[], written: Set<number>): number {
  const replaceList = prepared(db,
    `INSERT INTO search_top_list (kind, term, shape, complete, floor, items) VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT (term, shape, kind) DO UPDATE SET complete = excluded.complete, floor = excluded.floor, items = excluded.items RETURNING id`,
  );
  const clearList = prepared(db, 'DELETE FROM search_top WHERE list_id = ?');
  const replacePostings = prepared(db, 'INSERT OR REPLACE INTO search_postings (list_id, through, postings) VALUES (?, ?, ?)');
  const dropPacked = prepared(db, 'DELETE FROM search_postings_late WHERE list_id = ? AND item_rowid <= ?');
  // An item deleted since the pass read the index has no place in a list.
  const insertEntry = prepared(db, 'INSERT INTO search_top (list_id, score, date, item_rowid) SELECT ?, ?, ?, ? WHERE EXISTS (SELECT 1 FROM search_item WHERE rowid = ?)');
  let entries = 0;
  db.transaction(() => {
    for (const { kind, term, shape, complete, best, postings } of finished) {
      // The heap's first key is its lowest.
      const { id } = replaceList.get(kind, term, shape, complete ? 1 : 0, best.keys[0]?.score ?? null, best.offered) as { id: number };
      written.add(id);
      clearList.run(id);
      if (postings) {
        replacePostings.run(id, postings.through, postings.bytes);
        dropPacked.run(id, postings.through);
      }
      for (const { score, date, rowid } of best.keys) entries += insertEntry.run(id, score, date, rowid, rowid).changes;
    }
  })();
  return entries;
}

export interface TopListBuildResult {
  lists: number;
  entries: number;
}

/**
 * The build, one step per `next()`: each step reads about `stepInstances` instances (always
 * whole terms) and writes the lists they finish. A build that stops halfway leaves the state
 * marked unfinished, so the next open builds again.
 */
export function* topListBuild(
  db: Db,
  options: TopListOptions = TOP_LIST_DEFAULTS,
  stepInstances = STEP_INSTANCES,
  sampledItems = SAMPLED_ITEMS,
): Generator<void, TopListBuildResult, void> {
  const items = new Items(db);
  items.catchUp();
  const avgdl = indexTotals(db).averageLength;
  db.transaction(() => {
    items.writeColumns();
    prepared(db, 'DELETE FROM search_top_state').run();
    prepared(db, 'INSERT INTO search_top_state (avgdl, depth, frequent_items, frequent_pairs, frequent_phrases, items_at_build) VALUES (?, ?, ?, ?, ?, 0)').run(
      avgdl, options.depth, options.frequentItems, options.frequentPairs, options.frequentPhrases,
    );
  })();
  const weightOf = new Map<string, number>(COLUMN_NAMES.map((name, index) => [name, COLUMN_WEIGHTS[index]]));
  const wordGroup = new TermGroup('word');
  const pairGroup = new TermGroup('pair');
  // prefixGroups[n - 1] gathers the words that begin with the same n characters.
  const prefixGroups = Array.from({ length: LONGEST_PREFIX }, () => new TermGroup('prefix'));
  /** How many items hold each frequent word: the words phrases are made of. */
  const frequentWords = new Map<string, number>();
  /** Closes the word's groups: its own (handing its items to its longest prefix's) and its pair's. */
  const closeWord = (finished: FinishedList[]) => {
    if (wordGroup.key !== null && wordGroup.items >= options.frequentItems) frequentWords.set(wordGroup.key, wordGroup.items);
    wordGroup.close(items, avgdl, options, finished, prefixGroups[prefixGroups.findLastIndex((group) => group.key !== null)]);
    pairGroup.close(items, avgdl, options, finished, undefined);
  };
  /** Closes the groups from `level` characters on (0: the word too), longest first. */
  const closeFrom = (level: number, finished: FinishedList[]) => {
    const deepest = prefixGroups.findLastIndex((group) => group.key !== null);
    if (level === 0) closeWord(finished);
    for (let index = deepest; index >= Math.max(0, level - 1); index--) {
      prefixGroups[index].close(items, avgdl, options, finished, prefixGroups[index - 1]);
      prefixGroups[index].key = null;
    }
  };
  const result: TopListBuildResult = { lists: 0, entries: 0 };
  const written = new Set<number>();
  db.exec("CREATE VIRTUAL TABLE IF NOT EXISTS temp.search_words_instances USING fts5vocab(main, search_words, 'instance')");
  const instances = prepared(db, 'SELECT term, doc, col FROM temp.search_words_instances WHERE term >= ?', 'raw');

  // Each step reads from `resumeAt` and stops at the first new term once it has read enough.
  for (let resumeAt: string | null = ''; resumeAt !== null; ) {
    const finished: FinishedList[] = [];
    let read = 0;
    const from: string = resumeAt;
    resumeAt = null;
    for (const [term, rowid, column] of instances.iterate(from) as Iterable<[string, number, string]>) {
      if (term !== wordGroup.key) {
        if (wordGroup.key !== null) {
          // The groups of prefixes the new term does not share with the last one are complete.
          const characters = [...term];
          const shared = prefixGroups.findIndex((group, index) => group.key === null || characters.slice(0, index + 1).join('') !== group.key);
          closeWord(finished);
          if (shared !== -1) closeFrom(shared + 1, finished);
        }
        if (read >= stepInstances) {
          resumeAt = term;
          break;
        }
        wordGroup.key = term;
        const characters = [...term];
        pairGroup.key = characters.length === 2 ? term : null;
        prefixGroups.forEach((group, index) => {
          if (characters.length > index) group.key = characters.slice(0, index + 1).join('');
        });
      }
      read++;
      // An item indexed since the pass caught up is left to keepLateItems.
      const slot = items.slot(rowid);
      if (slot === undefined) continue;
      wordGroup.add(slot, weightOf.get(column) ?? 1);
      if (column === 'unspaced' && pairGroup.key !== null) pairGroup.add(slot, weightOf.get(column) ?? 1);
    }
    // Prefix groups may go on in the next step; the word group always ends with its step.
    if (resumeAt === null) closeFrom(0, finished);
    wordGroup.key = null;
    pairGroup.key = null;
    result.entries += writeLists(db, finished, written);
    result.lists += finished.length;
    keepLateItems(db, items);
    if (resumeAt !== null) {
      yield;
      items.catchUp();
    }
  }
  db.exec('DROP TABLE temp.search_words_instances');
  const phrases = yield* phraseLists(db, items, avgdl, options, frequentWords, stepInstances, sampledItems, written);
  result.lists += phrases.lists;
  result.entries += phrases.entries;
  db.transaction(() => {
    // A list this build did not write is of a term no longer frequent (or a phrase a large
    // notebook's sample missed): its scores and counts are an older build's, with another
    // average length, and a search must not take them for this build's.
    prepared(db, 'DELETE FROM search_top_list WHERE id NOT IN (SELECT value FROM json_each(?))').run(JSON.stringify([...written]));
    prepared(db, 'UPDATE search_top_state SET items_at_build = ?').run(indexTotals(db).items);
  })();
  return result;
}

/**
 * Calls `visit` with the text of each item whose rowid `every` divides, read from the notebook
 * in rowid order, in steps of about `stepTokens` tokens.
 */
function* eachItemText(db: Db, items: Items, stepTokens: number, every: number, visit: (rowid: number, columns: string[]) => number): Generator<void, void, void> {
  const next = prepared(db, 'SELECT rowid, object_id AS objectId, kind FROM search_item WHERE rowid > ? AND rowid % ? = 0 ORDER BY rowid LIMIT 100');
  let after = 0;
  for (let tokens = 0; ; ) {
    const batch = next.all(after, every) as Array<{ rowid: number; objectId: string; kind: IndexedKind }>;
    if (batch.length === 0) return;
    for (const { rowid, objectId, kind } of batch) {
      const columns = indexedColumns(db, objectId, kind);
      if (columns) tokens += visit(rowid, columns);
    }
    after = batch[batch.length - 1].rowid;
    if (tokens >= stepTokens) {
      tokens = 0;
      yield;
      items.catchUp();
    }
  }
}

/**
 * The lists of frequent phrases of two and three words. No index counts phrases, so the items'
 * text is read twice: once to count the items each candidate phrase is in (a sample of them in a
 * large notebook), once to count exactly and rank the items of those frequent enough. A phrase
 * of three words without a list is ranked from its parts' lists (search-parts.ts), reading the
 * text of each item met: "the united states" took 6.5 ms over the three kinds at 100,000
 * articles, and half the items it read held "the united" but not the phrase; a phrase's own
 * list reads in 0.1 ms a kind.
 */
function* phraseLists(
  db: Db,
  items: Items,
  avgdl: number,
  options: TopListOptions,
  frequentWords: Map<string, number>,
  stepTokens: number,
  sampledItems: number,
  written: Set<number>,
): Generator<void, TopListBuildResult, void> {
  // A search for text written without spaces never reads phrase lists (its words are pairs of
  // characters, common/unspaced.ts), so its words make none.
  const words = new Map([...frequentWords].filter(([word]) => !hasUnspacedScript(word)));
  const common = new Set([...words].sort((a, b) => b[1] - a[1]).slice(0, COMMON_WORDS).map(([word]) => word));
  const isCandidate = (first: string | null, second: string) => first !== null && words.has(first) && words.has(second) && (common.has(first) || common.has(second));
  const isThreeWordCandidate = (first: string | null, second: string | null, third: string) =>
    first !== null && second !== null && words.has(first) && words.has(second) && words.has(third) && (common.has(first) || common.has(second) || common.has(third));
  const sample = Math.max(1, Math.floor(items.count() / sampledItems));
  const counts = new Map<string, number>();
  yield* eachItemText(db, items, stepTokens, sample, (_rowid, columns) => {
    const found = new Set<string>();
    const length = eachToken(columns, (token, _weight, _column, previous, beforePrevious) => {
      if (isCandidate(previous, token)) found.add(phraseKey(previous!, token));
      if (isThreeWordCandidate(beforePrevious, previous, token)) found.add(phraseKey(beforePrevious!, previous!, token));
    });
    for (const phrase of found) counts.set(phrase, (counts.get(phrase) ?? 0) + 1);
    return length;
  });

  const best = new Map<string, Map<IndexedKind, BestItems>>();
  const enough = sample === 1 ? options.frequentPhrases : options.frequentPhrases / sample / 2;
  for (const [phrase, count] of counts) if (count >= enough) best.set(phrase, new Map());
  counts.clear();
  const keys = new PhraseKeys(best.keys());
  yield* eachItemText(db, items, stepTokens, 1, (rowid, columns) => {
    const frequencies = new Map<string, number>();
    const length = eachToken(columns, (token, weight, _column, previous, beforePrevious) => {
      if (previous === null) return;
      const pair = keys.ofTwo(previous, token);
      if (pair !== undefined) frequencies.set(pair, (frequencies.get(pair) ?? 0) + weight);
      const triple = beforePrevious === null ? undefined : keys.ofThree(beforePrevious, previous, token);
      if (triple !== undefined) frequencies.set(triple, (frequencies.get(triple) ?? 0) + weight);
    });
    for (const phrase of frequencies.keys()) counts.set(phrase, (counts.get(phrase) ?? 0) + 1);
    const slot = items.slot(rowid);
    if (slot === undefined) return length;
    const kind = items.kinds[slot];
    for (const [phrase, frequency] of frequencies) {
      const ofPhrase = best.get(phrase)!;
      let kindBest = ofPhrase.get(kind);
      if (!kindBest) ofPhrase.set(kind, (kindBest = new BestItems(options.depth)));
      kindBest.offer(termScore(frequency, items.lengths[slot], avgdl), items.dates[slot], rowid);
    }
    return length;
  });
  const finished = [...best]
    .filter(([phrase]) => counts.get(phrase)! >= options.frequentPhrases)
    .flatMap(([phrase, ofPhrase]) => listsOfEveryKind(phrase, 'phrase', ofPhrase, options));
  const entries = writeLists(db, finished, written);
  keepLateItems(db, items);
  return { lists: finished.length, entries };
}

/**
 * The keys of some phrases, found from their words: the pass that counts them exactly looks up
 * every run of two and three words of every item (over 100 million at 100,000 articles), and
 * this spares making a string of each to look it up.
 */
class PhraseKeys {
  private readonly twoWords = new Map<string, Map<string, string>>();
  private readonly threeWords = new Map<string, Map<string, Map<string, string>>>();

  constructor(keys: Iterable<string>) {
    for (const key of keys) {
      const [first, second, third] = key.split(' ');
      if (third === undefined) following(this.twoWords, first).set(second, key);
      else following(following(this.threeWords, first), second).set(third, key);
    }
  }

  ofTwo(first: string, second: string): string | undefined {
    return this.twoWords.get(first)?.get(second);
  }

  ofThree(first: string, second: string, third: string): string | undefined {
    return this.threeWords.get(first)?.get(second)?.get(third);
  }
}

/** The map under `word` in `byWord`, made when there is none. */
function following<T>(byWord: Map<string, Map<string, T>>, word: string): Map<string, T> {
  let next = byWord.get(word);
  if (!next) byWord.set(word, (next = new Map()));
  return next;
}

/**
 * Items another connection indexed while a step read the index may have gone into lists the
 * step then replaced: indexing them again puts them where they rank. (Within one connection
 * a step runs whole, so there are none.)
 */
function keepLateItems(db: Db, items: Items): void {
  const late = items.late(['article', 'highlight']);
  if (late.length === 0) return;
  inTransaction(db, () => {
    for (const { id, kind } of late) {
      if (kind === 'article') indexArticle(db, id);
      else indexHighlight(db, id);
    }
  });
}

/** The whole build at once (the benchmark, tests, and the worker thread of store/search-top-worker.ts). */
export function buildTopLists(db: Db, options: TopListOptions = TOP_LIST_DEFAULTS): TopListBuildResult {
  const build = topListBuild(db, options);
  for (;;) {
    const step = build.next();
    if (step.done) return step.value;
  }
}

/**
 * The options of the build to run, when one is due: the lists were never built (and the index
 * is big enough for a term or a pair to need one), a build stopped halfway, or the index has
 * counted a quarter more items since the last build: items added, and items indexed again, which
 * FTS5 counts anew (terms become frequent as the library grows, and a new term's list cannot be
 * started from one item; the postings of the items indexed since are rows of their own), or the
 * items' columns were never packed (store/search-item-columns.ts). Null when none is due.
 */
export function dueTopListBuild(db: Db, defaults: TopListOptions = TOP_LIST_DEFAULTS): TopListOptions | null {
  const state = readTopState(db);
  const items = (prepared(db, 'SELECT count(*) AS n FROM search_item').get() as { n: number }).n;
  const options = state ? { frequentItems: state.frequentItems, frequentPairs: state.frequentPairs, frequentPhrases: state.frequentPhrases, depth: state.depth } : defaults;
  if (items < Math.min(options.frequentItems, options.frequentPairs, options.frequentPhrases)) return null;
  // Lists built before the items' columns were packed with them (an upgrade to 0019) are not enough.
  const packed = prepared(db, 'SELECT count(*) FROM search_item_columns', 'pluck').get() as number;
  if (state && state.itemsAtBuild > 0 && packed > 0 && indexTotals(db).items < state.itemsAtBuild * 1.25) return null;
  return options;
}
