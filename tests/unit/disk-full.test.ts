/**
 * A full disk, simulated with PRAGMA max_page_count on the service's own connection (SQLite
 * answers SQLITE_FULL exactly as when the disk has no room): each kind of write fails with
 * `disk_full` and a message that says what was not saved, nothing of it stays (every row of
 * every table, the search index's included, is as it was), the notebook goes on reading and
 * making small writes, and the same write succeeds once there is room.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { MethodName } from '../../src-main/common/contract';
import { NotebookError } from '../../src-main/common/errors';
import { dispatch } from '../../src-main/dispatch';
import { startHost } from '../../src-main/host/server';
import { loadOrCreateToken } from '../../src-main/host/token';
import { openNotebook, type Notebook } from '../../src-main/notebook';
import { rawRequest } from '../support/http';
import { fixtureBase64 } from '../support/notebook';
import { tempDir } from '../support/temp';

/** SQLite's largest page count: no limit but the disk's. */
const NO_LIMIT = 4294967294;

/** Every row of every table, FTS5's shadow tables included, as sorted JSON: what "nothing partial" compares. */
function everyRow(notebook: Notebook): Record<string, string[]> {
  const tables = notebook.db
    .prepare("SELECT name FROM sqlite_schema WHERE type = 'table' AND sql NOT LIKE 'CREATE VIRTUAL TABLE%' ORDER BY name")
    .pluck()
    .all() as string[];
  return Object.fromEntries(
    tables.map((table) => [table, (notebook.db.prepare(`SELECT * FROM "${table}"`).raw().all() as unknown[][]).map((row) => JSON.stringify(row)).sort()]),
  );
}

/** No room beyond two more pages ("just above" the current count), and no free pages to reuse. */
function fillTheDisk(notebook: Notebook): void {
  notebook.db.exec('VACUUM');
  expect(notebook.db.pragma('freelist_count', { simple: true })).toBe(0);
  const pages = notebook.db.pragma('page_count', { simple: true }) as number;
  notebook.db.pragma(`max_page_count = ${pages + 2}`);
}

function makeRoom(notebook: Notebook): void {
  notebook.db.pragma(`max_page_count = ${NO_LIMIT}`);
}

interface Setting {
  notebook: Notebook;
  articleId: string;
  noteId: string;
}

interface Write {
  what: string;
  method: MethodName;
  input(setting: Setting): unknown;
  saved: string;
  /** Checks the write is all there once it succeeded. */
  stored(setting: Setting): Promise<void>;
}

