/** The article table: one row per clipped source. */
import type { ArticleSummary, TextDirection } from '../common/model';
import { readingMinutes } from '../common/model';
import type { Db } from './database';

export interface ArticleFields {
  url: string | null;
  sourceUrl: string | null;
  title: string;
  byline: string | null;
  authors: string[];
  siteName: string | null;
  publishedAt: string | null;
  lang: string | null;
  dir: TextDirection | null;
  excerpt: string | null;
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
  lang: string | null;
  dir: TextDirection | null;
  excerpt: string | null;
  clipped_at: string;
  word_count: number;
}

/** Columns of an article with the word count of its newest capture. */
const SELECT_SUMMARY = `
  SELECT a.id, a.url, a.source_url, a.title, a.byline, a.authors, a.site_name, a.published_at,
         a.lang, a.dir, a.excerpt, a.clipped_at,
         (SELECT c.word_count FROM capture c WHERE c.article_id = a.id
           ORDER BY c.captured_at DESC, c.rowid DESC LIMIT 1) AS word_count
  FROM article a`;

function toSummary(row: ArticleRow): ArticleSummary {
  return {
    id: row.id,
    url: row.url,
    sourceUrl: row.source_url,
    title: row.title,
    byline: row.byline,
    authors: JSON.parse(row.authors) as string[],
    siteName: row.site_name,
    publishedAt: row.published_at,
    lang: row.lang,
    dir: row.dir,
    excerpt: row.excerpt,
    wordCount: row.word_count,
    readingMinutes: readingMinutes(row.word_count),
    clippedAt: row.clipped_at,
  };
}

export function insertArticle(db: Db, id: string, fields: ArticleFields, clippedAt: string): void {
  db.prepare(
    `INSERT INTO article (id, url, source_url, title, byline, authors, site_name, published_at, lang, dir, excerpt, clipped_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(
    id,
    fields.url,
    fields.sourceUrl,
    fields.title,
    fields.byline,
    JSON.stringify(fields.authors),
    fields.siteName,
    fields.publishedAt,
    fields.lang,
    fields.dir,
    fields.excerpt,
    clippedAt,
  );
}

export function getArticleSummary(db: Db, id: string): ArticleSummary | undefined {
  const row = db.prepare(`${SELECT_SUMMARY} WHERE a.id = ?`).get(id) as ArticleRow | undefined;
  return row && toSummary(row);
}

export function listArticleSummaries(db: Db): ArticleSummary[] {
  const rows = db.prepare(`${SELECT_SUMMARY} ORDER BY a.clipped_at DESC, a.rowid DESC`).all() as ArticleRow[];
  return rows.map(toSummary);
}
