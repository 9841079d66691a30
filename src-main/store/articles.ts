/** The article table: one row per clipped source, with the user's corrections kept apart. */
import type { ArticleSummary, CorrectableField, Corrections, ReadingState, TextDirection } from '../common/model';
import { correctableFields, readingMinutes } from '../common/model';
import type { Db } from './database';

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

function toSummary(row: ArticleRow): ArticleSummary {
  const corrections = JSON.parse(row.corrections) as Corrections;
  const extracted = {
    title: row.title,
    authors: JSON.parse(row.authors) as string[],
    publishedAt: row.published_at,
    siteName: row.site_name,
  };
  const effective = { ...extracted, ...corrections };
  return {
    id: row.id,
    url: row.url,
    sourceUrl: row.source_url,
    title: effective.title,
    byline: row.byline,
    authors: effective.authors,
    siteName: effective.siteName ?? null,
    publishedAt: effective.publishedAt ?? null,
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
  db.prepare(
    `INSERT INTO article (id, url, source_url, title, byline, authors, site_name, published_at, modified_at,
                          lang, dir, excerpt, doi, journal, publisher, pdf_url, clipped_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(id, ...extractedValues(fields), clippedAt);
}

/** A re-clip refreshes what the page says; the user's corrections are a separate column. */
export function updateExtractedFields(db: Db, id: string, fields: ExtractedFields): void {
  db.prepare(
    `UPDATE article SET url = ?, source_url = ?, title = ?, byline = ?, authors = ?, site_name = ?, published_at = ?,
                        modified_at = ?, lang = ?, dir = ?, excerpt = ?, doi = ?, journal = ?, publisher = ?, pdf_url = ?
     WHERE id = ?`,
  ).run(...extractedValues(fields), id);
}

export function getArticleSummary(db: Db, id: string): ArticleSummary | undefined {
  const row = db.prepare(SELECT_SUMMARY + ' WHERE a.id = ?').get(id) as ArticleRow | undefined;
  return row && toSummary(row);
}

export interface ArticleFilter {
  state?: ReadingState;
  trashed: boolean;
}

export function listArticleSummaries(db: Db, filter: ArticleFilter = { trashed: false }): ArticleSummary[] {
  const rows = db
    .prepare(
      SELECT_SUMMARY +
        ` WHERE (a.trashed_at IS NOT NULL) = ? AND (? IS NULL OR a.reading_state = ?)
          ORDER BY a.clipped_at DESC, a.rowid DESC`,
    )
    .all(filter.trashed ? 1 : 0, filter.state ?? null, filter.state ?? null) as ArticleRow[];
  return rows.map(toSummary);
}

export function getCorrections(db: Db, id: string): Corrections {
  const row = db.prepare('SELECT corrections FROM article WHERE id = ?').get(id) as { corrections: string } | undefined;
  return row ? (JSON.parse(row.corrections) as Corrections) : {};
}

export function setCorrections(db: Db, id: string, corrections: Corrections): void {
  db.prepare('UPDATE article SET corrections = ? WHERE id = ?').run(JSON.stringify(corrections), id);
}

export function setReadingState(db: Db, id: string, state: ReadingState): void {
  db.prepare('UPDATE article SET reading_state = ? WHERE id = ?').run(state, id);
}

export function setTrashedAt(db: Db, id: string, trashedAt: string | null): void {
  db.prepare('UPDATE article SET trashed_at = ? WHERE id = ?').run(trashedAt, id);
}

export function setLastCheckedAt(db: Db, id: string, checkedAt: string): void {
  db.prepare('UPDATE article SET last_checked_at = ? WHERE id = ?').run(checkedAt, id);
}

export function setClippedAt(db: Db, id: string, clippedAt: string): void {
  db.prepare('UPDATE article SET clipped_at = ? WHERE id = ?').run(clippedAt, id);
}

/** Registers addresses the article is known by; an address already taken keeps its article. */
export function addArticleUrls(db: Db, id: string, urls: Array<string | null>): void {
  const insert = db.prepare('INSERT OR IGNORE INTO article_url (url, article_id) VALUES (?, ?)');
  for (const url of new Set(urls)) if (url) insert.run(url, id);
}

export function findArticleByUrls(db: Db, urls: Array<string | null>): string | undefined {
  const find = db.prepare('SELECT article_id FROM article_url WHERE url = ?');
  for (const url of urls) {
    const row = url ? (find.get(url) as { article_id: string } | undefined) : undefined;
    if (row) return row.article_id;
  }
  return undefined;
}

/** Deletes trashed articles with everything that belongs to them; returns how many. */
export function deleteTrashedArticles(db: Db): number {
  const ids = (db.prepare('SELECT id FROM article WHERE trashed_at IS NOT NULL').all() as Array<{ id: string }>).map((row) => row.id);
  const ownedIds = db.prepare('SELECT id FROM highlight WHERE article_id = ? UNION ALL SELECT id FROM capture WHERE article_id = ?');
  const deleteHighlights = db.prepare('DELETE FROM highlight WHERE article_id = ?');
  const deleteCaptures = db.prepare('DELETE FROM capture WHERE article_id = ?');
  const deleteArticle = db.prepare('DELETE FROM article WHERE id = ?');
  const deleteObjects = db.prepare('DELETE FROM object WHERE id IN (SELECT value FROM json_each(?))');
  for (const id of ids) {
    const owned = (ownedIds.all(id, id) as Array<{ id: string }>).map((row) => row.id);
    deleteHighlights.run(id);
    deleteCaptures.run(id);
    deleteArticle.run(id);
    deleteObjects.run(JSON.stringify([id, ...owned]));
  }
  return ids.length;
}
