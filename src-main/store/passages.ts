/** Highlights as the other side of a link, a claim list or a graph node sees them. */
import type { HighlightColor, Passage } from '../common/model';
import type { Db } from './database';
import { prepared } from './statements';

export interface PassageRow {
  id: string;
  article_id: string;
  article_title: string;
  site_name: string | null;
  exact: string;
  color: HighlightColor;
  is_claim: number;
  statement: string | null;
  deleted_at: string | null;
}

/** The columns toPassage reads, from `highlight h JOIN article a`. */
export const PASSAGE_COLUMNS = `h.id, h.article_id, coalesce(json_extract(a.corrections, '$.title'), a.title) AS article_title,
  coalesce(json_extract(a.corrections, '$.siteName'), a.site_name) AS site_name, h.exact, h.color, h.is_claim, h.statement, h.deleted_at`;

export function toPassage(row: PassageRow): Passage {
  return {
    id: row.id,
    articleId: row.article_id,
    articleTitle: row.article_title,
    siteName: row.site_name,
    quote: row.exact,
    color: row.color,
    isClaim: row.is_claim === 1,
    statement: row.statement,
    deleted: row.deleted_at !== null,
  };
}

/** Passages by id (deleted ones included: they are shown as deleted). */
export function getPassages(db: Db, ids: string[]): Map<string, Passage> {
  if (ids.length === 0) return new Map();
  const rows = prepared(db, `SELECT ${PASSAGE_COLUMNS} FROM highlight h JOIN article a ON a.id = h.article_id WHERE h.id IN (SELECT value FROM json_each(?))`)
    .all(JSON.stringify([...new Set(ids)])) as PassageRow[];
  return new Map(rows.map((row) => [row.id, toPassage(row)]));
}
