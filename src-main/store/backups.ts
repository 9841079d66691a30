/**
 * Backups of a notebook's database: whole copies in the `backups` folder beside it, named
 * notebook-<UTC time>.db, or notebook-<UTC time>-before-v<N>.db for one taken before the
 * migrations to schema version N. The newest BACKUPS_KEPT are kept.
 *
 * Every copy is written under a temporary name (….partial) and renamed into place only once it
 * is complete, checked and on disk, so a half-written copy (the app quit, the disk filled up)
 * never counts as a backup, and a copy of a damaged database never pushes a good one out.
 *
 * Every copy is taken with SQLite's online backup API and checked with PRAGMA quick_check before
 * it counts: reading every page is what finds a damaged database (about 1.5 s per GB), and
 * checking the copy rather than the notebook holds no lock on the notebook meanwhile.
 * - before migrations (store/database.ts): opening is synchronous, so the copy runs on a worker
 *   thread while the opening thread waits (store/blocking-backup.ts). Nothing is served yet, so
 *   the wait costs nothing.
 * - daily and on demand (takeBackup): on the notebook's own connection, a few hundred pages per
 *   turn of the event loop, so a host stays responsive while a notebook of gigabytes is copied.
 */
import Database from 'better-sqlite3';
import { closeSync, copyFileSync, existsSync, fsyncSync, mkdirSync, openSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { NotebookError } from '../common/errors';
import { BACKUPS_DIR } from '../data-dir';
import type { Db, OpenOptions } from './database';
import { backUpBlocking } from './blocking-backup';
import { loadMigrations } from './migrations';

export const BACKUPS_KEPT = 7;
export const BACKUP_INTERVAL_MS = 24 * 60 * 60 * 1000;
/** 1 MB of 4 KB pages a step: each step takes a few milliseconds (a 700 MB notebook copies in about 5 s). */
const PAGES_PER_STEP = 256;
/** A temporary copy this old was left by a process that stopped mid-copy: no copy takes an hour. */
const ABANDONED_PARTIAL_MS = 60 * 60 * 1000;
const PARTIAL_SUFFIX = '.partial';

export interface BackupInfo {
  file: string;
  /** When it was taken, ISO 8601 in UTC. */
  takenAt: string;
  /** For a backup taken before migrations: the schema version they were bringing the notebook to. */
  beforeVersion: number | null;
  bytes: number;
}

const BACKUP_NAME = /^notebook-(\d{4}-\d{2}-\d{2})T(\d{2})-(\d{2})-(\d{2})-(\d{3})Z(?:-before-v(\d+))?\.db$/;

export function backupsDirOf(databaseFile: string): string {
  return join(dirname(databaseFile), BACKUPS_DIR);
}

/** A time as it can appear in a file name on every platform (Windows allows no colons). */
function fileStamp(time: Date): string {
  return time.toISOString().replace(/[:.]/g, '-');
}

function backupName(takenAt: Date, beforeVersion: number | null): string {
  return `notebook-${fileStamp(takenAt)}${beforeVersion === null ? '' : `-before-v${beforeVersion}`}.db`;
}

/** The notebook's backups, newest first. */
export function listBackups(databaseFile: string): BackupInfo[] {
  const dir = backupsDirOf(databaseFile);
  if (!existsSync(dir)) return [];
  const backups: BackupInfo[] = [];
  for (const name of readdirSync(dir)) {
    const match = BACKUP_NAME.exec(name);
    if (!match) continue;
    const [, day, hours, minutes, seconds, millis, beforeVersion] = match;
    const file = join(dir, name);
    backups.push({
      file,
      takenAt: `${day}T${hours}:${minutes}:${seconds}.${millis}Z`,
      beforeVersion: beforeVersion === undefined ? null : Number(beforeVersion),
      bytes: statSync(file).size,
    });
  }
  return backups.sort((a, b) => b.takenAt.localeCompare(a.takenAt) || b.file.localeCompare(a.file));
}

/** "2026-01-04 10:30 UTC": how messages and the CLI name a backup's time. */
export function describeTakenAt(takenAt: string): string {
  return `${takenAt.slice(0, 10)} ${takenAt.slice(11, 16)} UTC`;
}

export function isBackupDue(databaseFile: string, now: Date): boolean {
  const newest = listBackups(databaseFile)[0];
  return !newest || now.getTime() - Date.parse(newest.takenAt) >= BACKUP_INTERVAL_MS;
}

/**
 * The copy taken before migrations bring the notebook to `targetVersion` (store/database.ts).
 * Synchronous: see the top of this file. A failure stops the migrations: they never run
 * without a backup of what they change. Damage the check finds is thrown as SQLite's own
 * corruption error, which the opener reports as a damaged database.
 */
export function backUpBeforeMigrating(databaseFile: string, targetVersion: number, now: Date, options: OpenOptions = {}): BackupInfo {
  const file = join(ensureBackupsDir(databaseFile), backupName(now, targetVersion));
  const partial = partialName(file);
  try {
    backUpBlocking(databaseFile, partial, options.nativeBinding);
    const problems = checkDatabaseFile(partial, options).problems;
    if (problems.length > 0) throw new Database.SqliteError(problems.join('; '), 'SQLITE_CORRUPT');
    syncToDisk(partial);
    renameSync(partial, file);
  } catch (error) {
    removeCopy(partial);
    throw new Error(`The notebook could not be backed up before upgrading it to schema version ${targetVersion}, so it was left as it was: ${(error as Error).message}`, { cause: error });
  }
  keepNewest(databaseFile);
  return infoOf(file, now, targetVersion);
}

/** A backup now, on the notebook's own connection (so its own writes during the copy go into the copy too). */
export async function takeBackup(db: Db, databaseFile: string, now: Date, options: OpenOptions = {}): Promise<BackupInfo> {
  const file = join(ensureBackupsDir(databaseFile), backupName(now, null));
  const partial = partialName(file);
  try {
    await db.backup(partial, { progress: () => PAGES_PER_STEP });
    const problems = checkDatabaseFile(partial, options).problems;
    if (problems.length > 0) {
      throw new NotebookError(
        'corrupt_database',
        `The notebook's database failed SQLite's check (${problems.join('; ')}), so no backup was taken and the existing backups were kept. ` +
          `Quit Commonplace and restore the newest backup:\n  commonplace restore --newest --data "${dirname(databaseFile)}"`,
      );
    }
    syncToDisk(partial);
    renameSync(partial, file);
  } catch (error) {
    removeCopy(partial);
    throw error;
  }
  keepNewest(databaseFile);
  return infoOf(file, now, null);
}

export interface Restored {
  backup: string;
  /** Where the database that was in place went, if there was one: it is kept, never deleted. */
  setAside: string | null;
}

/**
 * Puts a copy of `backupFile` in place of the notebook's database. The copy is checked before
 * anything is moved; the database that was there is set aside, with its -wal and -shm (a stale
 * WAL left beside the restored file would be replayed into it). Refused while another process
 * has the notebook open.
 */
export function restoreBackup(databaseFile: string, backupFile: string, now: Date, options: OpenOptions = {}): Restored {
  if (!existsSync(backupFile) || !statSync(backupFile).isFile()) throw new NotebookError('not_found', `There is no backup file at ${backupFile}.`);
  refuseWhileOpen(databaseFile, options);
  const partial = `${databaseFile}.restoring-${process.pid}`;
  copyFileSync(backupFile, partial);
  try {
    const { problems, userVersion } = checkDatabaseFile(partial, options);
    if (problems.length > 0) throw new NotebookError('corrupt_database', `${backupFile} is damaged too (${problems.join('; ')}): choose another backup.`);
    if (userVersion === 0) throw new NotebookError('invalid_input', `${backupFile} is a SQLite database, but not a Commonplace notebook.`);
    const latest = loadMigrations().length;
    if (userVersion > latest) {
      throw new NotebookError('database_too_new', `${backupFile} was written by a newer Commonplace (schema version ${userVersion}; this version knows up to ${latest}). Update Commonplace to restore it.`);
    }
    syncToDisk(partial);
  } catch (error) {
    removeCopy(partial);
    throw error;
  }
  const setAside = setAsideDatabase(databaseFile, 'replaced', now);
  renameSync(partial, databaseFile);
  return { backup: backupFile, setAside };
}

/**
 * Moves the database and its -wal and -shm to <file>.<label>-<time>, untouched (a rename, on
 * the same disk), keeping SQLite's naming so the moved file opens with its WAL. Returns the new
 * name, or null when there was no database. Throws if any part cannot be moved: a WAL left
 * behind must never meet another database under the old name.
 */
export function setAsideDatabase(databaseFile: string, label: 'corrupt' | 'replaced', now: Date): string | null {
  const target = `${databaseFile}.${label}-${fileStamp(now)}`;
  const existed = existsSync(databaseFile);
  for (const suffix of ['', '-wal', '-shm']) {
    if (existsSync(databaseFile + suffix)) renameSync(databaseFile + suffix, target + suffix);
  }
  return existed ? target : null;
}

export interface FileCheck {
  /** The first few things PRAGMA quick_check found, one line each; empty when the file is sound. */
  problems: string[];
  userVersion: number;
}

/**
 * Checks a copy of a database (a backup being taken or restored), and leaves it in rollback
 * journal mode, so it is one self-contained file that opens read-only anywhere.
 */
function checkDatabaseFile(file: string, options: OpenOptions): FileCheck {
  let db: Db | undefined;
  try {
    db = new Database(file, { fileMustExist: true, ...(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}) });
    const problems = (db.pragma('quick_check(3)') as Array<{ quick_check: string }>)
      .flatMap((row) => row.quick_check.split('\n'))
      .filter((line) => line !== 'ok' && !line.startsWith('*** in database'));
    db.pragma('journal_mode = DELETE');
    return { problems, userVersion: db.pragma('user_version', { simple: true }) as number };
  } catch (error) {
    if (error instanceof Database.SqliteError && /^SQLITE_(CORRUPT|NOTADB)/.test(error.code)) return { problems: [error.message], userVersion: 0 };
    throw error;
  } finally {
    db?.close();
  }
}

