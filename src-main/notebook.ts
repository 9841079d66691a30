/** Opening a notebook in a data directory: the database and the service over it, and its backups. */
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { NotebookError } from './common/errors';
import { DATABASE_FILE } from './data-dir';
import {
  backupsDirOf,
  describeTakenAt,
  isBackupDue,
  listBackups,
  restoreBackup,
  setAsideDatabase,
  takeBackup,
  type BackupInfo,
  type Restored,
} from './store/backups';
import { isDiskFull, openDatabase, type Db, type OpenOptions } from './store/database';
import { dueTopListBuild } from './store/search-top-build';
import { TOP_LIST_DEFAULTS, type TopListOptions } from './store/search-top';
import { NotebookService, type ServiceOptions } from './service';
import { prepared } from './store/statements';

export interface Notebook {
  dataDir: string;
  db: Db;
  service: NotebookService;
  /**
   * Builds the search's ranked lists of frequent terms (store/search-top.ts) on a worker
   * thread running `workerScript` (store/search-top-worker.ts, however this runtime loads
   * it) when a build is due. Hosts that stay up call it; search is right without the lists,
   * only slower for frequent words at large sizes. Settles when the build ends (at once when
   * none is due); closing the notebook stops it, and the next open builds again.
   */
  buildSearchLists(workerScript: URL, defaults?: TopListOptions): Promise<void>;
  /** Whether anything was written since the notebook opened (what opening itself writes aside). */
  changedSinceOpen(): boolean;
  /** A backup now (store/backups.ts). One runs at a time: a call while one runs gets that one. */
  backUp(): Promise<BackupInfo>;
  /** The daily backup, when the newest backup is a day old or there is none; null when none was due. */
  backUpIfDue(): Promise<BackupInfo | null>;
  /**
   * For hosts that stay up: backUpIfDue a minute from now, then every hour while the notebook
   * is open. What goes wrong is told to `report` (a damaged database refuses to be backed up).
   */
  keepDailyBackups(report: (message: string) => void): void;
  close(): void;
}

/** The first daily check waits this long, so that opening the app is not slowed by a copy. */
const FIRST_BACKUP_CHECK_MS = 60 * 1000;
const BACKUP_CHECK_INTERVAL_MS = 60 * 60 * 1000;

export function openNotebook(dataDir: string, options: ServiceOptions & OpenOptions = {}): Notebook {
  const file = join(dataDir, DATABASE_FILE);
  const now = options.now ?? (() => new Date());
  refuseToStartOver(dataDir, file, now());
  let db: Db;
  let service: NotebookService;
  try {
    db = openDatabase(file, options);
  } catch (error) {
    throw openingError(dataDir, file, error, now());
  }
  try {
    service = new NotebookService(db, options);
  } catch (error) {
    db.close();
    throw openingError(dataDir, file, error, now());
  }
  const totalChanges = prepared(db, 'SELECT total_changes()', 'pluck');
  const changesAtOpen = totalChanges.get() as number;
  const workers = new Set<Worker>();
  const timers = new Set<NodeJS.Timeout>();
  let closed = false;
  let running: Promise<BackupInfo> | null = null;

  const backUp = (): Promise<BackupInfo> => {
    running ??= takeBackup(db, file, now(), options).finally(() => (running = null));
    return running;
  };
  const backUpIfDue = async (): Promise<BackupInfo | null> => (running || !isBackupDue(file, now()) ? null : backUp());

  return {
    dataDir,
    db,
    service,
    buildSearchLists(workerScript, defaults = TOP_LIST_DEFAULTS) {
      const due = dueTopListBuild(db, defaults);
      if (!due) return Promise.resolve();
      const worker = new Worker(workerScript, { workerData: { file: db.name, nativeBinding: options.nativeBinding, options: due } });
      workers.add(worker);
      worker.unref();
      return new Promise((resolve) => {
        worker.on('error', (error) => console.error(`Building the search lists of frequent words stopped: ${error.message}`));
        worker.on('exit', () => {
          workers.delete(worker);
          resolve();
        });
      });
    },
    changedSinceOpen: () => (totalChanges.get() as number) > changesAtOpen,
    backUp,
    backUpIfDue,
    keepDailyBackups(report) {
      const check = () => {
        backUpIfDue().catch((error: unknown) => {
          // Closing the notebook stops a copy under way; its partial file is removed.
          if (!closed) report(`The daily backup of the notebook in ${dataDir} was not taken: ${(error as Error).message}`);
        });
      };
      const first = setTimeout(() => {
        timers.delete(first);
        check();
        const hourly = setInterval(check, BACKUP_CHECK_INTERVAL_MS);
        hourly.unref();
        timers.add(hourly);
      }, FIRST_BACKUP_CHECK_MS);
      first.unref();
      timers.add(first);
    },
    close: () => {
      closed = true;
      for (const timer of timers) clearTimeout(timer);
      for (const worker of workers) void worker.terminate();
      db.close();
    },
  };
}

