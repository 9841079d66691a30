/**
 * Keeps the search index (search_item, search_words: see db/migrations/0005-search.sql) in
 * step with articles, highlights and notes. Callers run these in the transaction that changed the
 * row, so the index never disagrees with what it mirrors.
 */
import type { ArticleSummary } from '../common/model';
import { unspacedPairs } from '../common/unspaced';
import { getIndexedArticleFields } from './articles';
import { newestCaptureText } from './captures';
import type { Db } from './database';
import { highlightSearchText } from './highlights';
import { noteTitleAndText } from './notes';
import type { IndexedKind } from './search';
import { rowidsOf } from './search-rowids';
import { addToTopLists, removeFromTopLists } from './search-top';
import { prepared } from './statements';

export interface IndexedText {
  title: string;
  byline: string;
  site: string;
  body: string;
}

interface ItemFields {
  kind: 'article' | 'highlight' | 'note';
  articleId: string | null;
  date: string;
  host: string | null;
  color: string | null;
  isClaim: boolean;
}

/** The address's host, lower-case and without "www.", for site: filters. */
export function hostOf(url: string | null): string | null {
  if (!url) return null;
  try {
    return new URL(url).hostname.toLowerCase().replace(/^www\./, '') || null;
  } catch {
    return null;
  }
}

function articleHost(article: Pick<ArticleSummary, 'url' | 'sourceUrl'>): string | null {
  return hostOf(article.url) ?? hostOf(article.sourceUrl);
}

/** What the index holds for one object: its item's fields and its text. */
interface IndexEntry {
  item: ItemFields;
  text: IndexedText;
}

/** The `unspaced` column of search_words for a text: the pairs of all of it written without spaces. */
export function unspacedColumn(text: IndexedText): string {
  return unspacedPairs(`${text.title}\n${text.byline}\n${text.site}\n${text.body}`);
}

/** The columns of search_words (title, byline, site, body, unspaced) for a text. */
function columnsOf(text: IndexedText): string[] {
  return [text.title, text.byline, text.site, text.body, unspacedColumn(text)];
}

/** Writes an object's item and words, replacing what was indexed for it. */
function upsert(db: Db, objectId: string, { item, text }: IndexEntry): void {
  const columns = columnsOf(text);
  const existing = prepared(db, 'SELECT rowid FROM search_item WHERE object_id = ?').get(objectId) as { rowid: number } | undefined;
  let rowid: number;
  if (existing) {
    prepared(db, 'DELETE FROM search_words WHERE rowid = ?').run(existing.rowid);
    removeFromTopLists(db, existing.rowid);
    // The item takes a new rowid, after the last: the postings of frequent words
    // (search-postings.ts) hold what its text was at their build, and they leave the items
    // after it to be read.
    rowid = nextRowid(db, item.kind);
    prepared(db, 'UPDATE search_item SET rowid = ?, kind = ?, article_id = ?, date = ?, host = ?, color = ?, is_claim = ? WHERE rowid = ?').run(
      rowid, item.kind, item.articleId, item.date, item.host, item.color, item.isClaim ? 1 : 0, existing.rowid,
    );
  } else {
    rowid = nextRowid(db, item.kind);
    prepared(db, 'INSERT INTO search_item (rowid, object_id, kind, article_id, date, host, color, is_claim) VALUES (?, ?, ?, ?, ?, ?, ?, ?)').run(
      rowid, objectId, item.kind, item.articleId, item.date, item.host, item.color, item.isClaim ? 1 : 0,
    );
  }
  prepared(db, 'INSERT INTO search_words (rowid, title, byline, site, body, unspaced) VALUES (?, ?, ?, ?, ?, ?)').run(rowid, ...columns);
  addToTopLists(db, rowid, item.kind, item.date, columns);
}

/**
 * The rowid after the last the kind has given out, in its range (store/search-rowids.ts): never
 * one given before, since the postings of frequent words (search-postings.ts) may still hold an
 * item that is gone.
 */
function nextRowid(db: Db, kind: IndexedKind): number {
  const { first, end } = rowidsOf(kind);
  // A kind's last rowid from before the ranges (migration 0016) lies below its range.
  const next = prepared(db,
    `SELECT max(?, coalesce((SELECT max(rowid) FROM search_item WHERE rowid >= ? AND rowid < ?), 0), coalesce((SELECT last FROM search_rowids_given WHERE kind = ?), 0)) + 1`,
    'pluck',
  ).get(first - 1, first, end, kind) as number;
  if (next >= end) throw new Error(`The search index has no rowid left for another ${kind}.`);
  prepared(db, 'INSERT INTO search_rowids_given (kind, last) VALUES (?, ?) ON CONFLICT (kind) DO UPDATE SET last = excluded.last').run(kind, next);
  return next;
}

function indexObject(db: Db, objectId: string, entry: IndexEntry | undefined): void {
  if (entry) upsert(db, objectId, entry);
  else unindexObject(db, objectId);
}