/**
 * Another process holding the notebook (the app, `commonplace serve`) would go on writing to
 * the file being replaced. An exclusive lock, asked for without waiting, is refused while any
 * other connection has the database open. A file SQLite cannot read at all ("file is not a
 * database") cannot be open in Commonplace either, so that error lets the restore go on.
 */
function refuseWhileOpen(databaseFile: string, options: OpenOptions): void {
  if (!existsSync(databaseFile) || statSync(databaseFile).size === 0) return;
  const probe = new Database(databaseFile, options.nativeBinding ? { nativeBinding: options.nativeBinding } : {});
  try {
    probe.pragma('busy_timeout = 0');
    probe.pragma('locking_mode = EXCLUSIVE');
    probe.exec('BEGIN EXCLUSIVE; COMMIT');
  } catch (error) {
    if (error instanceof Database.SqliteError && /^SQLITE_(BUSY|LOCKED)/.test(error.code)) {
      throw new NotebookError('conflict', 'The notebook is open in Commonplace (the app or commonplace serve): quit it, then restore again.');
    }
  } finally {
    probe.close();
  }
}

function ensureBackupsDir(databaseFile: string): string {
  const dir = backupsDirOf(databaseFile);
  mkdirSync(dir, { recursive: true });
  return dir;
}

/** Unique per process, so two processes backing up in the same millisecond never share one. */
function partialName(file: string): string {
  return `${file}.${process.pid}${PARTIAL_SUFFIX}`;
}

function removeCopy(file: string): void {
  for (const suffix of ['', '-journal', '-wal', '-shm']) rmSync(file + suffix, { force: true });
}

/** The copy is on the disk before its name says it is complete. */
function syncToDisk(file: string): void {
  const fd = openSync(file, 'r+');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

function infoOf(file: string, takenAt: Date, beforeVersion: number | null): BackupInfo {
  return { file, takenAt: takenAt.toISOString(), beforeVersion, bytes: statSync(file).size };
}

/** Deletes all but the newest BACKUPS_KEPT backups, and temporary copies abandoned mid-way. */
function keepNewest(databaseFile: string): void {
  for (const old of listBackups(databaseFile).slice(BACKUPS_KEPT)) rmSync(old.file, { force: true });
  const dir = backupsDirOf(databaseFile);
  for (const name of readdirSync(dir)) {
    if (!name.endsWith(PARTIAL_SUFFIX)) continue;
    const file = join(dir, name);
    // Against the real clock, as the file's time is (a notebook's `now` may be a test's).
    if (Date.now() - statSync(file).mtimeMs > ABANDONED_PARTIAL_MS) removeCopy(file);
  }
}
