/**
 * The postings of frequent words (db/migrations/0018-search-postings.sql): for each word's list of
 * a kind, every item of the kind that held the word when the lists were built, in rowid order,
 * with the word's weighted frequency in the item and the item's length, packed as variable-length
 * integers (3 to 5 bytes an item). The items several words share are the rowids all their
 * postings hold, and bm25 scores each from those two numbers alone (store/search-terms.ts): no
 * text to read, and none of the counting that makes FTS5 slow on frequent words.
 */
import type { Db } from './database';
import { termScore } from './search-top';
import { prepared } from './statements';

/** Packs postings as the build meets them: rowids ascending, each as its distance from the last. */
export class PostingsWriter {
  private bytes = new Uint8Array(1024);
  private size = 0;
  private last: number;

  /** `first`: the first rowid of the kind's range (store/search-rowids.ts). */
  constructor(first: number) {
    this.last = first - 1;
  }

  add(rowid: number, frequency: number, length: number): void {
    this.write(rowid - this.last);
    this.write(frequency);
    this.write(length);
    this.last = rowid;
  }

  finish(): Uint8Array {
    return this.bytes.slice(0, this.size);
  }

  /** A non-negative integer, seven bits a byte, the lowest first; the high bit says more follow. */
  private write(value: number): void {
    if (this.size + 8 > this.bytes.length) {
      const grown = new Uint8Array(this.bytes.length * 2);
      grown.set(this.bytes);
      this.bytes = grown;
    }
    while (value >= 0x80) {
      this.bytes[this.size++] = (value % 0x80) | 0x80;
      value = Math.floor(value / 0x80);
    }
    this.bytes[this.size++] = value;
  }
}

/** A posting of an item indexed since the build: its rowid, the word's weighted frequency in it, and its length. */
export type LatePosting = readonly [rowid: number, frequency: number, length: number];

/** One word's postings: packed by the build (from `first`, the kind's first rowid), then those of items indexed since. */
export interface Postings {
  packed: Uint8Array;
  first: number;
  late: readonly LatePosting[];
}

/**
 * A word list's postings; undefined for a list whose build has not packed them yet. Late postings
 * at or before the packed ones' last rowid are left: the build packed those items.
 */
export function wordPostings(db: Db, listId: number, first: number): Postings | undefined {
  const stored = prepared(db, 'SELECT through, postings FROM search_postings WHERE list_id = ?').get(listId) as { through: number; postings: Uint8Array } | undefined;
  if (!stored) return undefined;
  const late = prepared(db, 'SELECT item_rowid, frequency, length FROM search_postings_late WHERE list_id = ? AND item_rowid > ? ORDER BY item_rowid', 'raw').all(listId, stored.through) as LatePosting[];
  return { packed: stored.postings, first, late };
}

/**
 * Reads one word's postings in rowid order, unpacking as it goes: a search unpacks tens of
 * thousands, and arrays of them all would be garbage for the collector to sweep after each.
 */
export class PostingsCursor {
  /**
   * The posting's distance from the kind's first rowid: a small integer, where a highlight's rowid
   * (from 2^40) would be a heap number made anew at every step.
   */
  offset = -1;
  frequency = 0;
  length = 0;
  private at = 0;
  private nextLate = 0;

  constructor(private readonly postings: Postings) {}

  /** At most how many postings there are: each packed one takes three bytes or more. */
  get most(): number {
    return Math.floor(this.postings.packed.length / 3) + this.postings.late.length;
  }

  /** Moves to the next posting; false when there is none. */
  next(): boolean {
    const bytes = this.postings.packed;
    if (this.at < bytes.length) {
      this.offset += this.varint();
      this.frequency = this.varint();
      this.length = this.varint();
      return true;
    }
    const late = this.postings.late[this.nextLate++];
    if (!late) return false;
    this.offset = late[0] - this.postings.first;
    this.frequency = late[1];
    this.length = late[2];
    return true;
  }

  /** Moves to the first posting at `offset` or after it; false when there is none. */
  seek(offset: number): boolean {
    while (this.offset < offset) if (!this.next()) return false;
    return true;
  }

  private varint(): number {
    const bytes = this.postings.packed;
    let byte = bytes[this.at++];
    if (byte < 0x80) return byte;
    let value = byte & 0x7f;
    for (let scale = 0x80; ; scale *= 0x80) {
      byte = bytes[this.at++];
      value += (byte & 0x7f) * scale;
      if (byte < 0x80) return value;
    }
  }
}

/** What scoredMatches found, in arrays it keeps for the next search: read them before scoring again. */
export interface Matches {
  count: number;
  rowids: Float64Array;
  scores: Float64Array;
}

let matchRowids = new Float64Array(1024);
let matchScores = new Float64Array(1024);

/**
 * The items every word's postings hold, with bm25's score for them all (idfs: each word's idf);
 * only those `keep` keeps (by their distance from the kind's first rowid), when given.
 */
