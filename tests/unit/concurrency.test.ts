/**
 * One notebook, several writers at once: two connections in one process, then separate
 * processes (two writers through the service, the real CLI, a browser-mode host answering HTTP)
 * writing at the same time. Every write must be there afterwards and the database intact, and
 * no caller may see SQLite's "database is locked".
 */
import Database from 'better-sqlite3';
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import type { MethodInput, MethodName, MethodResult } from '../../src-main/common/contract';
import { DATABASE_FILE } from '../../src-main/data-dir';
import { openNotebook } from '../../src-main/notebook';
import { CLAIM_QUOTE, missingWrites, parseLog, uniquePage, type LoggedWrite } from '../support/crash-writer';
import { startWriter } from '../support/crash-writer-process';
import { fixtureBase64 } from '../support/notebook';
import { tempDir } from '../support/temp';

const run = promisify(execFile);
const BIN = new URL('../../src-main/bin/commonplace.mjs', import.meta.url).pathname;
/** Pages the CLI clips in one process; rounds of five calls sent to the host at once. */
const CLI_CLIPS = 4;
const HOST_ROUNDS = 12;

describe('one notebook opened twice', () => {
  const data = tempDir();
  afterAll(() => data.cleanup());

  it('lets two connections (the app and the CLI, say) clip at once and see each other’s articles', async () => {
    const app = openNotebook(data.dir);
    const cli = openNotebook(data.dir);
    const sample = Buffer.from(fixtureBase64('srebrnik-belarus-iran.html'), 'base64').toString('utf8');
    // Six different pages: each names its own canonical address.
    const page = (i: number) => Buffer.from(sample.replaceAll('russias-ally-belarus-draws-closer-to.html', `page-${i}.html`)).toString('base64');
    const clips = await Promise.all(
      Array.from({ length: 6 }, (_, i) => (i % 2 === 0 ? app : cli).service.clipFile({ fileName: `copy-${i}.html`, contentBase64: page(i) })),
    );
    expect(new Set(clips.map((clip) => clip.id)).size).toBe(6);
    expect((await app.service.listArticles({})).length).toBe(6);
    expect((await cli.service.listArticles({})).length).toBe(6);
    expect(app.db.pragma('integrity_check', { simple: true })).toBe('ok');
    app.close();
    cli.close();
  });
});

/** A real `commonplace serve` on the notebook: its origin and key, once it says where it listens. */
function serve(dataDir: string): Promise<{ child: ChildProcess; origin: string; token: string; output: () => string }> {
  const child = spawn(process.execPath, [BIN, 'serve', '--port', '0', '--data', dataDir], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /Open (http:\/\/127\.0\.0\.1:\d+)\/#token=([0-9a-f]{64})/.exec(output);
      if (match) resolve({ child, origin: match[1], token: match[2], output: () => output });
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => reject(new Error(`commonplace serve exited with ${code}:\n${output}`)));
  });
}

/** The real CLI, as a process of its own; each line it prints is a JSON object. */
async function commonplace(dataDir: string, ...args: string[]): Promise<Array<Record<string, string>>> {
  const { stdout, stderr } = await run(process.execPath, [BIN, ...args, '--data', dataDir, '--json']);
  expect(stderr).toBe('');
  return stdout.trim().split('\n').map((line) => JSON.parse(line));
}

function noteDoc(text: string) {
  return { type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text }] }] };
}

