/** Notes, and what each one references (note_ref, rewritten from the document on every save). */
import type { DocNode, Note, NoteReference, NoteSummary } from '../common/model';
import type { ReferencedTarget } from '../common/note-doc';
import type { Db } from './database';
import { prepared } from './statements';

interface NoteRow {
  id: string;
  title: string;
  doc: string;
  text: string;
  created_at: string;
  updated_at: string;
}

const EXCERPT_LENGTH = 160;

function toSummary(row: Pick<NoteRow, 'id' | 'title' | 'text' | 'created_at' | 'updated_at'>): NoteSummary {
  const excerpt = row.text.replace(/\s+/g, ' ').trim();
  return {
    id: row.id,
    title: row.title,
    excerpt: excerpt.length > EXCERPT_LENGTH ? `${excerpt.slice(0, EXCERPT_LENGTH - 1)}…` : excerpt,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export interface NoteContent {
  title: string;
  doc: DocNode;
  text: string;
  references: Array<ReferencedTarget & { articleId: string | null }>;
}

export function insertNote(db: Db, id: string, content: NoteContent, now: string): void {
  prepared(db, 'INSERT INTO note (id, title, doc, text, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)').run(id, content.title, JSON.stringify(content.doc), content.text, now, now);
  writeReferences(db, id, content.references);
}

export function updateNote(db: Db, id: string, content: NoteContent, now: string): void {
  prepared(db, 'UPDATE note SET title = ?, doc = ?, text = ?, updated_at = ? WHERE id = ?').run(content.title, JSON.stringify(content.doc), content.text, now, id);
  writeReferences(db, id, content.references);
}

function writeReferences(db: Db, noteId: string, references: NoteContent['references']): void {
  prepared(db, 'DELETE FROM note_ref WHERE note_id = ?').run(noteId);
  const insert = prepared(db, 'INSERT INTO note_ref (note_id, target_id, target_kind, article_id, label) VALUES (?, ?, ?, ?, ?)');
  for (const reference of references) insert.run(noteId, reference.targetId, reference.kind, reference.articleId, reference.label);
}

export function deleteNoteRow(db: Db, id: string): void {
  prepared(db, 'DELETE FROM note WHERE id = ?').run(id);
  prepared(db, 'DELETE FROM object WHERE id = ?').run(id);
}

export function noteExists(db: Db, id: string): boolean {
  return prepared(db, 'SELECT 1 FROM note WHERE id = ?').get(id) !== undefined;
}

export function getNote(db: Db, id: string): Note | undefined {
  const row = prepared(db, 'SELECT * FROM note WHERE id = ?').get(id) as NoteRow | undefined;
  if (!row) return undefined;
  return { ...toSummary(row), doc: JSON.parse(row.doc) as DocNode, text: row.text, references: noteReferenceList(db, id) };
}

interface ReferenceRow {
  target_id: string;
  target_kind: NoteReference['kind'];
  article_id: string | null;
  label: string;
  missing: number;
}

/** The columns toReference reads, from `note_ref r`. */
const REFERENCE_COLUMNS = `r.target_id, r.target_kind, r.article_id, r.label,
  CASE r.target_kind
    WHEN 'highlight' THEN NOT EXISTS (SELECT 1 FROM highlight h WHERE h.id = r.target_id AND h.deleted_at IS NULL)
    WHEN 'article' THEN NOT EXISTS (SELECT 1 FROM article a WHERE a.id = r.target_id)
    ELSE NOT EXISTS (SELECT 1 FROM note n WHERE n.id = r.target_id)
  END AS missing`;

function toReference(row: ReferenceRow): NoteReference {
  return { targetId: row.target_id, kind: row.target_kind, label: row.label, articleId: row.article_id, missing: row.missing === 1 };
}

/** A note's references, each saying whether its target is still there. */
function noteReferenceList(db: Db, noteId: string): NoteReference[] {
  const rows = prepared(db, `SELECT ${REFERENCE_COLUMNS} FROM note_ref r WHERE r.note_id = ? ORDER BY r.rowid`).all(noteId) as ReferenceRow[];
  return rows.map(toReference);
}

/** A note's document with what names and dates it, for an export. */
export type NoteDocument = Pick<Note, 'id' | 'title' | 'doc' | 'createdAt' | 'updatedAt'>;

/** Every note's document, most recently changed first. */
export function listNoteDocuments(db: Db): NoteDocument[] {
  const rows = prepared(db, 'SELECT id, title, doc, created_at, updated_at FROM note ORDER BY updated_at DESC, id DESC', 'raw').all() as Array<[string, string, string, string, string]>;
  return rows.map(([id, title, doc, createdAt, updatedAt]) => ({ id, title, doc: JSON.parse(doc) as DocNode, createdAt, updatedAt }));
}

/** Every note, most recently changed first. */
export function listNoteSummaries(db: Db): NoteSummary[] {
  const rows = prepared(db, 'SELECT id, title, text, created_at, updated_at FROM note ORDER BY updated_at DESC, id DESC').all() as NoteRow[];
  return rows.map(toSummary);
}

/** The notes that reference or quote an object. */
export function notesCiting(db: Db, targetId: string): NoteSummary[] {
  const rows = prepared(db, 'SELECT n.id, n.title, n.text, n.created_at, n.updated_at FROM note_ref r JOIN note n ON n.id = r.note_id WHERE r.target_id = ? ORDER BY n.updated_at DESC')
    .all(targetId) as NoteRow[];
  return rows.map(toSummary);
}

export function isCited(db: Db, targetId: string): boolean {
  return prepared(db, 'SELECT 1 FROM note_ref WHERE target_id = ? LIMIT 1').get(targetId) !== undefined;
}

/** What search indexes of a note and shows in its results. */
export function noteTitleAndText(db: Db, id: string): { title: string; text: string; createdAt: string } | undefined {
  const row = prepared(db, 'SELECT title, text, created_at FROM note WHERE id = ?').get(id) as { title: string; text: string; created_at: string } | undefined;
  return row && { title: row.title, text: row.text, createdAt: row.created_at };
}
