/** The article table: one row per clipped source, with the user's corrections kept apart. */
import type { ArticleSort, ArticleSummary, CorrectableField, Corrections, ReadingState, TextDirection } from '../common/model';
import { correctableFields, readingMinutes } from '../common/model';
import type { Db } from './database';
import { articlesOfSite } from './site-match';
import { prepared } from './statements';

/** What extraction says about an article; re-clips refresh these, never the corrections. */
export interface ExtractedFields {
  url: string | null;
  sourceUrl: string | null;
  title: string;
  byline: string | null;
  authors: string[];
  siteName: string | null;
  publishedAt: string | null;
  modifiedAt: string | null;
  lang: string | null;
  dir: TextDirection | null;
  excerpt: string | null;
  doi: string | null;
  journal: string | null;
  publisher: string | null;
  pdfUrl: string | null;
}

interface ArticleRow {
  id: string;
  url: string | null;
  source_url: string | null;
  title: string;
  byline: string | null;
  authors: string;
  site_name: string | null;
  published_at: string | null;
  modified_at: string | null;
  lang: string | null;
  dir: TextDirection | null;
  excerpt: string | null;
  doi: string | null;
  journal: string | null;
  publisher: string | null;
  pdf_url: string | null;
  clipped_at: string;
  last_checked_at: string | null;
  corrections: string;
  reading_state: ReadingState;
  trashed_at: string | null;
  word_count: number;
  capture_count: number;
  tags: string;
}

const SELECT_SUMMARY = `
  SELECT a.*,
         (SELECT c.word_count FROM capture c WHERE c.article_id = a.id
           ORDER BY c.captured_at DESC, c.rowid DESC LIMIT 1) AS word_count,
         (SELECT count(*) FROM capture c WHERE c.article_id = a.id) AS capture_count,
         (SELECT json_group_array(t.name) FROM (SELECT t.name FROM article_tag x JOIN tag t ON t.id = x.tag_id
           WHERE x.article_id = a.id ORDER BY t.name COLLATE NOCASE) t) AS tags
  FROM article a`;

type DescribingRow = Pick<ArticleRow, 'url' | 'source_url' | 'title' | 'byline' | 'authors' | 'published_at' | 'site_name'>;

/** Where the article is from and who wrote it, as the reader sees it: each correction, else what extraction found. */
function describingFields(row: DescribingRow, corrections: Corrections) {
  const effective = { title: row.title, authors: JSON.parse(row.authors) as string[], publishedAt: row.published_at, siteName: row.site_name, ...corrections };
  return {
    url: row.url,
    sourceUrl: row.source_url,
    title: effective.title,
    byline: row.byline,
    authors: effective.authors,
    siteName: effective.siteName ?? null,
    publishedAt: effective.publishedAt ?? null,
  };
}

function toSummary(row: ArticleRow): ArticleSummary {
  const corrections = JSON.parse(row.corrections) as Corrections;
  return {
    id: row.id,
    ...describingFields(row, corrections),
    modifiedAt: row.modified_at,
    lang: row.lang,
    dir: row.dir,
    excerpt: row.excerpt,
    doi: row.doi,
    journal: row.journal,
    publisher: row.publisher,
    pdfUrl: row.pdf_url,
    wordCount: row.word_count ?? 0,
    readingMinutes: readingMinutes(row.word_count ?? 0),
    clippedAt: row.clipped_at,
    lastCheckedAt: row.last_checked_at,
    tags: JSON.parse(row.tags) as string[],
    readingState: row.reading_state,
    trashedAt: row.trashed_at,
    captureCount: row.capture_count,
    correctedFields: correctableFields.filter((field) => field in corrections) as CorrectableField[],
  };
}

/** The extracted fields in the column order of the INSERT and UPDATE below. */
function extractedValues(f: ExtractedFields): unknown[] {
  return [f.url, f.sourceUrl, f.title, f.byline, JSON.stringify(f.authors), f.siteName, f.publishedAt, f.modifiedAt, f.lang, f.dir, f.excerpt, f.doi, f.journal, f.publisher, f.pdfUrl];
}

