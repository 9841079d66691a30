/** Highlights, and their placement on each capture of their article. */
import type { Anchor, Selectors } from '../common/anchor';
import type { Highlight, HighlightColor, HighlightPlacement } from '../common/model';
import type { Db } from './database';
import { prepared } from './statements';

/**
 * A highlight with its placement on one capture, read as an array: at 100,000 highlights (an
 * export) SQLite's rows cost a third less as arrays than as objects. The columns, in the order
 * of the array that toHighlight takes apart.
 */
const SELECT_WITH_PLACEMENT = `
  SELECT h.id, h.article_id, h.capture_id, h.exact, h.prefix, h.suffix, h.start_offset, h.end_offset, h.color, h.comment,
    h.is_claim, h.statement, h.created_at, h.updated_at, a.status, a.start_offset, a.end_offset, a.score
  FROM highlight h LEFT JOIN highlight_anchor a ON a.highlight_id = h.id AND a.capture_id = ?`;

type HighlightRow = [
  id: string,
  articleId: string,
  captureId: string,
  exact: string,
  prefix: string,
  suffix: string,
  start: number,
  end: number,
  color: HighlightColor,
  comment: string | null,
  isClaim: number,
  statement: string | null,
  createdAt: string,
  updatedAt: string,
  /** Null when no placement is recorded on the capture. */
  status: HighlightPlacement['status'] | null,
  placedStart: number | null,
  placedEnd: number | null,
  score: number | null,
];

/** Whether the row's highlight has no placement recorded on the capture yet. */
const isUnplaced = ({ 14: status }: HighlightRow) => status === null;

function toHighlight(row: HighlightRow, captureId: string, captureText: string): Highlight {
  const [id, articleId, rowCaptureId, exact, prefix, suffix, start, end, color, comment, isClaim, statement, createdAt, updatedAt, status, placedStart, placedEnd, score] = row;
  const placed = status !== null && status !== 'orphan';
  return {
    id,
    articleId,
    captureId: rowCaptureId,
    quote: { exact, prefix, suffix },
    position: { start, end },
    color,
    comment,
    isClaim: isClaim === 1,
    statement,
    createdAt,
    updatedAt,
    placement: {
      captureId,
      status: status ?? 'orphan',
      start: placed ? placedStart : null,
      end: placed ? placedEnd : null,
      score,
      text: placed ? captureText.slice(placedStart!, placedEnd!) : null,
    },
  };
}

export interface NewHighlight {
  articleId: string;
  captureId: string;
  selectors: Selectors;
  color: HighlightColor;
  comment: string | null;
  isClaim: boolean;
}

