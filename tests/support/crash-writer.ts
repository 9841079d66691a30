/**
 * A writer process for the crash-safety and concurrency tests: it opens a notebook through
 * the real service and, in a loop, clips a page made unique for the round, highlights it
 * twice, tags it and starts a note. After each call returns (its transaction committed) it
 * appends a line describing the write to a log, synced to disk, so a test that kills this
 * process at any moment knows which writes the notebook has promised to keep.
 *
 *   node --import tsx tests/support/crash-writer.ts <dataDir> <logFile> <label>
 *
 * Loading the modules takes a couple of seconds, so it prints "loaded" and waits for a line on
 * stdin before touching the notebook: a test can start the next writer while the last one is
 * still writing, and start several at the same instant. It prints "opening" just before opening
 * the notebook, "ready" once it is open and "wrote N" after its Nth logged write, so the test
 * can aim a kill at the migration or at the writes. It writes until it is killed, or until its
 * stdin is closed: then it finishes the round, closes the notebook and exits.
 */
import type Database from 'better-sqlite3';
import { closeSync, fsyncSync, openSync, readFileSync, writeSync } from 'node:fs';
import { once } from 'node:events';
import { pathToFileURL } from 'node:url';
import { openNotebook } from '../../src-main/notebook';
import { fixturePath } from './temp';

/** One line of the log: a write the service reported done. */
export type LoggedWrite =
  | { kind: 'article'; id: string; marker: string }
  | { kind: 'highlight'; id: string; articleId: string; exact: string; comment: string | null; isClaim: boolean }
  | { kind: 'tags'; articleId: string; tags: string[] }
  | { kind: 'note'; id: string; title: string };

const SAMPLE = readFileSync(fixturePath('srebrnik-belarus-iran.html'), 'utf8');
const SAMPLE_ADDRESS = 'russias-ally-belarus-draws-closer-to.html';
const SAMPLE_SENTENCE = 'They have close military relations.';
/** A sentence of the sample the second highlight quotes (it occurs once). */
export const CLAIM_QUOTE = 'Indeed, the literal translation of the word Belarus is White Russia.';

/** The sample page under its own address (so it is a new article) with a sentence only it holds. */
export function uniquePage(label: string, round: number): { html: string; marker: string } {
  const marker = `Marker ${label} ${round} holds.`;
  const html = SAMPLE.replaceAll(SAMPLE_ADDRESS, `${label}-${round}.html`).replace(SAMPLE_SENTENCE, `${SAMPLE_SENTENCE} ${marker}`);
  return { html, marker };
}

/**
 * The logged writes a database does not hold as they were logged (for a highlight: its article,
 * quote, comment and claim mark; for tags: the article's whole set), each described for a
 * test's failure message. A database before its first migration holds nothing, and that is
 * right when nothing was logged.
 */
export function missingWrites(db: Database.Database, writes: LoggedWrite[]): string[] {
  if (writes.length === 0) return [];
  const newestText = db.prepare('SELECT text FROM capture WHERE article_id = ? ORDER BY captured_at DESC LIMIT 1').pluck();
  const highlight = db.prepare('SELECT article_id AS articleId, exact, comment, is_claim AS isClaim FROM highlight WHERE id = ?');
  const tags = db.prepare('SELECT t.name FROM article_tag at JOIN tag t ON t.id = at.tag_id WHERE at.article_id = ?').pluck();
  const noteTitle = db.prepare('SELECT title FROM note WHERE id = ?').pluck();
  const held = (write: LoggedWrite): boolean => {
    switch (write.kind) {
      case 'article':
        return String(newestText.get(write.id) ?? '').includes(write.marker);
      case 'highlight': {
        const row = highlight.get(write.id) as { articleId: string; exact: string; comment: string | null; isClaim: number } | undefined;
        return !!row && row.articleId === write.articleId && row.exact === write.exact && row.comment === write.comment && row.isClaim === Number(write.isClaim);
      }
      case 'tags':
        return JSON.stringify((tags.all(write.articleId) as string[]).sort()) === JSON.stringify([...write.tags].sort());
      case 'note':
        return noteTitle.get(write.id) === write.title;
    }
  };
  return writes.filter((write) => !held(write)).map((write) => JSON.stringify(write));
}

export function parseLog(text: string): LoggedWrite[] {
  // A line without its newline was being written when the process died: it was never logged.
  return text
    .split('\n')
    .slice(0, -1)
    .map((line) => JSON.parse(line) as LoggedWrite);
}

async function run(dataDir: string, logFile: string, label: string): Promise<void> {
  const log = openSync(logFile, 'a');
  let written = 0;
  const record = (write: LoggedWrite) => {
    writeSync(log, `${JSON.stringify(write)}\n`);
    fsyncSync(log);
    process.stdout.write(`wrote ${++written}\n`);
  };
  process.stdout.write('loaded\n');
  await once(process.stdin, 'data');
  let stopping = false;
  process.stdin.once('end', () => (stopping = true));
  process.stdout.write('opening\n');
  const notebook = openNotebook(dataDir);
  // Checkpoint every few dozen pages rather than every thousand, so that kills land during
  // checkpoints (copying the WAL into the database file) as well as during commits.
  notebook.db.pragma('wal_autocheckpoint = 40');
  process.stdout.write('ready\n');
  const { service } = notebook;
  for (let round = 0; !stopping; round++) {
    // A clip of a page without images never waits on I/O: let the closing of stdin be read.
    await new Promise((resolve) => setImmediate(resolve));
    const { html, marker } = uniquePage(label, round);
    const article = await service.clipFile({ fileName: `${label}-${round}.html`, contentBase64: Buffer.from(html).toString('base64') });
    record({ kind: 'article', id: article.id, marker });

    const plain = await service.createHighlight({ articleId: article.id, exact: marker, color: 'yellow' });
    record({ kind: 'highlight', id: plain.id, articleId: article.id, exact: marker, comment: null, isClaim: false });

    const comment = `Checked by ${label} in round ${round}`;
    const claim = await service.createHighlight({ articleId: article.id, exact: CLAIM_QUOTE, color: 'blue', comment, isClaim: true });
    record({ kind: 'highlight', id: claim.id, articleId: article.id, exact: CLAIM_QUOTE, comment, isClaim: true });

    const tags = [`writer ${label}`, 'shared'];
    await service.setTags({ id: article.id, tags });
    record({ kind: 'tags', articleId: article.id, tags });

    const title = `Reading ${label} ${round}`;
    const note = await service.createNote({ title, markdown: `# ${title}\n\nWhat ${marker} means.` });
    record({ kind: 'note', id: note.id, title });
  }
  notebook.close();
  closeSync(log);
}

// Run as a script; imported by the tests only for the helpers above.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const [dataDir, logFile, label] = process.argv.slice(2);
  if (!dataDir || !logFile || !label) {
    process.stderr.write('usage: crash-writer.ts <dataDir> <logFile> <label>\n');
    process.exit(2);
  }
  await run(dataDir, logFile, label);
}
