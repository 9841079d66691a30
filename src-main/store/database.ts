/**
 * Opening a notebook: a check that the file is a sound SQLite database, the pragmas every
 * connection needs, then the migrations (with a backup first: store/backups.ts).
 * Several processes (the app, the CLI, a browser-mode host) may open one file at once;
 * SQLite's locking, WAL and the busy timeout are what make that safe.
 */
import Database from 'better-sqlite3';
import { closeSync, existsSync, mkdirSync, openSync, readSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { NotebookError } from '../common/errors';
import { backUpBeforeMigrating } from './backups';
import { loadMigrations, migrate, schemaVersion, type Migration } from './migrations';

export type Db = Database.Database;

export interface OpenOptions {
  /** better-sqlite3's compiled addon for another ABI (Electron's); Node's own build otherwise. */
  nativeBinding?: string;
  /** The schema to bring the file to: db/migrations, unless a test brings its own. */
  migrations?: Migration[];
}

/**
 * Opens (creating if need be) and migrates a notebook database. A damaged file is refused with
 * a `corrupt_database` error and left as it is: notebook.ts sets it aside and says what to do.
 */
export function openDatabase(file: string, options: OpenOptions = {}): Db {
  mkdirSync(dirname(file), { recursive: true });
  const damage = headerDamage(file);
  if (damage) throw damagedDatabase(file, damage);
  const db = new Database(file, options.nativeBinding ? { nativeBinding: options.nativeBinding } : {});
  try {
    db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    useWal(db);
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    db.pragma(`cache_size = ${-PAGE_CACHE_KIB}`);
    readSchemaAndTables(db);
    const migrations = options.migrations ?? loadMigrations();
    const current = schemaVersion(db);
    // A new file has nothing to lose; one with a schema is copied before any migration touches it.
    if (current > 0 && current < migrations.length) backUpBeforeMigrating(file, migrations.length, new Date(), options);
    migrate(db, migrations);
    return db;
  } catch (error) {
    db.close();
    if (isCorruption(error)) throw damagedDatabase(file, `SQLite reports “${sqliteMessage(error)}”`);
    throw error;
  }
}

const BUSY_TIMEOUT_MS = 5000;

/**
 * SQLite's page cache, in KiB. A search FTS5 ranks reads the index and the items all over a
 * large notebook, and 16 MB (better-sqlite3's default) held too little of them: 128 MB took
 * 15–35% off those searches at 100,000 articles (tests/bench/search-scale.ts). Pages are cached
 * as they are read, so a small notebook uses no more memory than before.
 */
const PAGE_CACHE_KIB = 128 * 1024;

/**
 * Puts the file in WAL mode, waiting for it like any write. Turning a new file to WAL needs it
 * to itself, and SQLite answers "busy" at once, without the busy timeout, while another process
 * holds a write lock on it (two processes creating one notebook at the same moment).
 */
function useWal(db: Db): void {
  const deadline = Date.now() + BUSY_TIMEOUT_MS;
  for (;;) {
    try {
      db.pragma('journal_mode = WAL');
      return;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'SQLITE_BUSY' || Date.now() > deadline) throw error;
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 20);
    }
  }
}

/** Runs `work` in an IMMEDIATE transaction: writers queue on the busy timeout up front. */
export function inTransaction<T>(db: Db, work: () => T): T {
  return db.transaction(work).immediate();
}

/** SQLite found the file is not a database, or a page of it is not what it should be. */
export function isCorruption(error: unknown): boolean {
  return codesOf(error).some((code) => /^SQLITE_(CORRUPT|NOTADB)/.test(code));
}

/** SQLite (or, copying a backup, the file system) had no room to write. */
export function isDiskFull(error: unknown): boolean {
  return codesOf(error).some((code) => code === 'SQLITE_FULL' || code === 'ENOSPC');
}

/**
 * The codes of `error` and of the errors it carries as causes: a failed migration, or the backup
 * before migrations, says what failed and carries SQLite's error.
 */
function codesOf(error: unknown): string[] {
  const codes: string[] = [];
  for (let at = error; at instanceof Error; at = at.cause) {
    const { code } = at as NodeJS.ErrnoException;
    if (typeof code === 'string') codes.push(code);
  }
  return codes;
}

