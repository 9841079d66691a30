/**
 * A damaged database at start: each kind of damage is found before anything is served, the
 * file is moved aside byte for byte as it was (with its WAL), the error says what happened,
 * where the file went and which backup to restore with what command; the notebook then refuses
 * to start over empty while backups of it exist, and restoring brings it back.
 */
import Database from 'better-sqlite3';
import { copyFileSync, existsSync, readdirSync, readFileSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src-main/cli/main';
import { NotebookError } from '../../src-main/common/errors';
import { DATABASE_FILE } from '../../src-main/data-dir';
import { dispatch } from '../../src-main/dispatch';
import { openNotebook, restoreNewestBackup } from '../../src-main/notebook';
import { fixtureBase64 } from '../support/notebook';
import { tempFolders } from '../support/temp-folders';

const NOW = new Date('2026-03-05T09:41:00.000Z');
const PAGE = 4096;

function sha256(file: string): string {
  return createHash('sha256').update(readFileSync(file)).digest('hex');
}

/** A notebook with two clipped articles and, unless told otherwise, a backup taken of it. */
async function notebookWithArticles(dataDir: string, { backup = true } = {}): Promise<string[]> {
  const notebook = openNotebook(dataDir, { now: () => NOW });
  const ids: string[] = [];
  for (const fileName of ['long-article.html', 'inline-marks.html']) {
    ids.push((await notebook.service.clipFile({ fileName, contentBase64: fixtureBase64(fileName) })).id);
  }
  if (backup) await notebook.backUp();
  notebook.close();
  return ids;
}

function openingError(dataDir: string): NotebookError {
  try {
    openNotebook(dataDir, { now: () => NOW }).close();
  } catch (error) {
    expect(error).toBeInstanceOf(NotebookError);
    return error as NotebookError;
  }
  throw new Error('The notebook opened.');
}

function rootPageOf(file: string, name: string): number {
  const db = new Database(file, { readonly: true });
  const page = db.prepare('SELECT rootpage FROM sqlite_schema WHERE name = ?').pluck().get(name) as number;
  db.close();
  return page;
}

/** Bytes no SQLite page starts with (an invalid page type), repeated over a whole page. */
function overwritePage(file: string, page: number): void {
  const bytes = readFileSync(file);
  bytes.fill(0x5a, (page - 1) * PAGE, page * PAGE);
  writeFileSync(file, bytes);
}

const BIN = new URL('../../src-main/bin/commonplace.mjs', import.meta.url).pathname;

/**
 * `commonplace serve` with a terminal for its stdin, as `npm start` has: util-linux's `script`
 * gives it a pseudo-terminal. `until` waits for the output to match and returns the match.
 */
function serveAtTerminal(dataDir: string) {
  const command = [process.execPath, BIN, 'serve', '--port', '0', '--data', dataDir].map((word) => `'${word.replaceAll("'", `'\\''`)}'`).join(' ');
  const child = spawn('script', ['--quiet', '--return', '--command', command, '/dev/null'], { stdio: ['pipe', 'pipe', 'pipe'] });
  let output = '';
  const waiting = new Set<() => void>();
  const onData = (chunk: Buffer) => {
    output += chunk.toString().replaceAll('\r\n', '\n');
    waiting.forEach((check) => check());
  };
  child.stdout.on('data', onData);
  child.stderr.on('data', onData);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return {
    child,
    exited,
    output: () => output,
    type: (text: string) => child.stdin.write(text),
    until: (pattern: RegExp) =>
      new Promise<RegExpExecArray>((resolve, reject) => {
        const check = () => {
          const match = pattern.exec(output);
          if (match) {
            waiting.delete(check);
            resolve(match);
          }
        };
        waiting.add(check);
        check();
        void exited.then(() => waiting.has(check) && reject(new Error(`commonplace serve ended before printing ${pattern}:\n${output}`)));
      }),
  };
}

interface Damage {
  what: string;
  damage(file: string): void;
  says: RegExp;
}

const DAMAGE: Damage[] = [
  { what: 'zeroed', damage: (file) => writeFileSync(file, Buffer.alloc(statSync(file).size)), says: /its header is all zeros/ },
  {
    what: 'cut to half its length',
    damage: (file) => truncateSync(file, Math.floor(statSync(file).size / PAGE / 2) * PAGE),
    says: /it was cut short: its header counts \d+ pages of 4096 bytes \(\d+ bytes\), but the file holds \d+/,
  },
  { what: 'missing its last page', damage: (file) => truncateSync(file, statSync(file).size - PAGE), says: /it was cut short/ },
  { what: 'cut inside its header', damage: (file) => truncateSync(file, 60), says: /it is 60 bytes long, shorter than SQLite's header/ },
  {
    what: 'overwritten at its start',
    damage: (file) => {
      const bytes = readFileSync(file);
      bytes.write('<!doctype html><title>not a notebook</title>', 0, 'latin1');
      writeFileSync(file, bytes);
    },
    says: /it does not begin with SQLite's header/,
  },
  {
    what: "damaged in the article table's first page",
    damage: (file) => overwritePage(file, rootPageOf(file, 'article')),
    says: /SQLite reports “database disk image is malformed”/,
  },
];

describe('a damaged database at start', () => {
  const folder = tempFolders();

  it.each(DAMAGE)('finds a file $what, keeps it aside untouched and names the backup to restore', async ({ damage, says }) => {
    const dataDir = folder();
    const ids = await notebookWithArticles(dataDir);
    const file = join(dataDir, DATABASE_FILE);
    damage(file);
    const damagedHash = sha256(file);
    const [backup] = readdirSync(join(dataDir, 'backups'));

    const error = openingError(dataDir);
    expect(error.code).toBe('corrupt_database');
    const aside = `${file}.corrupt-2026-03-05T09-41-00-000Z`;
    expect(error.message).toMatch(says);
    expect(error.message).toContain(`The notebook's database ${file} is damaged: `);
    expect(error.message).toContain(`It was moved, untouched, to ${aside}.`);
    expect(error.message).toContain(`The newest backup is from 2026-03-05 09:41 UTC (${join(dataDir, 'backups', backup)}). Restore it with:\n  commonplace restore --newest --data "${dataDir}"`);
    expect(existsSync(file)).toBe(false);
    expect(sha256(aside)).toBe(damagedHash);

    // It does not start over empty: the backups say there was a notebook here.
    const again = openingError(dataDir);
    expect(again.code).toBe('corrupt_database');
    expect(again.message).toMatch(/^There is no notebook database in .+, though there are backups of one/);
    expect(again.message).toContain('commonplace restore --newest');

    expect(restoreNewestBackup(dataDir).setAside).toBeNull();
    const restored = openNotebook(dataDir, { now: () => NOW });
    expect((await restored.service.listArticles({})).map((article) => article.id).sort()).toEqual([...ids].sort());
    restored.close();
    expect(sha256(aside)).toBe(damagedHash);
  });

  it('moves the WAL a crash left beside a damaged file together with it', async () => {
    const source = folder();
    await notebookWithArticles(source);
    // A writer that never closes keeps its commits in the WAL, as a crash leaves them.
    const writer = new Database(join(source, DATABASE_FILE));
    writer.pragma('wal_autocheckpoint = 0');
    writer.prepare("UPDATE article SET reading_state = 'read'").run();
    const dataDir = folder();
    for (const name of [DATABASE_FILE, `${DATABASE_FILE}-wal`]) copyFileSync(join(source, name), join(dataDir, name));
    writer.close();
    const file = join(dataDir, DATABASE_FILE);
    overwritePage(file, 1);
    const hashes = [sha256(file), sha256(`${file}-wal`)];

    const error = openingError(dataDir);
    expect(error.code).toBe('corrupt_database');
    const aside = `${file}.corrupt-2026-03-05T09-41-00-000Z`;
    expect([sha256(aside), sha256(`${aside}-wal`)]).toEqual(hashes);
    expect(existsSync(`${file}-wal`)).toBe(false);
    expect(error.message).toContain('There is no backup to restore');
  });

  it('refuses an empty database file when backups exist, and starts a new notebook in an empty folder', async () => {
    const dataDir = folder();
    await notebookWithArticles(dataDir);
    const file = join(dataDir, DATABASE_FILE);
    writeFileSync(file, '');
    const error = openingError(dataDir);
    expect(error.code).toBe('corrupt_database');
    expect(error.message).toMatch(/is empty \(0 bytes\): it was cut short\. It was moved to .*notebook\.db\.corrupt-/);
    expect(statSync(`${file}.corrupt-2026-03-05T09-41-00-000Z`).size).toBe(0);

    const fresh = folder();
    writeFileSync(join(fresh, DATABASE_FILE), '');
    const notebook = openNotebook(fresh);
    expect(await notebook.service.listArticles({})).toEqual([]);
    notebook.close();
  });

  it('says there is no backup when there is none', async () => {
    const dataDir = folder();
    await notebookWithArticles(dataDir, { backup: false });
    writeFileSync(join(dataDir, DATABASE_FILE), Buffer.alloc(8 * PAGE));
    const error = openingError(dataDir);
    expect(error.message).toMatch(/There is no backup to restore: opening the notebook again starts an empty one\.$/);
  });

  it('commonplace serve and list say so on stderr with the restore command and exit 1; restore brings the notebook back', async () => {
    const dataDir = folder();
    const ids = await notebookWithArticles(dataDir);
    writeFileSync(join(dataDir, DATABASE_FILE), Buffer.alloc(4 * PAGE));
    const cli = async (args: string[]) => {
      const out: string[] = [];
      const err: string[] = [];
      const code = await main([...args, '--data', dataDir], { out: (line) => out.push(line), err: (line) => err.push(line), env: {} });
      return { code, out, err: err.join('\n') };
    };

    const serve = await cli(['serve', '--port', '0']);
    expect(serve.code).toBe(1);
    expect(serve.out).toEqual([]);
    expect(serve.err).toMatch(/^commonplace serve: The notebook's database .+ is damaged: its header is all zeros/);
    expect(serve.err).toContain(`\n  commonplace restore --newest --data "${dataDir}"`);

    const list = await cli(['list']);
    expect(list.code).toBe(1);
    expect(list.err).toContain('though there are backups of one');

    const restore = await cli(['restore', '--newest']);
    expect(restore).toMatchObject({ code: 0, err: '' });
    expect(restore.out[0]).toMatch(/^Restored .+backups\/notebook-2026-03-05T09-41-00-000Z\.db as .+notebook\.db\.$/);
    const listed = await cli(['list', '--json']);
    expect(listed.code).toBe(0);
    expect(listed.out.map((line) => JSON.parse(line).id).sort()).toEqual([...ids].sort());
  });

  it('commonplace serve at a terminal offers the newest backup: "n" leaves everything, "y" restores it and serves', { timeout: 120_000 }, async () => {
    const dataDir = folder();
    const ids = await notebookWithArticles(dataDir);
    const file = join(dataDir, DATABASE_FILE);
    writeFileSync(file, Buffer.alloc(statSync(file).size));

    const declined = serveAtTerminal(dataDir);
    await declined.until(/now\? The damaged file stays where it was moved\. \[y\/N\] /);
    expect(declined.output()).toMatch(/The notebook's database .+ is damaged: its header is all zeros/);
    expect(declined.output()).toContain('Restore the backup of 2026-03-05 09:41 UTC now?');
    declined.type('n\n');
    expect(await declined.exited).toBe(1);
    expect(declined.output()).toContain('Nothing was restored.');
    expect(existsSync(file)).toBe(false);
    expect(readdirSync(dataDir).filter((name) => name.startsWith(`${DATABASE_FILE}.corrupt-`))).toHaveLength(1);

    const accepted = serveAtTerminal(dataDir);
    try {
      await accepted.until(/\[y\/N\] /);
      accepted.type('y\n');
      const [, origin, token] = await accepted.until(/Open (http:\/\/127\.0\.0\.1:\d+)\/#token=([0-9a-f]{64})/);
      expect(accepted.output()).toMatch(/Restored .+backups\/notebook-2026-03-05T09-41-00-000Z\.db as .+notebook\.db\./);
      const response = await fetch(`${origin}/api/listArticles`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: '{}',
      });
      expect(response.status).toBe(200);
      const { result } = (await response.json()) as { result: Array<{ id: string }> };
      expect(result.map((article) => article.id).sort()).toEqual([...ids].sort());
    } finally {
      accepted.child.kill('SIGTERM');
      await accepted.exited;
    }
  });

  it('answers a read that meets damage the check at start cannot see with corrupt_database', async () => {
    const dataDir = folder();
    const ids = await notebookWithArticles(dataDir);
    const file = join(dataDir, DATABASE_FILE);
    // An index: the check at start reads tables only (a few pages each, whatever the size).
    overwritePage(file, rootPageOf(file, 'capture_by_article'));

    const notebook = openNotebook(dataDir, { now: () => NOW });
    try {
      const error = await dispatch(notebook.service, 'getArticle', { id: ids[0] }).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(NotebookError);
      expect((error as NotebookError).code).toBe('corrupt_database');
      expect((error as Error).message).toMatch(/^The notebook's database is damaged \(SQLite reports “database disk image is malformed”\)\. Quit Commonplace, then restore the newest backup: commonplace restore --newest/);
    } finally {
      notebook.close();
    }
  });
});
