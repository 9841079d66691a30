import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { NotebookError } from '../../src-main/common/errors';
import { openDatabase } from '../../src-main/store/database';
import { loadMigrations, schemaVersion } from '../../src-main/store/migrations';
import { tempDir } from '../support/temp';

describe('opening a notebook database', () => {
  const cleanups: Array<() => void> = [];
  afterEach(() => cleanups.splice(0).forEach((cleanup) => cleanup()));

  function tempFile(): string {
    const { dir, cleanup } = tempDir();
    cleanups.push(cleanup);
    return join(dir, 'notebook.db');
  }

  it('migrates an empty file to the latest schema with STRICT tables', () => {
    const db = openDatabase(tempFile());
    expect(schemaVersion(db)).toBe(loadMigrations().length);
    const tables = db.prepare("SELECT name, strict FROM pragma_table_list WHERE schema = 'main' AND name NOT LIKE 'sqlite_%'").all() as Array<{ name: string; strict: number }>;
    expect(tables.map((table) => table.name).sort()).toEqual(['article', 'capture', 'object']);
    expect(tables.every((table) => table.strict === 1)).toBe(true);
    db.close();
  });

  it('sets WAL, foreign keys, full sync and a busy timeout on every connection', () => {
    const db = openDatabase(tempFile());
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('synchronous', { simple: true })).toBe(2);
    expect(db.pragma('busy_timeout', { simple: true })).toBeGreaterThan(0);
    db.close();
  });

  it('opens an already migrated file again without re-running migrations', () => {
    const file = tempFile();
    openDatabase(file).close();
    const db = openDatabase(file);
    expect(schemaVersion(db)).toBe(loadMigrations().length);
    db.close();
  });

  it('refuses a database written by a newer Commonplace and leaves it untouched', () => {
    const file = tempFile();
    const raw = new Database(file);
    raw.exec('CREATE TABLE future (x INTEGER) STRICT');
    raw.pragma('user_version = 999');
    raw.close();

    let error: unknown;
    try {
      openDatabase(file);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(NotebookError);
    expect((error as NotebookError).code).toBe('database_too_new');
    expect((error as Error).message).toMatch(/newer Commonplace.*schema version 999/);

    const after = new Database(file);
    expect(after.pragma('user_version', { simple: true })).toBe(999);
    expect(after.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all()).toEqual([{ name: 'future' }]);
    after.close();
  });

  it('rejects an object id used for two kinds of object', () => {
    const db = openDatabase(tempFile());
    db.prepare("INSERT INTO object (id, kind) VALUES ('aaaaaaaaaaaaaaaa', 'article')").run();
    expect(() => db.prepare("INSERT INTO object (id, kind) VALUES ('aaaaaaaaaaaaaaaa', 'capture')").run()).toThrow(/UNIQUE/);
    db.close();
  });
});
