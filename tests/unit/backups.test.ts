/**
 * Backups (store/backups.ts): taken with SQLite's online backup API, checked before they count,
 * the newest 7 kept, daily for hosts that stay up and for the CLI after a change, and restored
 * only after the copy is checked, with whatever was in place kept aside.
 */
import Database from 'better-sqlite3';
import { existsSync, readdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { createHash, randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { main } from '../../src-main/cli/main';
import { NotebookError } from '../../src-main/common/errors';
import { DATABASE_FILE } from '../../src-main/data-dir';
import { openNotebook, type Notebook } from '../../src-main/notebook';
import { BACKUPS_KEPT, listBackups, restoreBackup } from '../../src-main/store/backups';
import { fixtureBase64 } from '../support/notebook';
import { fixturePath, tempDir } from '../support/temp';
import { tempFolders } from '../support/temp-folders';

const START = new Date('2026-03-05T09:41:00.000Z');
const HOUR = 60 * 60 * 1000;

function sha256(file: string): string {
  return createHash('sha256').update(readFileSync(file)).digest('hex');
}

/** A notebook whose clock the test moves. */
function notebookAt(dataDir: string, clock: { now: Date }): Notebook {
  return openNotebook(dataDir, { now: () => clock.now });
}

async function clip(notebook: Notebook, fileName: string): Promise<string> {
  return (await notebook.service.clipFile({ fileName, contentBase64: fixtureBase64(fileName) })).id;
}

function articleIds(file: string): string[] {
  const db = new Database(file, { readonly: true });
  const ids = db.prepare('SELECT id FROM article ORDER BY id').pluck().all() as string[];
  db.close();
  return ids;
}

/** Lets the event loop turn until `condition` holds: the online backup copies a step per turn. */
async function until(condition: () => boolean): Promise<void> {
  for (let turn = 0; !condition(); turn++) {
    if (turn > 100_000) throw new Error('The condition never held.');
    await new Promise((resolve) => setImmediate(resolve));
  }
}

describe('backups', () => {
  const folder = tempFolders();
  afterEach(() => vi.useRealTimers());

  it('copies the notebook whole, checked, as one self-contained file named by its time', async () => {
    const dataDir = folder();
    const notebook = notebookAt(dataDir, { now: START });
    await clip(notebook, 'long-article.html');
    await clip(notebook, 'inline-marks.html');
    const backup = await notebook.backUp();
    notebook.close();

    expect(backup).toEqual({
      file: join(dataDir, 'backups', 'notebook-2026-03-05T09-41-00-000Z.db'),
      takenAt: '2026-03-05T09:41:00.000Z',
      beforeVersion: null,
      bytes: expect.any(Number),
    });
    expect(listBackups(join(dataDir, DATABASE_FILE))).toEqual([backup]);
    expect(readdirSync(join(dataDir, 'backups'))).toEqual(['notebook-2026-03-05T09-41-00-000Z.db']);
    // Rollback journal mode (header bytes 18 and 19 are 1): it needs no -wal to be read.
    expect([...readFileSync(backup.file).subarray(18, 20)]).toEqual([1, 1]);
    const copy = new Database(backup.file, { readonly: true });
    expect(copy.pragma('quick_check', { simple: true })).toBe('ok');
    copy.close();
    expect(articleIds(backup.file)).toEqual(articleIds(join(dataDir, DATABASE_FILE)));
    expect(readdirSync(join(dataDir, 'backups'))).toHaveLength(1);
  });

  it(`keeps the newest ${BACKUPS_KEPT}`, async () => {
    const dataDir = folder();
    const clock = { now: START };
    const notebook = notebookAt(dataDir, clock);
    const taken: string[] = [];
    for (let day = 0; day < BACKUPS_KEPT + 2; day++) {
      clock.now = new Date(START.getTime() + day * 24 * HOUR);
      taken.push((await notebook.backUp()).takenAt);
    }
    notebook.close();
    const kept = listBackups(join(dataDir, DATABASE_FILE));
    expect(kept.map((backup) => backup.takenAt)).toEqual(taken.slice(-BACKUPS_KEPT).reverse());
    expect(readdirSync(join(dataDir, 'backups'))).toHaveLength(BACKUPS_KEPT);
  });

  it('takes the daily backup only when the newest is a day old', async () => {
    const dataDir = folder();
    const clock = { now: START };
    const notebook = notebookAt(dataDir, clock);
    expect((await notebook.backUpIfDue())?.takenAt).toBe(START.toISOString());
    clock.now = new Date(START.getTime() + 23 * HOUR);
    expect(await notebook.backUpIfDue()).toBeNull();
    clock.now = new Date(START.getTime() + 24 * HOUR);
    expect((await notebook.backUpIfDue())?.takenAt).toBe(clock.now.toISOString());
    notebook.close();
    expect(listBackups(join(dataDir, DATABASE_FILE))).toHaveLength(2);
  });

  it('keeps daily backups for a host that stays up: a minute after it starts, then checking hourly', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'setInterval', 'clearTimeout', 'clearInterval'] });
    const dataDir = folder();
    const clock = { now: START };
    const notebook = notebookAt(dataDir, clock);
    const reports: string[] = [];
    const backups = () => listBackups(join(dataDir, DATABASE_FILE));
    notebook.keepDailyBackups((message) => reports.push(message));

    vi.advanceTimersByTime(59_000);
    expect(existsSync(join(dataDir, 'backups'))).toBe(false);
    vi.advanceTimersByTime(1000);
    await until(() => backups().length === 1);

    clock.now = new Date(START.getTime() + 12 * HOUR);
    vi.advanceTimersByTime(HOUR);
    await new Promise((resolve) => setImmediate(resolve));
    expect(backups()).toHaveLength(1);

    clock.now = new Date(START.getTime() + 25 * HOUR);
    vi.advanceTimersByTime(HOUR);
    await until(() => backups().length === 2);
    expect(backups()[0].takenAt).toBe(clock.now.toISOString());

    notebook.close();
    expect(vi.getTimerCount()).toBe(0);
    expect(reports).toEqual([]);
  });

  it('never counts a half-written copy: one cut off by closing leaves nothing, an abandoned one is removed', async () => {
    const dataDir = folder();
    const notebook = notebookAt(dataDir, { now: START });
    // 8 MB of image: the copy takes several steps of 1 MB, so closing can cut it off midway.
    notebook.db
      .prepare('INSERT INTO asset (sha256, mime, bytes, size, created_at) VALUES (?, ?, ?, ?, ?)')
      .run('f'.repeat(64), 'image/png', randomBytes(8 * 1024 * 1024), 8 * 1024 * 1024, START.toISOString());
    const backupsDir = join(dataDir, 'backups');
    const cutOff = notebook.backUp();
    const partials = () => (existsSync(backupsDir) ? readdirSync(backupsDir).filter((name) => name.endsWith('.partial')) : []);
    await until(() => partials().length === 1);
    // A few steps in (SQLite writes the copy's pages out only when its cache fills or the copy ends).
    for (let step = 0; step < 3; step++) await new Promise((resolve) => setImmediate(resolve));
    notebook.close();
    await expect(cutOff).rejects.toThrow(/not open/);
    expect(readdirSync(backupsDir)).toEqual([]);

    const abandoned = join(backupsDir, 'notebook-2026-03-05T08-00-00-000Z.db.4242.partial');
    const underWay = join(backupsDir, 'notebook-2026-03-05T09-40-00-000Z.db.4343.partial');
    writeFileSync(abandoned, 'half a copy');
    writeFileSync(underWay, 'a copy being written by another process');
    const twoHoursAgo = new Date(Date.now() - 2 * HOUR);
    utimesSync(abandoned, twoHoursAgo, twoHoursAgo);
    expect(listBackups(join(dataDir, DATABASE_FILE))).toEqual([]);

    const reopened = notebookAt(dataDir, { now: START });
    const backup = await reopened.backUp();
    reopened.close();
    expect(readdirSync(backupsDir).sort()).toEqual([backup.file.slice(backupsDir.length + 1), underWay.slice(backupsDir.length + 1)].sort());
  });

  it(`never backs up a damaged database, so the ${BACKUPS_KEPT} good backups stay`, async () => {
    const dataDir = folder();
    const clock = { now: START };
    const notebook = notebookAt(dataDir, clock);
    await clip(notebook, 'long-article.html');
    for (let day = 0; day < BACKUPS_KEPT; day++) {
      clock.now = new Date(START.getTime() + day * 24 * HOUR);
      await notebook.backUp();
    }
    notebook.close();
    const file = join(dataDir, DATABASE_FILE);
    const good = listBackups(file).map((backup) => [backup.file, sha256(backup.file)]);

    // An index page overwritten: the check at open reads tables only, so the notebook opens.
    const db = new Database(file, { readonly: true });
    const page = db.prepare("SELECT rootpage FROM sqlite_schema WHERE name = 'capture_by_article'").pluck().get() as number;
    db.close();
    const bytes = readFileSync(file);
    bytes.fill(0x5a, (page - 1) * 4096, page * 4096);
    writeFileSync(file, bytes);

    clock.now = new Date(START.getTime() + BACKUPS_KEPT * 24 * HOUR);
    const damaged = notebookAt(dataDir, clock);
    const error = await damaged.backUp().catch((caught: unknown) => caught);
    damaged.close();
    expect(error).toBeInstanceOf(NotebookError);
    expect((error as NotebookError).code).toBe('corrupt_database');
    expect((error as Error).message).toMatch(/^The notebook's database failed SQLite's check \(.+\), so no backup was taken and the existing backups were kept\. Quit Commonplace and restore the newest backup:\n {2}commonplace restore --newest --data "/);
    expect((error as Error).message).toContain('wrong # of entries in index capture_by_article');
    expect(listBackups(file).map((backup) => [backup.file, sha256(backup.file)])).toEqual(good);
    expect(readdirSync(join(dataDir, 'backups'))).toHaveLength(BACKUPS_KEPT);
  });
});