const BIG_PAGE = `<!doctype html><html lang="en"><head><title>The quokka census</title></head><body><article><h1>The quokka census</h1>${Array.from(
  { length: 600 },
  (_, index) => `<p>Paragraph ${index}: rangers on Rottnest counted the quokkaquorum colonies again, burrow by burrow, for the island's survey.</p>`,
).join('')}</article></body></html>`;
const LONG_COMMENT = 'annotation in the margin '.repeat(760).trim();
const BIG_NOTE = { type: 'doc', content: Array.from({ length: 400 }, (_, index) => ({ type: 'paragraph', content: [{ type: 'text', text: `Heliotrope line ${index}. ${'A long note keeps growing. '.repeat(30)}` }] })) };
const MANY_TAGS = Array.from({ length: 200 }, (_, index) => `topic ${String(index).padStart(3, '0')} ${'of a long and careful taxonomy '.repeat(2).trim()}`);

const WRITES: Write[] = [
  {
    what: 'a clip of a big page',
    method: 'clipHtml',
    input: () => ({ html: BIG_PAGE, url: 'https://example.org/quokka-census' }),
    saved: 'the clipped page',
    stored: async ({ notebook }) => {
      const { hits } = await notebook.service.search({ query: 'quokkaquorum' });
      expect(hits.map((hit) => hit.title)).toEqual(['The quokka census']);
    },
  },
  {
    what: 'a highlight with a long comment',
    method: 'createHighlight',
    input: ({ articleId }) => ({ articleId, start: 0, end: 30, comment: LONG_COMMENT }),
    saved: 'the highlight',
    stored: async ({ notebook, articleId }) => {
      const highlights = await notebook.service.listHighlights({ articleId });
      expect(highlights.map((highlight) => highlight.comment)).toEqual([LONG_COMMENT]);
    },
  },
  {
    what: 'a note save',
    method: 'saveNote',
    input: ({ noteId }) => ({ id: noteId, title: 'Field notes, expanded', doc: BIG_NOTE }),
    saved: 'the note',
    stored: async ({ notebook, noteId }) => {
      const note = await notebook.service.getNote({ id: noteId });
      expect(note.title).toBe('Field notes, expanded');
      expect(note.doc).toEqual(BIG_NOTE);
      expect((await notebook.service.search({ query: 'heliotrope' })).hits.map((hit) => hit.id)).toEqual([noteId]);
    },
  },
  {
    what: 'two hundred tags',
    method: 'setTags',
    input: ({ articleId }) => ({ id: articleId, tags: MANY_TAGS }),
    saved: "the article's tags",
    stored: async ({ notebook, articleId }) => {
      expect([...(await notebook.service.getArticle({ id: articleId })).tags].sort()).toEqual(MANY_TAGS);
    },
  },
];

describe('a full disk', () => {
  let cleanup: () => void;
  let setting: Setting;

  beforeEach(async () => {
    const folder = tempDir();
    cleanup = folder.cleanup;
    const notebook = openNotebook(folder.dir);
    const article = await notebook.service.clipFile({ fileName: 'long-article.html', contentBase64: fixtureBase64('long-article.html') });
    const note = await notebook.service.createNote({ title: 'Field notes', markdown: 'Quokkas are small wallabies.' });
    setting = { notebook, articleId: article.id, noteId: note.id };
  });
  afterEach(() => {
    setting.notebook.close();
    cleanup();
  });

  it.each(WRITES)('fails $what with disk_full, keeps nothing of it, goes on, and takes it once there is room', async (write) => {
    const { notebook, articleId } = setting;
    fillTheDisk(notebook);
    const before = everyRow(notebook);

    const error = await dispatch(notebook.service, write.method, write.input(setting)).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(NotebookError);
    expect(error).toMatchObject({ code: 'disk_full', message: `The disk is full: ${write.saved} was not saved. Free some space and try again.` });
    expect(everyRow(notebook)).toEqual(before);
    expect(notebook.db.inTransaction).toBe(false);
    expect(notebook.db.pragma('integrity_check', { simple: true })).toBe('ok');

    // Reading goes on, and so do writes that need no new page.
    expect((await notebook.service.listArticles({})).map((article) => article.id)).toContain(articleId);
    expect((await notebook.service.getArticle({ id: articleId })).text.length).toBeGreaterThan(1000);
    expect((await notebook.service.search({ query: 'wallabies' })).hits).toHaveLength(1);
    expect((await dispatch(notebook.service, 'setReadingState', { id: articleId, state: 'read' })) as { readingState: string }).toMatchObject({ readingState: 'read' });

    makeRoom(notebook);
    await dispatch(notebook.service, write.method, write.input(setting));
    await write.stored(setting);
    expect(notebook.db.pragma('foreign_key_check')).toEqual([]);
  });

  it('answers over HTTP with 507 and the disk_full error', async () => {
    const { notebook, articleId } = setting;
    const token = loadOrCreateToken(notebook.dataDir);
    const host = await startHost({ api: notebook.service, token, port: 0 });
    try {
      fillTheDisk(notebook);
      const before = everyRow(notebook);
      const response = await rawRequest(host.port, {
        method: 'POST',
        path: '/api/createHighlight',
        headers: { host: `127.0.0.1:${host.port}`, 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ articleId, start: 0, end: 30, comment: LONG_COMMENT }),
      });
      expect(response.status).toBe(507);
      expect(JSON.parse(response.body)).toEqual({ error: { code: 'disk_full', message: 'The disk is full: the highlight was not saved. Free some space and try again.' } });
      expect(everyRow(notebook)).toEqual(before);
    } finally {
      await host.close();
    }
  });
});
