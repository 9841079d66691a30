/** Links between passages: "from supports to", with a rationale. */
import type { Link, LinkRelation } from '../common/model';
import { symmetricRelations } from '../common/model';
import type { Db } from './database';
import { getPassages } from './passages';
import { prepared } from './statements';

interface LinkRow {
  id: string;
  from_id: string;
  to_id: string;
  relation: LinkRelation;
  rationale: string | null;
  created_at: string;
  updated_at: string;
}

export interface LinkFields {
  fromId: string;
  toId: string;
  relation: LinkRelation;
  rationale: string | null;
}

export function insertLink(db: Db, id: string, fields: LinkFields, now: string): void {
  prepared(db, 'INSERT INTO link (id, from_id, to_id, relation, rationale, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)').run(
    id, fields.fromId, fields.toId, fields.relation, fields.rationale, now, now,
  );
}

export function updateLinkFields(db: Db, id: string, fields: { relation: LinkRelation; rationale: string | null }, now: string): void {
  prepared(db, 'UPDATE link SET relation = ?, rationale = ?, updated_at = ? WHERE id = ?').run(fields.relation, fields.rationale, now, id);
}

export function deleteLinkRow(db: Db, id: string): void {
  prepared(db, 'DELETE FROM link WHERE id = ?').run(id);
  prepared(db, 'DELETE FROM object WHERE id = ?').run(id);
}

/** The link that already joins these passages by this relation (either way round for a symmetric one). */
export function existingLink(db: Db, fromId: string, toId: string, relation: LinkRelation, except?: string): string | undefined {
  const either = symmetricRelations.includes(relation);
  return prepared(db,
      `SELECT id FROM link WHERE relation = ? AND id IS NOT ? AND ((from_id = ? AND to_id = ?)${either ? ' OR (from_id = ? AND to_id = ?)' : ''})`, 'pluck')
    .get(relation, except ?? null, fromId, toId, ...(either ? [toId, fromId] : [])) as string | undefined;
}

function toLinks(db: Db, rows: LinkRow[]): Link[] {
  const passages = getPassages(db, rows.flatMap((row) => [row.from_id, row.to_id]));
  return rows.map((row) => ({
    id: row.id,
    relation: row.relation,
    rationale: row.rationale,
    from: passages.get(row.from_id)!,
    to: passages.get(row.to_id)!,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  }));
}

export function getLink(db: Db, id: string): Link | undefined {
  const row = prepared(db, 'SELECT * FROM link WHERE id = ?').get(id) as LinkRow | undefined;
  return row && toLinks(db, [row])[0];
}

/** A passage's links: where it is `from`, and where it is `to`, oldest first. */
export function linksOf(db: Db, highlightId: string): { outgoing: Link[]; incoming: Link[] } {
  const outgoing = prepared(db, 'SELECT * FROM link WHERE from_id = ? ORDER BY created_at, id').all(highlightId) as LinkRow[];
  const incoming = prepared(db, 'SELECT * FROM link WHERE to_id = ? ORDER BY created_at, id').all(highlightId) as LinkRow[];
  return { outgoing: toLinks(db, outgoing), incoming: toLinks(db, incoming) };
}

/** Whether any link has this highlight on either side. */
export function isLinked(db: Db, highlightId: string): boolean {
  return prepared(db, 'SELECT 1 FROM link WHERE from_id = ? UNION ALL SELECT 1 FROM link WHERE to_id = ? LIMIT 1').get(highlightId, highlightId) !== undefined;
}

/** The ids of the link objects that go with these highlights when they are removed for good. */
export function linkIdsOfHighlights(db: Db, highlightIds: string[]): string[] {
  const json = JSON.stringify(highlightIds);
  return prepared(db, 'SELECT id FROM link WHERE from_id IN (SELECT value FROM json_each(?)) UNION SELECT id FROM link WHERE to_id IN (SELECT value FROM json_each(?))', 'pluck')
    .all(json, json) as string[];
}

/** Every link with either side among `highlightIds`, with both passages, read in two statements. */
export function linksTouching(db: Db, highlightIds: Set<string>): Link[] {
  const rows = (prepared(db, 'SELECT * FROM link ORDER BY created_at, id').all() as LinkRow[]).filter((row) => highlightIds.has(row.from_id) || highlightIds.has(row.to_id));
  return toLinks(db, rows);
}
