/**
 * The columns of every item that filters test on their own (date, colour, claim), packed by the
 * list build (db/migrations/0019-search-item-columns.sql) so that a walk over a frequent word's
 * postings (store/search-terms.ts) drops the matches those filters rule out before it reads a
 * row: "tag:science is:claim after:2020 said" keeps 0.45% of the word's 67,646 highlight matches
 * at 100,000 articles, and checking them in SQL, 2.5 µs each, took 14 ms.
 *
 * An item's columns never change under its rowid (a changed item takes a new one,
 * store/search-index.ts), so what the build packed stays true for every rowid it read; items
 * indexed since are not packed, and a walk keeps them for SQL to check, as it keeps a packed item
 * that is gone.
 */
import { highlightColors } from '../common/model';
import type { SearchFilter } from '../common/search-query';
import type { Db } from './database';
import type { IndexedKind } from './search';
import { rowidsOf } from './search-rowids';
import { prepared } from './statements';

/** A colour the packing does not know (one added since): a filter on colour keeps the item. */
const OTHER_COLOR = 7;
/** A date the packing cannot order (not YYYY-MM-DD): a filter on dates keeps the item. */
const UNKNOWN_DATE = 0;

/**
 * A YYYY-MM-DD date (or its start) as a number in the same order as the text, which is how SQL
 * compares dates: a day that is no day of the calendar (02-31) still sorts where its text does.
 * Text that is no such date, or has a month past 12 or a day past 31, which the number could not
 * put in its place, is UNKNOWN_DATE.
 */
function dateOrder(date: string): number {
  const parts = /^(\d{4})-(\d{2})-(\d{2})/.exec(date);
  if (!parts) return UNKNOWN_DATE;
  const [year, month, day] = parts.slice(1).map(Number);
  return month <= 12 && day <= 31 ? year * 512 + month * 32 + day : UNKNOWN_DATE;
}

function colorCode(color: string | null): number {
  if (color === null) return 0;
  const index = highlightColors.indexOf(color as (typeof highlightColors)[number]);
  return index === -1 ? OTHER_COLOR : index + 1;
}

/** An item's packed columns: its date's order, then three bits of colour, then one of claim. */
export function packColumns(date: string, color: string | null, isClaim: boolean): number {
  return dateOrder(date) * 16 + colorCode(color) * 2 + (isClaim ? 1 : 0);
}

/** The build's packing of one kind's items: the columns of the item at rowid first + n are at n, 0 where there is none. */
export interface ItemColumns {
  /** The last rowid the build read: items after it are not packed. */
  through: number;
  packed: Uint32Array;
}

/** Writes a kind's packed columns (the build, in its transaction), replacing the last build's. */
export function writeItemColumns(db: Db, kind: IndexedKind, through: number, packed: Uint32Array): void {
  const bytes = new Uint8Array(packed.length * 4);
  const view = new DataView(bytes.buffer);
  packed.forEach((value, n) => view.setUint32(n * 4, value, true));
  // Deleted, then inserted: the new row takes a new id, which tells readers' caches it changed.
  prepared(db, 'DELETE FROM search_item_columns WHERE kind = ?').run(kind);
  prepared(db, 'INSERT INTO search_item_columns (kind, through, packed) VALUES (?, ?, ?)').run(kind, through, bytes);
}

/** What each connection has read, by kind, with the row's id: 4 MB a million highlights, read once a build rather than once a search. */
const cached = new WeakMap<Db, Map<IndexedKind, ItemColumns & { id: number }>>();

/** A kind's packed columns as the last build wrote them; undefined before any build. */
export function itemColumns(db: Db, kind: IndexedKind): ItemColumns | undefined {
  const id = prepared(db, 'SELECT id FROM search_item_columns WHERE kind = ?', 'pluck').get(kind) as number | undefined;
  if (id === undefined) return undefined;
  let ofDb = cached.get(db);
  if (!ofDb) cached.set(db, (ofDb = new Map()));
  const known = ofDb.get(kind);
  if (known?.id === id) return known;
  const row = prepared(db, 'SELECT through, packed FROM search_item_columns WHERE id = ?').get(id) as { through: number; packed: Uint8Array };
  const view = new DataView(row.packed.buffer, row.packed.byteOffset, row.packed.byteLength);
  const packed = new Uint32Array(row.packed.byteLength / 4);
  for (let n = 0; n < packed.length; n++) packed[n] = view.getUint32(n * 4, true);
  const read = { id, through: row.through, packed };
  ofDb.set(kind, read);
  return read;
}

/**
 * Which items of `kind` among the packed ones may pass the query's filters, judged from their
 * packed columns: false only for an item some filter on the item's own columns rules out. Null
 * when no filter tests them. Every such filter, negated or not, keeps a set of colour and claim
 * bits or a range of dates, so the test is a table of the sixteen bit patterns and one range.
 */
export function columnsTest(filters: readonly SearchFilter[], kind: IndexedKind): ((packed: number) => boolean) | null {
  const bitsKept = new Uint8Array(16).fill(1);
  let from = 0;
  let until = Infinity;
  let tested = false;
  for (const filter of filters) {
    if (filter.field === 'is' || filter.field === 'color') {
      tested = true;
      for (let bits = 0; bits < 16; bits++) {
        const color = bits >> 1;
        // A colour the packing does not know may be the one asked for, or not.
        if (filter.field === 'color' && color === OTHER_COLOR) continue;
        const passes = filter.field === 'color' ? color === colorCode(filter.value) : filter.value === 'claim' ? (bits & 1) === 1 : filter.value === kind;
        if (passes === filter.negated) bitsKept[bits] = 0;
      }
    } else if (filter.field === 'before' || filter.field === 'after') {
      const bound = dateOrder(filter.value);
      if (bound === UNKNOWN_DATE) continue;
      tested = true;
      // Dates on or after the bound, or before it.
      if ((filter.field === 'after') !== filter.negated) from = Math.max(from, bound);
      else until = Math.min(until, bound);
    }
  }
  if (!tested) return null;
  return (packed) => {
    // 0: no item was packed there (or one of no date, colour or claim, which is kept all the same).
    if (packed === 0) return true;
    const date = packed >>> 4;
    return bitsKept[packed & 15] === 1 && (date === UNKNOWN_DATE || (date >= from && date < until));
  };
}

/** The offset from the kind's first rowid of the last item a build packed: later items have no packing. */
export function lastPackedOffset(packing: ItemColumns, kind: IndexedKind): number {
  return packing.through - rowidsOf(kind).first;
}

/**
 * Whether an item of `kind`, by its offset from the kind's first rowid, may pass `test` on its
 * packed columns; null when every item may (no test, or no build has packed them). An item
 * indexed since the build has no packed columns: SQL checks it.
 */
export function packedColumnsKeep(db: Db, kind: IndexedKind, test: ((packed: number) => boolean) | null): ((offset: number) => boolean) | null {
  const packing = test && itemColumns(db, kind);
  if (!packing) return null;
  const { packed } = packing;
  const last = lastPackedOffset(packing, kind);
  return (offset) => offset > last || test!(packed[offset]);
}