export function scoredMatches(words: readonly Postings[], idfs: readonly number[], avgdl: number, keep: ((offset: number) => boolean) | null = null): Matches {
  const cursors = words.map((postings) => new PostingsCursor(postings));
  // Every word's postings are of one kind's items, from its first rowid.
  const { first } = words[0];
  const most = Math.min(...cursors.map((cursor) => cursor.most));
  if (matchRowids.length < most) {
    matchRowids = new Float64Array(most);
    matchScores = new Float64Array(most);
  }
  let count = 0;
  if (cursors.length === 1) {
    // One word: every posting is a match.
    const [cursor] = cursors;
    const idf = idfs[0];
    while (cursor.next()) {
      if (keep && !keep(cursor.offset)) continue;
      matchRowids[count] = first + cursor.offset;
      matchScores[count] = idf * termScore(cursor.frequency, cursor.length, avgdl);
      count++;
    }
    return { count, rowids: matchRowids, scores: matchScores };
  }
  if (!cursors.every((cursor) => cursor.next())) return { count, rowids: matchRowids, scores: matchScores };
  // Each cursor in turn moves to the furthest posting any of them stands at, until all stand at one.
  // Indexed loops: this runs for every posting, and for…of made an iterator result each time
  // (0.7 MB a search for "water supply" among articles at 100,000 articles).
  outer: for (;;) {
    let target = cursors[0].offset;
    for (let c = 1; c < cursors.length; c++) if (cursors[c].offset > target) target = cursors[c].offset;
    let aligned = true;
    for (let c = 0; c < cursors.length; c++) {
      if (!cursors[c].seek(target)) break outer;
      if (cursors[c].offset !== target) aligned = false;
    }
    if (!aligned) continue;
    if (keep && !keep(target)) {
      if (!cursors[0].next()) break;
      continue;
    }
    // Summed in the words' order, as FTS5 sums its phrases.
    let score = 0;
    for (let w = 0; w < cursors.length; w++) score += idfs[w] * termScore(cursors[w].frequency, cursors[w].length, avgdl);
    matchRowids[count] = first + target;
    matchScores[count] = score;
    count++;
    if (!cursors[0].next()) break;
  }
  return { count, rowids: matchRowids, scores: matchScores };
}

let selection = new Float64Array(1024);

/**
 * The matches best first, found a slice at a time: the filters usually keep the page within the
 * first few hundred, and sorting every score would take longer than the search (4 ms for
 * 67,000). Each slice is every match from the score the slice reaches up to the last slice's
 * lowest, so items tied on a score come together.
 */
export class BestFirst {
  private readonly values: Float64Array;
  private queue: number[] = [];
  private at = 0;
  private taken = 0;
  private floor = Infinity;

  constructor(private readonly matches: Matches) {
    if (selection.length < matches.count) selection = new Float64Array(matches.count);
    this.values = selection.subarray(0, matches.count);
    this.values.set(matches.scores.subarray(0, matches.count));
  }

  /** The index of the next best match, without taking it; undefined when none is left. */
  peek(): number | undefined {
    if (this.at === this.queue.length) this.refill(1);
    return this.queue[this.at];
  }

  /** The indices of the next `size` best matches (fewer when fewer are left). */
  take(size: number): number[] {
    if (this.queue.length - this.at < size) this.refill(size - (this.queue.length - this.at));
    const taken = this.queue.slice(this.at, this.at + size);
    this.at += taken.length;
    return taken;
  }

  private refill(wanted: number): void {
    const { scores } = this.matches;
    const count = this.values.length;
    if (this.taken >= count) return;
    // Scores from the k-th highest on; a slice of at least 64, so that one match at a time is never a pass over them all.
    const k = Math.min(count, this.taken + Math.max(wanted, 64));
    const lowest = k === count ? -Infinity : kthHighest(this.values, k);
    const slice: number[] = [];
    for (let i = 0; i < count; i++) if (scores[i] >= lowest && scores[i] < this.floor) slice.push(i);
    slice.sort((a, b) => scores[b] - scores[a]);
    this.queue = this.queue.slice(this.at).concat(slice);
    this.at = 0;
    this.taken += slice.length;
    this.floor = lowest;
  }
}

/** The k-th highest of `values` (k from 1), by selection: it reorders them, and leaves them the same values. */
function kthHighest(values: Float64Array, k: number): number {
  const target = values.length - k;
  let low = 0;
  let high = values.length - 1;
  while (low < high) {
    const pivot = values[(low + high) >>> 1];
    let i = low;
    let j = high;
    while (i <= j) {
      while (values[i] < pivot) i++;
      while (values[j] > pivot) j--;
      if (i <= j) {
        const swap = values[i];
        values[i] = values[j];
        values[j] = swap;
        i++;
        j--;
      }
    }
    if (target <= j) high = j;
    else if (target >= i) low = i;
    else return values[target];
  }
  return values[target];
}
