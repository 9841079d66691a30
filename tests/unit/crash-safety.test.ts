/**
 * Crash safety. A writer process (tests/support/crash-writer.ts) clips, highlights, tags and
 * starts notes through the real service, and logs each write, synced, once the service has
 * returned it. It is killed with SIGKILL at a random moment, 100 times over, on one notebook
 * folder: while it opens a fresh notebook (the migrations), while it opens the existing one,
 * and while it writes (commits and WAL checkpoints). After every kill the database must pass
 * SQLite's integrity and foreign key checks and hold every write logged by any run so far,
 * with the content it was written with.
 */
import Database from 'better-sqlite3';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { basename, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DATABASE_FILE } from '../../src-main/data-dir';
import { loadMigrations } from '../../src-main/store/migrations';
import { missingWrites, parseLog, type LoggedWrite } from '../support/crash-writer';
import { startWriter, type WriterProcess } from '../support/crash-writer-process';
import { seededRandom } from '../support/seeded-random';
import { tempDir } from '../support/temp';

const KILLS = 100;
/** Runs the same kills again: CRASH_SEED=<the seed printed> npx vitest … */
const SEED = Number(process.env.CRASH_SEED ?? 9_2024);
/** Writers loading their modules (two seconds of CPU) while another one writes. */
const LOADING_AHEAD = 2;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Every write logged so far, by any run: each line was synced after the service returned. */
function loggedWrites(logDir: string): LoggedWrite[] {
  return readdirSync(logDir).flatMap((file) => parseLog(readFileSync(join(logDir, file), 'utf8')));
}

interface Verified {
  checked: number;
  /** Articles, highlights and notes the database holds that no log mentions: killed between the commit and the log line. */
  unlogged: number;
  /** PRAGMA user_version: 0 for a new file, the number of migrations once all have run. */
  schemaVersion: number;
}

/**
 * Checks the database as it was left, on a copy of its files: opening it is SQLite's own WAL
 * recovery, which a read-only connection cannot always do (a crashed writer's wal-index needs
 * rebuilding), and closing a writable connection would checkpoint the original — the next writer
 * must meet the files exactly as the kill left them.
 */
function verify(file: string, writes: LoggedWrite[], snapshotDir: string): Verified {
  if (!existsSync(file)) {
    // Killed before SQLite created the file: nothing can have been written.
    expect(writes).toEqual([]);
    return { checked: 0, unlogged: 0, schemaVersion: 0 };
  }
  rmSync(snapshotDir, { recursive: true, force: true });
  mkdirSync(snapshotDir);
  const snapshot = join(snapshotDir, basename(file));
  copyFileSync(file, snapshot);
  // Before the notebook turns WAL on, a kill can leave a hot rollback journal instead.
  for (const suffix of ['-wal', '-journal']) if (existsSync(file + suffix)) copyFileSync(file + suffix, snapshot + suffix);
  const db = new Database(snapshot, { fileMustExist: true });
  try {
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(db.pragma('foreign_key_check')).toEqual([]);
    const schemaVersion = db.pragma('user_version', { simple: true }) as number;
    if (writes.length === 0) return { checked: 0, unlogged: 0, schemaVersion };
    // A clip is one transaction: never an article without its capture.
    expect(db.prepare('SELECT count(*) FROM article WHERE id NOT IN (SELECT article_id FROM capture)').pluck().get()).toBe(0);

    expect(missingWrites(db, writes)).toEqual([]);
    const loggedObjects = writes.filter((write) => write.kind !== 'tags').length;
    const objects = db.prepare('SELECT (SELECT count(*) FROM article) + (SELECT count(*) FROM highlight) + (SELECT count(*) FROM note)').pluck().get() as number;
    return { checked: writes.length, unlogged: objects - loggedObjects, schemaVersion };
  } finally {
    db.close();
  }
}

