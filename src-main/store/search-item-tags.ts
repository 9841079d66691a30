/**
 * Which of the items the last list build packed (store/search-item-columns.ts) belong to an
 * article with a given tag, so that tag: and -tag: rule out the matches of a walk over a word's
 * postings (store/search-terms.ts) in memory, as the packed columns do for dates, colours and
 * claims: "tag:politics after:2018 government" checked 320 of its matches in SQL at 100,000
 * articles to find the 23 whose article carries the tag. A connection reads a tag's items at its
 * first search for the tag (at 100,000 articles, 25–45 ms for a tag of 6,000 to 9,000 articles
 * and their highlights, more while the notebook's pages are still on disk), and keeps them until
 * the tags change (migration 0021 counts the changes) or another build packs the items. An
 * item's article never changes under its rowid, and rowids are never given out twice but after
 * the index is built anew, which drops the packing.
 */
import type { Db } from './database';
import type { IndexedKind } from './search';
import { itemColumns, lastPackedOffset, type ItemColumns } from './search-item-columns';
import { rowidsOf } from './search-rowids';
import { prepared } from './statements';

/** The kinds of item that belong to an article: a note carries no tag, and passes every -tag:. */
const TAGGED_KINDS = ['article', 'highlight'] as const;
type TaggedKind = (typeof TAGGED_KINDS)[number];

interface TaggedItems {
  /** The count of tag changes (search_tag_changes) when they were read. */
  changes: number;
  /** For each kind the build packed: its packing, and a bit for each of its items, by offset from the kind's first rowid, set when the item's article carries the tag. */
  kinds: Map<TaggedKind, { packing: ItemColumns; bits: Uint8Array }>;
}

/** The tags each connection keeps the items of, by name: 140 KB a tag with a million highlights. */
const cached = new WeakMap<Db, Map<string, TaggedItems>>();
const MOST_KEPT = 16;

function taggedItems(db: Db, tag: string): TaggedItems {
  const changes = prepared(db, 'SELECT changes FROM search_tag_changes', 'pluck').get() as number;
  const packings = TAGGED_KINDS.map((kind) => [kind, itemColumns(db, kind)] as const);
  let ofDb = cached.get(db);
  if (!ofDb) cached.set(db, (ofDb = new Map()));
  const known = ofDb.get(tag);
  if (known && known.changes === changes && packings.every(([kind, packing]) => known.kinds.get(kind)?.packing === packing)) return known;
  const kinds: TaggedItems['kinds'] = new Map();
  for (const [kind, packing] of packings) {
    if (packing) kinds.set(kind, { packing, bits: new Uint8Array((lastPackedOffset(packing, kind) >> 3) + 1) });
  }
  // One statement for both kinds: it reads each of the tag's articles' items once.
  const rowids = prepared(db, 'SELECT i.rowid FROM tag t JOIN article_tag x ON x.tag_id = t.id JOIN search_item i ON i.article_id = x.article_id WHERE t.name = ?', 'pluck').all(tag) as number[];
  for (const [kind, { packing, bits }] of kinds) {
    const { first } = rowidsOf(kind);
    for (const rowid of rowids) {
      if (rowid < first || rowid > packing.through) continue;
      const offset = rowid - first;
      bits[offset >> 3] |= 1 << (offset & 7);
    }
  }
  if (known) ofDb.delete(tag);
  else if (ofDb.size >= MOST_KEPT) ofDb.delete(ofDb.keys().next().value!);
  const read = { changes, kinds };
  ofDb.set(tag, read);
  return read;
}

/**
 * Whether an item of `kind`, by its offset from the kind's first rowid, may pass `tag:<tag>` (or
 * `-tag:<tag>` when negated); null when every item may: before a build has packed the kind's
 * items, and for notes, which no tag: asks for. An item indexed since the build is past what it
 * packed: SQL checks it.
 */
export function taggedKeep(db: Db, kind: IndexedKind, tag: string, negated: boolean): ((offset: number) => boolean) | null {
  if (kind === 'note') return null;
  const items = taggedItems(db, tag).kinds.get(kind);
  if (!items) return null;
  const { bits } = items;
  const last = lastPackedOffset(items.packing, kind);
  return (offset) => offset > last || (((bits[offset >> 3] >> (offset & 7)) & 1) === 1) !== negated;
}
