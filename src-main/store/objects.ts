import { newId } from '../common/ids';
import type { Db } from './database';

export type ObjectKind = 'article' | 'capture' | 'tag' | 'highlight' | 'note' | 'link';

/** Registers a fresh id for a new object; the caller inserts the object in the same transaction. */
export function createObjectId(db: Db, kind: ObjectKind): string {
  const id = newId();
  db.prepare('INSERT INTO object (id, kind) VALUES (?, ?)').run(id, kind);
  return id;
}

export function objectKind(db: Db, id: string): ObjectKind | undefined {
  const row = db.prepare('SELECT kind FROM object WHERE id = ?').get(id) as { kind: ObjectKind } | undefined;
  return row?.kind;
}