describe('a writer killed with SIGKILL, again and again, on one notebook', () => {
  const data = tempDir('commonplace-crash-');
  const running = new Set<WriterProcess>();
  afterAll(async () => {
    for (const writer of running) writer.child.kill('SIGKILL');
    await Promise.all([...running].map((writer) => writer.exited));
    data.cleanup();
  });

  it(`keeps every write it reported done, through ${KILLS} kills`, { timeout: 15 * 60_000 }, async () => {
    const dataDir = join(data.dir, 'notebook');
    const logDir = join(data.dir, 'logs');
    mkdirSync(logDir);
    const random = seededRandom(SEED);
    let started = 0;
    const next = () => {
      const label = `run${started++}`;
      const writer = startWriter(dataDir, join(logDir, `${label}.log`), label);
      running.add(writer);
      return writer;
    };
    const loading = Array.from({ length: LOADING_AHEAD }, next);
    const migrations = loadMigrations().length;
    const tally = { whileOpening: 0, beforeSchema: 0, fileCreated: 0, whileWriting: 0, afterAWrite: 0, committedUnlogged: 0, checks: 0 };
    let schemaVersion = 0;
    let migrationTries = 0;

    for (let kill = 0; kill < KILLS; kill++) {
      const writer = loading.shift()!;
      loading.push(next());
      await writer.reached('loaded');
      // While the notebook is new, kills fall while it is created and migrated (the migrations
      // are one transaction, some 10 to 30 ms after "opening" on an idle machine, ten times later
      // on a busy one): the nth try between 5·1.25^n ms and the next try's start, so the tries
      // sweep the opening without a gap until a run gets through the migrations. After that one
      // kill in eight falls while the existing notebook opens (recovery from the WAL, the
      // service's start-up transaction). The rest fall while it writes: aimed by its progress
      // rather than by the clock alone, a few milliseconds after its Nth write, N up to three
      // rounds of five writes.
      const migrating = schemaVersion < migrations;
      const whileOpening = migrating || random() < 1 / 8;
      writer.go();
      if (whileOpening) {
        await writer.reached('opening');
        await sleep(migrating ? 5 * 1.25 ** migrationTries++ * (1 + random() / 4) : random() * 60);
        tally.whileOpening++;
      } else {
        const writesFirst = Math.floor(random() * 16);
        await writer.reached(writesFirst === 0 ? 'ready' : `wrote ${writesFirst}`);
        await sleep(random() * 30);
        tally.whileWriting++;
      }
      writer.child.kill('SIGKILL');
      const exit = await writer.exited;
      running.delete(writer);
      expect(exit, `writer ${writer.label} died before the kill:\n${exit.stderr}`).toMatchObject({ signal: 'SIGKILL' });

      const writes = loggedWrites(logDir);
      if (readFileSync(join(logDir, `${writer.label}.log`), 'utf8').length > 0) tally.afterAWrite++;
      const verified = verify(join(dataDir, DATABASE_FILE), writes, join(data.dir, 'snapshot'));
      schemaVersion = verified.schemaVersion;
      // A kill in the migrations leaves the file as it was: never a schema half made.
      expect([0, migrations]).toContain(schemaVersion);
      if (schemaVersion < migrations) tally.beforeSchema++;
      if (schemaVersion < migrations && existsSync(join(dataDir, DATABASE_FILE))) tally.fileCreated++;
      tally.checks += verified.checked;
      tally.committedUnlogged = verified.unlogged;
    }

    const writes = loggedWrites(logDir);
    console.log(
      `crash safety (seed ${SEED}): ${KILLS} kills — ${tally.whileOpening} while opening (${tally.beforeSchema} before the migrations were done, ${tally.fileCreated} of them after SQLite had created the file), ` +
        `${tally.whileWriting} while writing, ${tally.afterAWrite} after at least one write of their run; ` +
        `${writes.length} writes logged, all ${writes.length} verified after the last kill (${tally.checks} checks over all kills); ` +
        `${tally.committedUnlogged} writes committed but killed before they were logged`,
    );
    expect(writes.length).toBeGreaterThan(KILLS);
    expect(tally.whileWriting).toBeGreaterThan(KILLS / 2);
    expect(tally.afterAWrite).toBeGreaterThan(tally.whileWriting / 2);
  });
});
