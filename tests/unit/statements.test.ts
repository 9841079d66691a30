import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../src-main/store/database';
import { prepared } from '../../src-main/store/statements';
import { tempFolders } from '../support/temp-folders';

describe('prepared statements kept per connection', () => {
  const folder = tempFolders();
  const open: Db[] = [];
  afterEach(() => open.splice(0).forEach((db) => db.close()));
  const notebookDb = () => {
    const db = openDatabase(join(folder(), 'notebook.db'));
    open.push(db);
    db.exec("CREATE TABLE fruit (name TEXT NOT NULL) STRICT; INSERT INTO fruit VALUES ('apple'), ('pear'), ('plum')");
    return db;
  };

  it('compiles a text once per connection and row shape', () => {
    const db = notebookDb();
    const sql = 'SELECT name FROM fruit ORDER BY name';
    expect(prepared(db, sql)).toBe(prepared(db, sql));
    expect(prepared(db, sql, 'pluck')).not.toBe(prepared(db, sql));
    expect(prepared(notebookDb(), sql)).not.toBe(prepared(db, sql));
  });

  it('keeps each caller’s row shape, whatever another caller of the same text asked for', () => {
    const db = notebookDb();
    const sql = 'SELECT name FROM fruit ORDER BY name LIMIT 1';
    const plucked = prepared(db, sql, 'pluck');
    expect(prepared(db, sql).get()).toEqual({ name: 'apple' });
    expect(prepared(db, sql, 'raw').get()).toEqual(['apple']);
    expect(plucked.get()).toBe('apple');
  });

  it('gives a caller a fresh statement while the kept one is still iterating', () => {
    const db = notebookDb();
    const sql = 'SELECT name FROM fruit ORDER BY name';
    const pairs: string[] = [];
    for (const outer of prepared(db, sql, 'pluck').iterate() as Iterable<string>) {
      for (const inner of prepared(db, sql, 'pluck').iterate() as Iterable<string>) pairs.push(`${outer}-${inner}`);
    }
    expect(pairs).toHaveLength(9);
    expect(prepared(db, sql, 'pluck').all()).toEqual(['apple', 'pear', 'plum']);
  });
});
