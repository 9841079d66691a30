import Database from 'better-sqlite3';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { NotebookError } from '../../src-main/common/errors';
import { openDatabase, SCHEMA_TABLES } from '../../src-main/store/database';
import { loadMigrations, migrate, schemaVersion } from '../../src-main/store/migrations';
import { tempFolders } from '../support/temp-folders';

describe('opening a notebook database', () => {
  const folder = tempFolders();
  const tempFile = () => join(folder(), 'notebook.db');

  it('migrates an empty file to the latest schema with STRICT tables', () => {
    const db = openDatabase(tempFile());
    expect(schemaVersion(db)).toBe(loadMigrations().length);
    // Our own tables; FTS5's virtual table and the shadow tables it keeps are SQLite's.
    const tables = db.prepare("SELECT name, strict FROM pragma_table_list WHERE schema = 'main' AND type = 'table' AND name NOT LIKE 'sqlite_%'").all() as Array<{ name: string; strict: number }>;
    expect(tables.map((table) => table.name).sort()).toEqual([
      'article', 'article_tag', 'article_url', 'asset', 'capture', 'capture_asset', 'highlight', 'highlight_anchor', 'link', 'note', 'note_ref', 'object', 'search_item', 'search_item_columns', 'search_postings', 'search_postings_late', 'search_rebuild', 'search_rowids_given', 'search_tag_changes', 'search_top', 'search_top_list', 'search_top_state', 'tag',
    ]);
    expect(tables.every((table) => table.strict === 1)).toBe(true);
    expect(db.prepare("SELECT type FROM pragma_table_list WHERE name = 'search_words'").get()).toEqual({ type: 'virtual' });
    db.close();
  });

  it('checks at open every table of the latest schema that holds rows, by a fixed list of names', () => {
    const db = openDatabase(tempFile());
    const tables = db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table' AND sql NOT LIKE 'CREATE VIRTUAL TABLE%'").pluck().all();
    expect([...SCHEMA_TABLES].sort()).toEqual((tables as string[]).sort());
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

  it('waits for another process that is writing to a new file, instead of failing at once', async () => {
    const file = tempFile();
    // A second process creates the file and holds a write lock on it for a moment, as a second
    // Commonplace starting at the same time would; SQLite refuses the switch to WAL meanwhile.
    const holder = spawn(
      process.execPath,
      ['-e', `const db = new (require('better-sqlite3'))(process.argv[1]); db.exec('BEGIN IMMEDIATE; CREATE TABLE held (x)'); console.log('locked'); setTimeout(() => db.exec('COMMIT'), 500);`, file],
      { cwd: process.cwd() },
    );
    await new Promise<void>((resolve, reject) => {
      holder.stdout.once('data', () => resolve());
      holder.once('exit', (code) => reject(new Error(`the lock holder exited (${code})`)));
    });
    const db = openDatabase(file);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(schemaVersion(db)).toBe(loadMigrations().length);
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

  it('migrates a version-1 notebook with its articles intact', () => {
    const file = tempFile();
    const old = new Database(file);
    migrate(old, loadMigrations().slice(0, 1));
    old.prepare("INSERT INTO object (id, kind) VALUES ('aaaaaaaaaaaaaaaa', 'article'), ('bbbbbbbbbbbbbbbb', 'capture')").run();
    old.prepare("INSERT INTO article (id, url, title, clipped_at) VALUES ('aaaaaaaaaaaaaaaa', 'https://example.org/a', 'Kept', '2026-01-01T00:00:00Z')").run();
    old.prepare(
      "INSERT INTO capture (id, article_id, html, doc, text, word_count, content_hash, captured_at) VALUES ('bbbbbbbbbbbbbbbb', 'aaaaaaaaaaaaaaaa', '<p>x</p>', '{}', 'x', 1, 'h', '2026-01-01T00:00:00Z')",
    ).run();
    old.close();

    const db = openDatabase(file);
    expect(schemaVersion(db)).toBe(loadMigrations().length);
    expect(db.prepare('SELECT title, reading_state, corrections FROM article').get()).toEqual({ title: 'Kept', reading_state: 'unread', corrections: '{}' });
    expect(db.prepare('SELECT url, article_id FROM article_url').all()).toEqual([{ url: 'https://example.org/a', article_id: 'aaaaaaaaaaaaaaaa' }]);
    expect(db.pragma('foreign_key_check')).toEqual([]);
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    db.close();
  });

  it('leaves the database as it was when a migration fails', () => {
    const file = tempFile();
    const db = openDatabase(file);
    const broken = [...loadMigrations(), { version: loadMigrations().length + 1, name: 'broken', sql: 'CREATE TABLE fine (x INTEGER) STRICT; SELECT * FROM missing_table;' }];
    expect(() => migrate(db, broken)).toThrow(/missing_table/);
    expect(schemaVersion(db)).toBe(loadMigrations().length);
    expect(db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE name = 'fine'").get()).toEqual({ n: 0 });
    db.close();
  });

  it('rejects an object id used for two kinds of object', () => {
    const db = openDatabase(tempFile());
    db.prepare("INSERT INTO object (id, kind) VALUES ('aaaaaaaaaaaaaaaa', 'article')").run();
    expect(() => db.prepare("INSERT INTO object (id, kind) VALUES ('aaaaaaaaaaaaaaaa', 'capture')").run()).toThrow(/UNIQUE/);
    db.close();
  });
});