export function insertHighlight(db: Db, id: string, fields: NewHighlight, now: string): void {
  const { quote, position } = fields.selectors;
  prepared(db,
    `INSERT INTO highlight (id, article_id, capture_id, exact, prefix, suffix, start_offset, end_offset, color, comment, is_claim, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(id, fields.articleId, fields.captureId, quote.exact, quote.prefix, quote.suffix, position.start, position.end, fields.color, fields.comment, fields.isClaim ? 1 : 0, now, now);
  placeHighlight(db, id, fields.captureId, { status: 'exact', start: position.start, end: position.end });
}

/** Records where a highlight sits on a capture (replacing what was recorded). */
export function placeHighlight(db: Db, highlightId: string, captureId: string, anchor: Anchor): void {
  const placed = anchor.status !== 'orphan';
  prepared(db,
    `INSERT INTO highlight_anchor (highlight_id, capture_id, status, start_offset, end_offset, score) VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT (highlight_id, capture_id) DO UPDATE SET status = excluded.status, start_offset = excluded.start_offset,
       end_offset = excluded.end_offset, score = excluded.score`,
  ).run(highlightId, captureId, anchor.status, placed ? anchor.start : null, placed ? anchor.end : null, anchor.status === 'fuzzy' ? anchor.score : null);
}

/** An article's live highlights on a capture, in reading order: placed by where they sit, then orphans and the unplaced. */
const ARTICLE_HIGHLIGHTS = `${SELECT_WITH_PLACEMENT} WHERE h.article_id = ? AND h.deleted_at IS NULL ORDER BY a.start_offset IS NULL, a.start_offset, h.created_at`;

/** The article's highlights placed on one capture, in the order they appear there (orphans last). */
export function listHighlights(db: Db, articleId: string, captureId: string, captureText: string): Highlight[] {
  const rows = prepared(db, ARTICLE_HIGHLIGHTS, 'raw')
    .all(captureId, articleId) as HighlightRow[];
  return rows.map((row) => toHighlight(row, captureId, captureText));
}

/**
 * listHighlights for many articles in turn (an export), its statement prepared once; also says
 * whether any of the highlights has no placement recorded on the capture yet.
 */
export function highlightLister(db: Db): (articleId: string, captureId: string, captureText: string) => { highlights: Highlight[]; unplaced: boolean } {
  const statement = prepared(db, ARTICLE_HIGHLIGHTS, 'raw');
  return (articleId, captureId, captureText) => {
    const rows = statement.all(captureId, articleId) as HighlightRow[];
    return { highlights: rows.map((row) => toHighlight(row, captureId, captureText)), unplaced: rows.some(isUnplaced) };
  };
}

export function getHighlight(db: Db, id: string, captureId: string, captureText: string): Highlight | undefined {
  const row = prepared(db, SELECT_WITH_PLACEMENT + ' WHERE h.id = ? AND h.deleted_at IS NULL', 'raw').get(captureId, id) as HighlightRow | undefined;
  return row && toHighlight(row, captureId, captureText);
}

/** The article a highlight belongs to; `deleted` also finds one deleted recently (to undo). */
export function highlightArticle(db: Db, id: string, { deleted = false } = {}): string | undefined {
  const row = prepared(db, 'SELECT article_id, deleted_at FROM highlight WHERE id = ?').get(id) as { article_id: string; deleted_at: string | null } | undefined;
  return row && (row.deleted_at === null) !== deleted ? row.article_id : undefined;
}

/**
 * The selectors of an article's highlights, to place them on a capture: all of them, or only
 * those not yet placed on it (a capture older than the highlight, or one restored from deletion).
 */
export function highlightSelectors(db: Db, articleId: string, unplacedOn?: string): Array<{ id: string; selectors: Selectors }> {
  const unplaced = unplacedOn ? ' AND NOT EXISTS (SELECT 1 FROM highlight_anchor a WHERE a.highlight_id = id AND a.capture_id = ?)' : '';
  const rows = prepared(db, `SELECT id, exact, prefix, suffix, start_offset, end_offset FROM highlight WHERE article_id = ? AND deleted_at IS NULL${unplaced}`)
    .all(...(unplacedOn ? [articleId, unplacedOn] : [articleId])) as Array<{
    id: string;
    exact: string;
    prefix: string;
    suffix: string;
    start_offset: number;
    end_offset: number;
  }>;
  return rows.map((row) => ({
    id: row.id,
    selectors: { quote: { exact: row.exact, prefix: row.prefix, suffix: row.suffix }, position: { start: row.start_offset, end: row.end_offset } },
  }));
}

export interface HighlightFieldChanges {
  color?: HighlightColor;
  comment?: string | null;
  isClaim?: boolean;
  statement?: string | null;
}

export function updateHighlightFields(db: Db, id: string, fields: HighlightFieldChanges, now: string): void {
  const current = prepared(db, 'SELECT color, comment, is_claim, statement FROM highlight WHERE id = ?').get(id) as {
    color: string;
    comment: string | null;
    is_claim: number;
    statement: string | null;
  };
  prepared(db, 'UPDATE highlight SET color = ?, comment = ?, is_claim = ?, statement = ?, updated_at = ? WHERE id = ?').run(
    fields.color ?? current.color,
    fields.comment === undefined ? current.comment : fields.comment,
    fields.isClaim === undefined ? current.is_claim : fields.isClaim ? 1 : 0,
    fields.statement === undefined ? current.statement : fields.statement,
    now,
    id,
  );
}

/** A new extent: the highlight is re-described on the capture where the user selected it. */
export function rebaseHighlight(db: Db, id: string, captureId: string, selectors: Selectors, now: string): void {
  const { quote, position } = selectors;
  prepared(db, 'UPDATE highlight SET capture_id = ?, exact = ?, prefix = ?, suffix = ?, start_offset = ?, end_offset = ?, updated_at = ? WHERE id = ?').run(
    captureId, quote.exact, quote.prefix, quote.suffix, position.start, position.end, now, id,
  );
  prepared(db, 'DELETE FROM highlight_anchor WHERE highlight_id = ?').run(id);
  placeHighlight(db, id, captureId, { status: 'exact', start: position.start, end: position.end });
}

/** Hidden at once, removed for good later (purgeDeletedHighlights), so the reader can undo. */
export function deleteHighlight(db: Db, id: string, now: string): void {
  prepared(db, 'UPDATE highlight SET deleted_at = ? WHERE id = ?').run(now, id);
}

export function restoreHighlight(db: Db, id: string): void {
  prepared(db, 'UPDATE highlight SET deleted_at = NULL WHERE id = ?').run(id);
}

/**
 * Removes the highlights deleted before `before`, with their placements and object rows. A
 * deleted highlight that a link or a note refers to is kept, hidden, so they can still show
 * its quote.
 */
export function purgeDeletedHighlights(db: Db, before: string): number {
  const ids = prepared(db,
      `SELECT id FROM highlight h WHERE deleted_at < ?
         AND NOT EXISTS (SELECT 1 FROM link WHERE from_id = h.id) AND NOT EXISTS (SELECT 1 FROM link WHERE to_id = h.id)
         AND NOT EXISTS (SELECT 1 FROM note_ref WHERE target_id = h.id)`, 'pluck')
    .all(before) as string[];
  const removeHighlight = prepared(db, 'DELETE FROM highlight WHERE id = ?');
  const removeObject = prepared(db, 'DELETE FROM object WHERE id = ?');
  for (const id of ids) {
    removeHighlight.run(id);
    removeObject.run(id);
  }
  return ids.length;
}

/** What search shows of a highlight: its quote, the claim's restatement, and the comment. */
export function highlightSearchText(db: Db, id: string): string | undefined {
  const row = prepared(db, 'SELECT exact, statement, comment FROM highlight WHERE id = ?').get(id) as
    | { exact: string; statement: string | null; comment: string | null }
    | undefined;
  return row && [row.exact, row.statement, row.comment].filter(Boolean).join('\n');
}