export function unindexObject(db: Db, objectId: string): void {
  prepared(db, 'DELETE FROM search_item WHERE object_id = ?').run(objectId);
}

/** An article as it now reads: its corrected metadata and its newest capture's text. */
function articleEntry(db: Db, articleId: string): IndexEntry | undefined {
  const article = getIndexedArticleFields(db, articleId);
  const text = newestCaptureText(db, articleId);
  if (!article || text === undefined) return undefined;
  const host = articleHost(article);
  return {
    item: { kind: 'article', articleId, date: (article.publishedAt ?? article.clippedAt).slice(0, 10), host, color: null, isClaim: false },
    text: {
      title: article.title,
      byline: [...new Set([...article.authors, article.byline ?? ''])].filter(Boolean).join(', '),
      site: [article.siteName, host].filter(Boolean).join(' '),
      body: text,
    },
  };
}

/** A highlight's quote, restatement and comment; a deleted highlight leaves the index until it is restored. */
function highlightEntry(db: Db, highlightId: string): IndexEntry | undefined {
  const row = prepared(db, 'SELECT h.article_id, h.color, h.is_claim, h.created_at, h.deleted_at, a.url, a.source_url FROM highlight h JOIN article a ON a.id = h.article_id WHERE h.id = ?')
    .get(highlightId) as
    | { article_id: string; color: string; is_claim: number; created_at: string; deleted_at: string | null; url: string | null; source_url: string | null }
    | undefined;
  if (!row || row.deleted_at !== null) return undefined;
  return {
    item: { kind: 'highlight', articleId: row.article_id, date: row.created_at.slice(0, 10), host: articleHost({ url: row.url, sourceUrl: row.source_url }), color: row.color, isClaim: row.is_claim === 1 },
    text: { title: '', byline: '', site: '', body: highlightSearchText(db, highlightId)! },
  };
}

/** A note's title and text. */
function noteEntry(db: Db, noteId: string): IndexEntry | undefined {
  const note = noteTitleAndText(db, noteId);
  if (!note) return undefined;
  return {
    item: { kind: 'note', articleId: null, date: note.createdAt.slice(0, 10), host: null, color: null, isClaim: false },
    text: { title: note.title, byline: '', site: '', body: note.text },
  };
}

export function indexArticle(db: Db, articleId: string): void {
  indexObject(db, articleId, articleEntry(db, articleId));
}

export function indexHighlight(db: Db, highlightId: string): void {
  indexObject(db, highlightId, highlightEntry(db, highlightId));
}

export function indexNote(db: Db, noteId: string): void {
  indexObject(db, noteId, noteEntry(db, noteId));
}

const ENTRY_OF_KIND: Record<IndexedKind, (db: Db, objectId: string) => IndexEntry | undefined> = { article: articleEntry, highlight: highlightEntry, note: noteEntry };

/** The text the index holds for an object now, before it is cut into columns (the parts' walk reads it, store/search-parts.ts). */
export function indexedText(db: Db, objectId: string, kind: IndexedKind): IndexedText | undefined {
  return ENTRY_OF_KIND[kind](db, objectId)?.text;
}

/** The text of each column of search_words that the index holds for an object now (the ranked lists' build reads it). */
export function indexedColumns(db: Db, objectId: string, kind: IndexedKind): string[] | undefined {
  const text = indexedText(db, objectId, kind);
  return text && columnsOf(text);
}

/** Builds the index from the notebook's rows when a migration asked for it; returns whether it did. */
export function rebuildSearchIndexIfNeeded(db: Db): boolean {
  const state = prepared(db, 'SELECT needed FROM search_rebuild').get() as { needed: number } | undefined;
  if (!state || state.needed === 0) return false;
  // Emptied at once: deleting the items one by one would delete their words one by one.
  prepared(db, "INSERT INTO search_words (search_words) VALUES ('delete-all')").run();
  prepared(db, 'DELETE FROM search_item').run();
  // The ranked lists emptied with the items: forgetting their build makes the next one due.
  prepared(db, 'DELETE FROM search_top_list').run();
  prepared(db, 'DELETE FROM search_top_state').run();
  // Nor are any columns packed for rowids that other items are about to take.
  prepared(db, 'DELETE FROM search_item_columns').run();
  // No postings are left to hold an item that is gone: rowids start again from each range's first.
  prepared(db, 'DELETE FROM search_rowids_given').run();
  for (const { id } of prepared(db, 'SELECT id FROM article').all() as Array<{ id: string }>) indexArticle(db, id);
  for (const { id } of prepared(db, 'SELECT id FROM highlight WHERE deleted_at IS NULL').all() as Array<{ id: string }>) indexHighlight(db, id);
  for (const { id } of prepared(db, 'SELECT id FROM note').all() as Array<{ id: string }>) indexNote(db, id);
  prepared(db, 'UPDATE search_rebuild SET needed = 0').run();
  return true;
}