describe('one notebook written by several processes at once', () => {
  const data = tempDir('commonplace-processes-');
  const children = new Set<ChildProcess>();
  afterAll(() => {
    for (const child of children) child.kill('SIGKILL');
    data.cleanup();
  });

  it('keeps every write of two writers, the CLI and a browser-mode host, and stays intact', { timeout: 10 * 60_000 }, async () => {
    const dataDir = join(data.dir, 'notebook');
    const logOf = (label: string) => join(data.dir, `writer-${label}.log`);
    const writers = ['one', 'two'].map((label) => startWriter(dataDir, logOf(label), label));
    writers.forEach((writer) => children.add(writer.child));
    await Promise.all(writers.map((writer) => writer.reached('loaded')));
    // The writers and the host open the new notebook together: each migrates it, or waits for another to.
    writers.forEach((writer) => writer.go());
    const host = await serve(dataDir);
    children.add(host.child);
    await Promise.all(writers.map((writer) => writer.reached('wrote 1')));

    /** What the CLI and the host reported done, in the writers' log format, to look for afterwards. */
    const fromCli: LoggedWrite[] = [];
    const fromHost: LoggedWrite[] = [];

    const viaCli = async () => {
      const pages = Array.from({ length: CLI_CLIPS }, (_, round) => {
        const { html, marker } = uniquePage('cli', round);
        const file = join(data.dir, `cli-${round}.html`);
        writeFileSync(file, html);
        return { file, marker };
      });
      const clipped = await commonplace(dataDir, 'clip', ...pages.map((page) => page.file));
      clipped.forEach((article, round) => fromCli.push({ kind: 'article', id: article.id, marker: pages[round].marker }));
      const comment = 'Highlighted from the command line';
      const noteTitle = 'Written from the command line';
      const [[plain], [claim], [note]] = await Promise.all([
        commonplace(dataDir, 'highlight', clipped[0].id, '--quote', pages[0].marker),
        commonplace(dataDir, 'highlight', clipped[1].id, '--quote', CLAIM_QUOTE, '--claim', '--comment', comment),
        commonplace(dataDir, 'note', 'new', '--title', noteTitle),
      ]);
      fromCli.push(
        { kind: 'highlight', id: plain.id, articleId: clipped[0].id, exact: pages[0].marker, comment: null, isClaim: false },
        { kind: 'highlight', id: claim.id, articleId: clipped[1].id, exact: CLAIM_QUOTE, comment, isClaim: true },
        { kind: 'note', id: note.id, title: noteTitle },
      );
    };

    const call = async <M extends MethodName>(method: M, input: MethodInput<M>): Promise<MethodResult<M>> => {
      const response = await fetch(`${host.origin}/api/${method}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${host.token}` },
        body: JSON.stringify(input),
      });
      const body = await response.json();
      if (!response.ok) throw new Error(`${method} answered ${response.status}: ${JSON.stringify(body.error)}`);
      return body.result;
    };
    const viaHost = async (round: number) => {
      const { html, marker } = uniquePage('host', round);
      const article = await call('clipFile', { fileName: `host-${round}.html`, contentBase64: Buffer.from(html).toString('base64') });
      fromHost.push({ kind: 'article', id: article.id, marker });
      const highlight = await call('createHighlight', { articleId: article.id, exact: marker, color: 'green' });
      fromHost.push({ kind: 'highlight', id: highlight.id, articleId: article.id, exact: marker, comment: null, isClaim: false });
      const tags = ['host', 'shared'];
      await call('setTags', { id: article.id, tags });
      fromHost.push({ kind: 'tags', articleId: article.id, tags });
      const note = await call('createNote', { title: `Host note ${round}` });
      const title = `Host note ${round}, saved`;
      await call('saveNote', { id: note.id, title, doc: noteDoc(marker) });
      fromHost.push({ kind: 'note', id: note.id, title });
    };

    // The CLI's processes and the host's calls, all while both writers go on writing.
    await Promise.all([viaCli(), ...Array.from({ length: HOST_ROUNDS }, (_, round) => viaHost(round))]);
    writers.forEach((writer) => writer.finish());
    for (const writer of writers) {
      const exit = await writer.exited;
      expect(exit, `writer ${writer.label}:\n${exit.stderr}`).toMatchObject({ code: 0, stderr: '' });
    }
    host.child.kill('SIGTERM');
    await once(host.child, 'exit');
    // The host printed its two lines and nothing else: no error ("database is locked", say).
    expect(host.output().trim().split('\n')).toHaveLength(2);

    const fromWriters = writers.map((writer) => parseLog(readFileSync(logOf(writer.label), 'utf8')));
    const db = new Database(join(dataDir, DATABASE_FILE), { readonly: true });
    try {
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      expect(db.pragma('foreign_key_check')).toEqual([]);
      expect(missingWrites(db, [...fromWriters.flat(), ...fromCli, ...fromHost])).toEqual([]);
      // Four processes tagged articles "shared": the tag was made once, by whoever came first.
      expect(db.prepare("SELECT count(*) FROM tag WHERE name = 'shared'").pluck().get()).toBe(1);
    } finally {
      db.close();
    }
    const total = fromWriters.flat().length + fromCli.length + fromHost.length;
    console.log(
      `several processes: all ${total} writes present, integrity ok — ${writers.map((writer, index) => `writer ${writer.label} ${fromWriters[index].length}`).join(', ')}, ` +
        `the CLI ${fromCli.length} (in 4 processes), the host ${fromHost.length} (${HOST_ROUNDS * 5} calls over HTTP, all at once)`,
    );
  });
});