export function insertArticle(db: Db, id: string, fields: ExtractedFields, clippedAt: string): void {
  prepared(db,
    `INSERT INTO article (id, url, source_url, title, byline, authors, site_name, published_at, modified_at,
                          lang, dir, excerpt, doi, journal, publisher, pdf_url, clipped_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(id, ...extractedValues(fields), clippedAt);
}

/** A re-clip refreshes what the page says; the user's corrections are a separate column. */
export function updateExtractedFields(db: Db, id: string, fields: ExtractedFields): void {
  prepared(db,
    `UPDATE article SET url = ?, source_url = ?, title = ?, byline = ?, authors = ?, site_name = ?, published_at = ?,
                        modified_at = ?, lang = ?, dir = ?, excerpt = ?, doi = ?, journal = ?, publisher = ?, pdf_url = ?
     WHERE id = ?`,
  ).run(...extractedValues(fields), id);
}

/** What the search index reads of an article: its metadata as the reader sees it. */
export type IndexedArticleFields = Pick<ArticleSummary, 'url' | 'sourceUrl' | 'title' | 'byline' | 'authors' | 'siteName' | 'publishedAt' | 'clippedAt'>;

/**
 * An article's fields that the search index holds, without the counts and tags of a summary: the
 * ranked lists' walks (store/search-parts.ts) read many articles per search, and the summary's
 * lookups were half of each read at 100,000 articles.
 */
export function getIndexedArticleFields(db: Db, id: string): IndexedArticleFields | undefined {
  const row = prepared(db, 'SELECT url, source_url, title, byline, authors, site_name, published_at, clipped_at, corrections FROM article WHERE id = ?').get(id) as
    | (DescribingRow & Pick<ArticleRow, 'clipped_at' | 'corrections'>)
    | undefined;
  return row && { ...describingFields(row, JSON.parse(row.corrections) as Corrections), clippedAt: row.clipped_at };
}

/** The title the reader sees (the user's correction, else what extraction found), and no more. */
export function articleTitle(db: Db, id: string): string | undefined {
  return prepared(db, "SELECT coalesce(json_extract(corrections, '$.title'), title) FROM article WHERE id = ?", 'pluck').get(id) as string | undefined;
}

export function getArticleSummary(db: Db, id: string): ArticleSummary | undefined {
  const row = prepared(db, SELECT_SUMMARY + ' WHERE a.id = ?').get(id) as ArticleRow | undefined;
  return row && toSummary(row);
}

/** Which articles the library shows. */
export interface ArticleFilter {
  state?: ReadingState;
  trashed: boolean;
  tag?: string;
  /** A host (example.org also matches news.example.org) or a site's name. */
  site?: string;
  hasHighlights?: boolean;
  hasClaims?: boolean;
}

/** The ORDER BY of each sort: the expressions the 0006 indexes are built on, then newest clip first. */
const ORDER_BY: Record<ArticleSort, string> = {
  clipped: 'a.clipped_at DESC, a.rowid DESC',
  published: "coalesce(json_extract(a.corrections, '$.publishedAt'), a.published_at) IS NULL, coalesce(json_extract(a.corrections, '$.publishedAt'), a.published_at) DESC, a.clipped_at DESC",
  title: "coalesce(json_extract(a.corrections, '$.title'), a.title) COLLATE NOCASE, a.clipped_at DESC",
  site: "lower(coalesce(json_extract(a.corrections, '$.siteName'), a.site_name)) IS NULL, lower(coalesce(json_extract(a.corrections, '$.siteName'), a.site_name)), a.clipped_at DESC",
};

/**
 * The filter as SQL. For a page (`forPage`), the trash test is written so that no index answers
 * it: the page then reads its sort's index in order and stops at its limit. Given the trash
 * test's index (migration 0008, for counts), SQLite read every live article and sorted them:
 * 350 ms for the library's first page at 100,000 articles, against 0.1 ms.
 */
function whereOf(filter: ArticleFilter, { forPage = false } = {}): { sql: string; params: unknown[] } {
  const conditions = [forPage ? '(+a.trashed_at IS NOT NULL) = ?' : '(a.trashed_at IS NOT NULL) = ?'];
  const params: unknown[] = [filter.trashed ? 1 : 0];
  if (filter.state) {
    conditions.push('a.reading_state = ?');
    params.push(filter.state);
  }
  if (filter.tag !== undefined) {
    conditions.push('a.id IN (SELECT x.article_id FROM article_tag x JOIN tag t ON t.id = x.tag_id WHERE t.name = ?)');
    params.push(filter.tag);
  }
  if (filter.site !== undefined) {
    // The host lives in the search index's item for the article (see store/search-index.ts).
    const site = articlesOfSite(filter.site);
    conditions.push(`a.id IN (${site.sql})`);
    params.push(...site.params);
  }
  if (filter.hasHighlights !== undefined) {
    conditions.push(`${filter.hasHighlights ? '' : 'NOT '}EXISTS (SELECT 1 FROM highlight h WHERE h.article_id = a.id AND h.deleted_at IS NULL)`);
  }
  if (filter.hasClaims !== undefined) {
    // Left to choose, SQLite takes the index of live highlights and reads each one's row.
    conditions.push(`${filter.hasClaims ? '' : 'NOT '}EXISTS (SELECT 1 FROM highlight h INDEXED BY highlight_claims WHERE h.article_id = a.id AND h.is_claim = 1 AND h.deleted_at IS NULL)`);
  }
  return { sql: conditions.join(' AND '), params };
}

/**
 * A page of the library: `limit` articles from `offset`, in the sort's order. The page's ids
 * are chosen first, by the order's index and the filter alone; the summary's subqueries (word
 * count, captures, tags) then run for those rows only, not for every row sorted or skipped
 * (which made a page deep in a sorted library of 10,000 take 250 ms instead of 10).
 */
export interface ArticlePage {
  sort?: ArticleSort;
  offset?: number;
  limit?: number;
}

/** The SQL of a page of article ids: its plan is tested. */
export function articlePageQuery(filter: ArticleFilter, page: ArticlePage): { sql: string; params: unknown[] } {
  const where = whereOf(filter, { forPage: true });
  return { sql: `SELECT a.id FROM article a WHERE ${where.sql} ORDER BY ${ORDER_BY[page.sort ?? 'clipped']} LIMIT ? OFFSET ?`, params: [...where.params, page.limit ?? -1, page.offset ?? 0] };
}

export function listArticleSummaries(db: Db, filter: ArticleFilter = { trashed: false }, page: ArticlePage = {}): ArticleSummary[] {
  const ids = articlePageQuery(filter, page);
  const rows = prepared(db, `${SELECT_SUMMARY} WHERE a.id IN (${ids.sql}) ORDER BY ${ORDER_BY[page.sort ?? 'clipped']}`).all(...ids.params) as ArticleRow[];
  return rows.map(toSummary);
}

export function countArticles(db: Db, filter: ArticleFilter): number {
  const where = whereOf(filter);
  return (prepared(db, `SELECT count(*) AS n FROM article a WHERE ${where.sql}`).get(...where.params) as { n: number }).n;
}

export function getCorrections(db: Db, id: string): Corrections {
  const row = prepared(db, 'SELECT corrections FROM article WHERE id = ?').get(id) as { corrections: string } | undefined;
  return row ? (JSON.parse(row.corrections) as Corrections) : {};
}

export function setCorrections(db: Db, id: string, corrections: Corrections): void {
  prepared(db, 'UPDATE article SET corrections = ? WHERE id = ?').run(JSON.stringify(corrections), id);
}

export function setReadingState(db: Db, id: string, state: ReadingState): void {
  prepared(db, 'UPDATE article SET reading_state = ? WHERE id = ?').run(state, id);
}

export function setTrashedAt(db: Db, id: string, trashedAt: string | null): void {
  prepared(db, 'UPDATE article SET trashed_at = ? WHERE id = ?').run(trashedAt, id);
}

export function setLastCheckedAt(db: Db, id: string, checkedAt: string): void {
  prepared(db, 'UPDATE article SET last_checked_at = ? WHERE id = ?').run(checkedAt, id);
}

export function setClippedAt(db: Db, id: string, clippedAt: string): void {
  prepared(db, 'UPDATE article SET clipped_at = ? WHERE id = ?').run(clippedAt, id);
}

/** Registers addresses the article is known by; an address already taken keeps its article. */
export function addArticleUrls(db: Db, id: string, urls: Array<string | null>): void {
  const insert = prepared(db, 'INSERT OR IGNORE INTO article_url (url, article_id) VALUES (?, ?)');
  for (const url of new Set(urls)) if (url) insert.run(url, id);
}

export function findArticleByUrls(db: Db, urls: Array<string | null>): string | undefined {
  const find = prepared(db, 'SELECT article_id FROM article_url WHERE url = ?');
  for (const url of urls) {
    const row = url ? (find.get(url) as { article_id: string } | undefined) : undefined;
    if (row) return row.article_id;
  }
  return undefined;
}

/** Deletes trashed articles with everything that belongs to them; returns how many. */
export function deleteTrashedArticles(db: Db): number {
  const ids = (prepared(db, 'SELECT id FROM article WHERE trashed_at IS NOT NULL').all() as Array<{ id: string }>).map((row) => row.id);
  // Links go with either of their highlights (a foreign-key cascade); their object rows go here.
  const ownedIds = prepared(db,
    `SELECT id FROM highlight WHERE article_id = ? UNION ALL SELECT id FROM capture WHERE article_id = ?
     UNION SELECT l.id FROM link l JOIN highlight h ON h.id = l.from_id OR h.id = l.to_id WHERE h.article_id = ?`,
  );
  const deleteHighlights = prepared(db, 'DELETE FROM highlight WHERE article_id = ?');
  const deleteCaptures = prepared(db, 'DELETE FROM capture WHERE article_id = ?');
  const deleteArticle = prepared(db, 'DELETE FROM article WHERE id = ?');
  const deleteObjects = prepared(db, 'DELETE FROM object WHERE id IN (SELECT value FROM json_each(?))');
  for (const id of ids) {
    const owned = (ownedIds.all(id, id, id) as Array<{ id: string }>).map((row) => row.id);
    deleteHighlights.run(id);
    deleteCaptures.run(id);
    deleteArticle.run(id);
    deleteObjects.run(JSON.stringify([id, ...owned]));
  }
  return ids.length;
}