describe('restoring a backup', () => {
  const folder = tempFolders();

  async function notebookWithBackup(): Promise<{ dataDir: string; file: string; backup: string; before: string[]; after: string[] }> {
    const dataDir = folder();
    const notebook = notebookAt(dataDir, { now: START });
    await clip(notebook, 'long-article.html');
    const { file: backup } = await notebook.backUp();
    await clip(notebook, 'inline-marks.html');
    notebook.close();
    const file = join(dataDir, DATABASE_FILE);
    return { dataDir, file, backup, before: articleIds(backup), after: articleIds(file) };
  }

  it('puts the backup in place and keeps the database that was there', async () => {
    const { dataDir, file, backup, before, after } = await notebookWithBackup();
    const backupHash = sha256(backup);
    const restored = restoreBackup(file, backup, new Date('2026-03-06T10:00:00.000Z'));
    expect(restored).toEqual({ backup, setAside: `${file}.replaced-2026-03-06T10-00-00-000Z` });
    expect(articleIds(restored.setAside!)).toEqual(after);
    expect(sha256(backup)).toBe(backupHash);
    const notebook = openNotebook(dataDir);
    expect((await notebook.service.listArticles({})).map((article) => article.id).sort()).toEqual(before);
    notebook.close();
  });

  it('refuses while the notebook is open elsewhere, moving nothing', async () => {
    const { dataDir, file, backup } = await notebookWithBackup();
    const open = openNotebook(dataDir);
    try {
      const hash = sha256(file);
      expect(() => restoreBackup(file, backup, START)).toThrow(expect.objectContaining({ code: 'conflict', message: expect.stringMatching(/open in Commonplace.*quit it/) }));
      expect(sha256(file)).toBe(hash);
      expect(readdirSync(dataDir).filter((name) => /replaced|restoring/.test(name))).toEqual([]);
    } finally {
      open.close();
    }
  });

  it.each([
    { what: 'a damaged copy', make: (path: string) => writeFileSync(path, Buffer.alloc(8192)), code: 'corrupt_database', says: /is damaged too/ },
    {
      what: 'a database from a newer Commonplace',
      make: (path: string) => {
        const db = new Database(path);
        db.exec('CREATE TABLE future (x INTEGER)');
        db.pragma('user_version = 999');
        db.close();
      },
      code: 'database_too_new',
      says: /newer Commonplace \(schema version 999/,
    },
    {
      what: 'another SQLite database',
      make: (path: string) => {
        const db = new Database(path);
        db.exec('CREATE TABLE recipes (name TEXT)');
        db.close();
      },
      code: 'invalid_input',
      says: /not a Commonplace notebook/,
    },
  ])('refuses $what and changes nothing', async ({ make, code, says }) => {
    const { dataDir, file } = await notebookWithBackup();
    const hash = sha256(file);
    const bad = join(dataDir, 'candidate.db');
    make(bad);
    expect(() => restoreBackup(file, bad, START)).toThrow(expect.objectContaining({ code, message: expect.stringMatching(says) }));
    expect(sha256(file)).toBe(hash);
    expect(readdirSync(dataDir).filter((name) => /replaced|restoring|-journal/.test(name))).toEqual([]);
  });
});

describe('the backup commands', () => {
  const data = tempDir();

  async function cli(...args: string[]) {
    const out: string[] = [];
    const err: string[] = [];
    const code = await main([...args, '--data', data.dir], { out: (line) => out.push(line), err: (line) => err.push(line), env: {} });
    return { code, out, err };
  }

  it('back up on demand and after the first change of the day, list, and restore', async () => {
    try {
      expect((await cli('list')).code).toBe(0);
      expect(existsSync(join(data.dir, 'backups'))).toBe(false);
      expect(await cli('backups')).toEqual({ code: 0, out: ['No backups yet. commonplace backup takes one.'], err: [] });

      // A command that changes the notebook takes the day's backup; the next one that day does not.
      expect((await cli('clip', fixturePath('inline-marks.html'))).code).toBe(0);
      expect(listBackups(join(data.dir, DATABASE_FILE))).toHaveLength(1);
      expect((await cli('clip', fixturePath('long-article.html'))).code).toBe(0);
      expect(listBackups(join(data.dir, DATABASE_FILE))).toHaveLength(1);

      const taken = await cli('backup');
      expect(taken.code).toBe(0);
      expect(taken.out[0]).toMatch(/^Backed up the notebook to .+\/backups\/notebook-.+Z\.db \(\d+\.\d MB\)\.$/);
      const listed = await cli('backups');
      expect(listed.out).toHaveLength(2);
      expect(listed.out[0]).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d UTC +\d+\.\d MB  .+\/backups\/notebook-.+\.db$/);
      const json = (await cli('backups', '--json')).out.map((line) => JSON.parse(line));
      expect(Object.keys(json[0]).sort()).toEqual(['beforeVersion', 'bytes', 'file', 'takenAt']);

      // The first backup holds only the first article.
      const oldest = json[1].file;
      const restored = await cli('restore', '--backup', oldest, '--json');
      expect(restored.code).toBe(0);
      expect(JSON.parse(restored.out[0])).toEqual({ backup: oldest, setAside: expect.stringMatching(/notebook\.db\.replaced-/) });
      expect((await cli('list', '--json')).out).toHaveLength(1);

      expect((await cli('restore')).code).toBe(2);
      expect((await cli('restore', '--newest', '--backup', oldest)).code).toBe(2);
    } finally {
      data.cleanup();
    }
  });
});