function sqliteMessage(error: unknown): string {
  for (let at = error; at instanceof Error; at = at.cause) if (at instanceof Database.SqliteError) return at.message;
  return (error as Error).message;
}

function damagedDatabase(file: string, reason: string): NotebookError {
  return new NotebookError('corrupt_database', `The notebook's database ${file} is damaged: ${reason}.`);
}

const SQLITE_HEADER = Buffer.from('SQLite format 3\0', 'latin1');

/**
 * What is wrong with the file's first 100 bytes (SQLite's header), read before SQLite reads
 * them: SQLite would say only "file is not a database". Nothing for a new file (absent or
 * empty), nor while a rollback journal is there (SQLite rolls it back on open, which may
 * restore the header). "Cut short" compares the header's page count with the file only when
 * no WAL holds pages the file has yet to receive.
 */
function headerDamage(file: string): string | undefined {
  if (!existsSync(file) || hasContent(`${file}-journal`)) return undefined;
  const size = statSync(file).size;
  if (size === 0) return undefined;
  const header = Buffer.alloc(100);
  const fd = openSync(file, 'r');
  try {
    readSync(fd, header, 0, header.length, 0);
  } finally {
    closeSync(fd);
  }
  if (size < header.length) return `it is ${size} bytes long, shorter than SQLite's header: the file was cut short`;
  if (header.every((byte) => byte === 0)) return 'its header is all zeros: the file was overwritten with zeros, as a crash or a failing disk can leave a file';
  if (!header.subarray(0, SQLITE_HEADER.length).equals(SQLITE_HEADER)) {
    return "it does not begin with SQLite's header: it is not a SQLite database, or its beginning was overwritten";
  }
  const pageSize = header.readUInt16BE(16) === 1 ? 65536 : header.readUInt16BE(16);
  if (pageSize < 512 || pageSize > 65536 || (pageSize & (pageSize - 1)) !== 0) return `its header is damaged (it gives a page size of ${pageSize} bytes)`;
  const pages = header.readUInt32BE(28);
  // The page count is valid when the change counter matches the "version valid for" field.
  const pagesValid = header.readUInt32BE(24) === header.readUInt32BE(92);
  if (pagesValid && !hasContent(`${file}-wal`) && pages * pageSize > size) {
    return `it was cut short: its header counts ${pages} pages of ${pageSize} bytes (${pages * pageSize} bytes), but the file holds ${size}`;
  }
  return undefined;
}

function hasContent(file: string): boolean {
  return existsSync(file) && statSync(file).size > 0;
}

/**
 * The check at every open: the schema parses and each table's first row can be read. It reads a
 * few pages a table, so it costs the same at 5 GB as at 5 MB, and with the header check it finds
 * a file zeroed, cut short or overwritten at its start. A page damaged deep inside a table is
 * found by PRAGMA quick_check, which reads every page (about 1.5 s per GB: too slow for each
 * start of the CLI) and runs on every daily backup (store/backups.ts).
 */
function readSchemaAndTables(db: Db): void {
  const present = new Set(db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table'").pluck().all() as string[]);
  // A table's name cannot be a ? parameter: only names from this fixed list are written into the
  // SQL. NOT INDEXED: for `SELECT 1` the planner would rather read a smaller index than the table.
  for (const table of SCHEMA_TABLES.filter((name) => present.has(name))) db.prepare(`SELECT 1 FROM ${table} NOT INDEXED LIMIT 1`).get();
}

/**
 * The tables of the latest schema that hold rows: Commonplace's, FTS5's shadow tables of
 * search_words, and SQLite's sequence table (tests/unit/store.test.ts checks the list against a
 * migrated database). A migration that adds a table adds it here.
 */
export const SCHEMA_TABLES = [
  'article', 'article_tag', 'article_url', 'asset', 'capture', 'capture_asset', 'highlight', 'highlight_anchor', 'link', 'note', 'note_ref',
  'object', 'search_item', 'search_item_columns', 'search_postings', 'search_postings_late', 'search_rebuild', 'search_rowids_given',
  'search_tag_changes', 'search_top', 'search_top_list', 'search_top_state', 'search_words_config', 'search_words_data',
  'search_words_docsize', 'search_words_idx', 'sqlite_sequence', 'tag',
] as const;