/** The notebook was refused because its database is damaged or lost (a backup may be offered). */
export function isDamagedNotebook(error: unknown): error is NotebookError {
  return error instanceof NotebookError && error.code === 'corrupt_database';
}

/**
 * Puts the newest backup in place of the notebook's database (store/backups.ts restoreBackup:
 * checked first; the database that was there is set aside). For the CLI's restore --newest and
 * the app's and the terminal's offer when the notebook cannot be opened.
 */
export function restoreNewestBackup(dataDir: string, options: OpenOptions & Pick<ServiceOptions, 'now'> = {}): Restored {
  const file = join(dataDir, DATABASE_FILE);
  const newest = listBackups(file)[0];
  if (!newest) throw new NotebookError('not_found', `There are no backups in ${backupsDirOf(file)}.`);
  return restoreBackup(file, newest.file, (options.now ?? (() => new Date()))(), options);
}

/**
 * What to do about a damaged or missing database: restore the newest backup, or, when there is
 * none, what is left. The command comes last, on its own line, to be copied as it is.
 */
export function restoreAdvice(dataDir: string): string {
  const newest = listBackups(join(dataDir, DATABASE_FILE))[0];
  if (!newest) return 'There is no backup to restore: opening the notebook again starts an empty one.';
  return `The newest backup is from ${describeTakenAt(newest.takenAt)} (${newest.file}). Restore it with:\n  commonplace restore --newest --data "${dataDir}"`;
}

/**
 * A notebook with backups but no database (or an empty one) lost its database: it must not
 * quietly start again empty, for the empty notebook's daily backups would push the good ones
 * out within a week. A folder that never had a notebook has no backups, and starts one.
 */
function refuseToStartOver(dataDir: string, file: string, now: Date): void {
  const missing = !existsSync(file);
  if (!missing && statSync(file).size > 0) return;
  if (listBackups(file).length === 0) return;
  if (missing) {
    throw new NotebookError(
      'corrupt_database',
      `There is no notebook database in ${dataDir}, though there are backups of one (to start an empty notebook instead, move the backups folder out of ${dataDir}). ${restoreAdvice(dataDir)}`,
    );
  }
  const aside = setAsideDatabase(file, 'corrupt', now);
  throw new NotebookError('corrupt_database', `The notebook's database ${file} is empty (0 bytes): it was cut short. It was moved to ${aside}. ${restoreAdvice(dataDir)}`);
}

/** Why the notebook did not open, said so that the reader knows what happened and what to do. */
function openingError(dataDir: string, file: string, error: unknown, now: Date): unknown {
  if (error instanceof NotebookError && error.code === 'corrupt_database') {
    let kept: string;
    try {
      kept = `It was moved, untouched, to ${setAsideDatabase(file, 'corrupt', now)}.`;
    } catch (moveError) {
      kept = `It could not be moved aside (${(moveError as Error).message}), so it is still at ${file}.`;
    }
    return new NotebookError('corrupt_database', `${error.message} ${kept} ${restoreAdvice(dataDir)}`);
  }
  if (isDiskFull(error)) {
    return new NotebookError(
      'disk_full',
      `The disk is full: the notebook in ${dataDir} could not be opened (SQLite needs room to open it, and to upgrade and back it up). Free some space and try again.`,
    );
  }
  return error;
}
