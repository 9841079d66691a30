/**
 * Prepared statements kept per connection. Compiling a statement costs more than running most
 * of ours (a clip runs about forty), so each SQL text is compiled once and reused.
 */
import type Database from 'better-sqlite3';
import type { Db } from './database';

/** How rows come back: objects, the first column's values, or arrays. */
export type RowShape = 'objects' | 'pluck' | 'raw';

/**
 * A kept statement may be in use by another caller, so its row shape and parameters are fixed
 * when it is made: the methods that would change them for everyone are not offered.
 */
export type PreparedStatement = Omit<Database.Statement, 'pluck' | 'raw' | 'expand' | 'safeIntegers' | 'bind'>;

/** Enough for every fixed statement in the store; texts built per search (one per set of filters) cycle out. */
const KEPT_PER_CONNECTION = 500;

const statementsOf = new WeakMap<Db, Map<string, Database.Statement>>();

/**
 * `db.prepare(sql)`, compiled once per connection and shape. A statement still iterating is not
 * handed out again: that caller gets a fresh one.
 */
export function prepared(db: Db, sql: string, shape: RowShape = 'objects'): PreparedStatement {
  let statements = statementsOf.get(db);
  if (!statements) statementsOf.set(db, (statements = new Map()));
  const key = `${shape}:${sql}`;
  const kept = statements.get(key);
  if (kept && !kept.busy) {
    // Map order is insertion order: re-inserting marks the statement as the most recently used.
    statements.delete(key);
    statements.set(key, kept);
    return kept;
  }
  const statement = db.prepare(sql);
  if (shape === 'pluck') statement.pluck();
  if (shape === 'raw') statement.raw();
  if (!kept) {
    statements.set(key, statement);
    if (statements.size > KEPT_PER_CONNECTION) statements.delete(statements.keys().next().value!);
  }
  return statement;
}
