import { newId } from '../common/ids';
import type { Db } from './database';
import { prepared } from './statements';

export type ObjectKind = 'article' | 'capture' | 'tag' | 'highlight' | 'note' | 'link';

/** Registers a fresh id for a new object; the caller inserts the object in the same transaction. */
export function createObjectId(db: Db, kind: ObjectKind): string {
  const id = newId();
  prepared(db, 'INSERT INTO object (id, kind) VALUES (?, ?)').run(id, kind);
  return id;
}

export function objectKind(db: Db, id: string): ObjectKind | undefined {
  const row = prepared(db, 'SELECT kind FROM object WHERE id = ?').get(id) as { kind: ObjectKind } | undefined;
  return row?.kind;
}
