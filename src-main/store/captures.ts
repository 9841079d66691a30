/** The capture table: immutable snapshots of an article. Rows are inserted, never updated. */
import type { DocNode } from '../common/model';
import type { Db } from './database';

export interface CaptureFields {
  articleId: string;
  fetchedUrl: string | null;
  html: string;
  doc: DocNode;
  text: string;
  wordCount: number;
  contentHash: string;
  capturedAt: string;
}

export interface Capture extends CaptureFields {
  id: string;
}

interface CaptureRow {
  id: string;
  article_id: string;
  fetched_url: string | null;
  html: string;
  doc: string;
  text: string;
  word_count: number;
  content_hash: string;
  captured_at: string;
}

function toCapture(row: CaptureRow): Capture {
  return {
    id: row.id,
    articleId: row.article_id,
    fetchedUrl: row.fetched_url,
    html: row.html,
    doc: JSON.parse(row.doc) as DocNode,
    text: row.text,
    wordCount: row.word_count,
    contentHash: row.content_hash,
    capturedAt: row.captured_at,
  };
}

export function insertCapture(db: Db, id: string, fields: CaptureFields): void {
  db.prepare(
    `INSERT INTO capture (id, article_id, fetched_url, html, doc, text, word_count, content_hash, captured_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(
    id,
    fields.articleId,
    fields.fetchedUrl,
    fields.html,
    JSON.stringify(fields.doc),
    fields.text,
    fields.wordCount,
    fields.contentHash,
    fields.capturedAt,
  );
}

export function newestCapture(db: Db, articleId: string): Capture | undefined {
  const row = db
    .prepare('SELECT * FROM capture WHERE article_id = ? ORDER BY captured_at DESC, rowid DESC LIMIT 1')
    .get(articleId) as CaptureRow | undefined;
  return row && toCapture(row);
}
