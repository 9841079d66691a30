/**
 * Bad input at every door. For each kind of malformed input — pages over the size limit, nesting
 * 100,000 deep, invalid UTF-8 and unknown charsets, binary data, huge data: URLs, enormous
 * comments and notes, ids that are malformed, of the wrong kind, unknown or deleted — and each
 * door — HTTP and the bookmarklet's endpoint of a real `commonplace serve`, and the CLI run as a
 * real process — the specific error (its code, and a message that names what was wrong and the
 * limit it passed), and nothing kept: every table's row count, and the files in the notebook's
 * folder, are as they were before the call.
 */
import Database from 'better-sqlite3';
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { request as httpRequest, type ServerResponse } from 'node:http';
import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createServer as createTcpServer, type AddressInfo, type Server as TcpServer } from 'node:net';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MethodName } from '../../src-main/common/contract';
import type { ErrorPayload } from '../../src-main/common/errors';
import { MAX_COMMENT_CHARS, MAX_NOTE_BYTES, MAX_PAGE_BYTES } from '../../src-main/common/limits';
import type { ArticleDetail, ClipResult, DocNode, Highlight, Link, Note } from '../../src-main/common/model';
import { DATABASE_FILE } from '../../src-main/data-dir';
import { png } from '../support/images';
import { startPageServer, type PageServer } from '../support/page-server';
import { fixturePath, tempDir } from '../support/temp';
import { articleDocHtml } from '../../src-main/export/doc-html';

const BIN = new URL('../../src-main/bin/commonplace.mjs', import.meta.url).pathname;
const MB = 1024 * 1024;
const SAMPLE = readFileSync(fixturePath('srebrnik-belarus-iran.html'), 'utf8');
const SAMPLE_ADDRESS = 'russias-ally-belarus-draws-closer-to.html';
/** A sentence that occurs once in the sample's text. */
const QUOTE = 'Indeed, the literal translation of the word Belarus is White Russia.';
const MALFORMED_ID = 'not-an-id';
const UNKNOWN_ID = 'aaaaaaaaaaaaaaaa';

/** The sample under another address, so each copy is its own article. */
function samplePage(name: string): string {
  return SAMPLE.replaceAll(SAMPLE_ADDRESS, `${name}.html`);
}

/** A readable article with `inside` between two paragraphs of text. */
function pageWith(inside: string, title = 'A page'): string {
  const paragraph = `<p>${'The committee met again on Thursday to weigh the evidence it had gathered over the summer. '.repeat(6)}</p>`;
  return `<!doctype html><html><head><meta charset="utf-8"><title>${title}</title></head><body><article><h1>${title}</h1>${paragraph}${inside}${paragraph}</article></body></html>`;
}

function nested(open: string, close: string, depth: number, inner: string): string {
  return open.repeat(depth) + inner + close.repeat(depth);
}

/** A PNG's signature and then `size` random bytes: an image to the sniffer, incompressible. */
function noisePng(size: number): Buffer {
  return Buffer.concat([png(1, 1, [0, 0, 0]).subarray(0, 8), randomBytes(size)]);
}

function dataUrl(bytes: Buffer): string {
  return `data:image/png;base64,${bytes.toString('base64')}`;
}

/**
 * A note's document as JSON: blockquotes `depth` deep around a paragraph (the doc node is level 1,
 * the text `depth + 3`). Written as text: JSON.stringify itself overflows on the deepest.
 */
function deepDocJson(depth: number): string {
  const paragraph = '{"type":"paragraph","content":[{"type":"text","text":"deep inside"}]}';
  return `{"type":"doc","content":[${'{"type":"blockquote","content":['.repeat(depth)}${paragraph}${']}'.repeat(depth)}]}`;
}

/** Writes `total` bytes of a page, declared in a Content-Length or sent in chunks. */
function streamPage(response: ServerResponse, total: number, framing: 'length' | 'chunked'): void {
  response.writeHead(200, { 'content-type': 'text/html', ...(framing === 'length' ? { 'content-length': String(total) } : {}) });
  const chunk = Buffer.alloc(MB, 'a');
  chunk.write('<!doctype html><html><body><p>');
  let sent = 0;
  const write = () => {
    while (sent < total) {
      sent += chunk.length;
      if (!response.write(chunk)) return void response.once('drain', write);
    }
    response.end();
  };
  response.on('error', () => undefined);
  write();
}

/** An HTTP/1.0-style server: no Content-Length, no chunks, the page ends when the connection does. */
async function startCloseDelimitedServer(total: number): Promise<{ url: string; close(): Promise<void> }> {
  const server: TcpServer = createTcpServer((socket) => {
    socket.on('error', () => undefined);
    socket.once('data', () => {
      socket.write('HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nConnection: close\r\n\r\n<!doctype html><html><body><p>');
      const chunk = Buffer.alloc(MB, 'b');
      let sent = 0;
      const write = () => {
        while (sent < total && !socket.destroyed) {
          sent += chunk.length;
          if (!socket.write(chunk)) return void socket.once('drain', write);
        }
        socket.end();
      };
      write();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/page`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

// ---------------------------------------------------------------------------------------------
// The notebook behind the doors: a real `commonplace serve`, and the database read beside it.

interface Reply<T = unknown> {
  status: number;
  result?: T;
  error?: ErrorPayload;
}

class Served {
  private constructor(
    readonly dataDir: string,
    readonly origin: string,
    readonly token: string,
    private readonly child: ChildProcess,
    private readonly db: Database.Database,
  ) {}

  static async start(dataDir: string): Promise<Served> {
    const child = spawn(process.execPath, [BIN, 'serve', '--port', '0', '--data', dataDir], { stdio: ['ignore', 'pipe', 'pipe'] });
    const url = await new Promise<URL>((resolve, reject) => {
      let output = '';
      const timer = setTimeout(() => reject(new Error(`commonplace serve printed no URL:\n${output}`)), 30_000);
      const read = (chunk: Buffer) => {
        output += chunk.toString();
        const match = /Open (http:\/\/127\.0\.0\.1:\d+\/#token=[0-9a-f]{64})/.exec(output);
        if (match) {
          clearTimeout(timer);
          resolve(new URL(match[1]));
        }
      };
      child.stdout.on('data', read);
      child.stderr.on('data', read);
      child.once('exit', (code) => reject(new Error(`commonplace serve exited with ${code}:\n${output}`)));
    });
    const db = new Database(join(dataDir, DATABASE_FILE), { readonly: true, fileMustExist: true });
    return new Served(dataDir, url.origin, url.hash.replace('#token=', ''), child, db);
  }

  async call<T = unknown>(method: MethodName, input: unknown): Promise<Reply<T>> {
    return this.post(`/api/${method}`, typeof input === 'string' ? input : JSON.stringify(input));
  }

  /** A call that must succeed: its result. */
  async must<T>(method: MethodName, input: unknown): Promise<T> {
    const reply = await this.call<T>(method, input);
    if (reply.error) throw new Error(`${method}: ${reply.error.message}`);
    return reply.result as T;
  }

  /** What the bookmarklet sends, from the page a person is reading. */
  async bookmarklet(body: string): Promise<Reply<ClipResult>> {
    return this.post('/bookmarklet/clip', body, { origin: 'https://news.example' });
  }

  /**
   * A new connection for each call: building a body of tens of megabytes can outlast the
   * server's keep-alive, and a connection it closed meanwhile would fail the write. The body
   * waits for the server's 100 Continue, as curl's does: a server that refuses it from the
   * headers answers at once, instead of closing on a client still writing (EPIPE).
   */
  private post<T>(path: string, body: string, headers: Record<string, string> = {}): Promise<Reply<T>> {
    return new Promise((resolve, reject) => {
      const request = httpRequest(`${this.origin}${path}`, {
        method: 'POST',
        agent: false,
        headers: { 'content-type': 'application/json', authorization: `Bearer ${this.token}`, expect: '100-continue', ...headers },
      });
      request.on('continue', () => request.end(body));
      let answered = false;
      request.on('response', (response) => {
        answered = true;
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, ...(JSON.parse(Buffer.concat(chunks).toString('utf8')) as { result?: T; error?: ErrorPayload }) }));
      });
      request.on('error', (error) => {
        if (!answered) reject(error);
      });
      request.flushHeaders();
    });
  }

  /** Rows in every table, and the files in the notebook's folder: what "nothing kept" compares. */
  state(): { rows: Record<string, number>; files: string[] } {
    const tables = this.db
      .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND sql NOT LIKE 'CREATE VIRTUAL TABLE%' ORDER BY name")
      .pluck()
      .all() as string[];
    const rows = Object.fromEntries(tables.map((table) => [table, this.db.prepare(`SELECT count(*) FROM "${table}"`).pluck().get() as number]));
    // Folders (the daily backups) come and go on their own schedule; a stray file is what would show a leak.
    const files = readdirSync(this.dataDir).filter((name) => statSync(join(this.dataDir, name)).isFile());
    return { rows, files: files.sort() };
  }

  async stop(): Promise<void> {
    this.db.close();
    if (this.child.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      this.child.once('exit', () => resolve());
      this.child.kill('SIGTERM');
    });
  }
}

interface CliRun {
  code: number;
  stdout: string[];
  stderr: string[];
}

/** The CLI as a person runs it: its own process, on the notebook the server holds open too. */
function cli(dataDir: string, ...args: string[]): Promise<CliRun> {
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args, '--data', dataDir], { maxBuffer: 64 * MB }, (error, stdout, stderr) => {
      const lines = (text: string) => text.split('\n').filter(Boolean);
      resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stdout: lines(stdout), stderr: lines(stderr) });
    });
  });
}

/** The error of a failed call, checked against what the person should be told. */
function expectError(reply: Reply, code: string, message: RegExp, status?: number): void {
  expect(reply.result, `expected ${code}, got a result`).toBeUndefined();
  expect(reply.error?.code, reply.error?.message).toBe(code);
  expect(reply.error?.message).toMatch(message);
  if (status !== undefined) expect(reply.status).toBe(status);
}

// ---------------------------------------------------------------------------------------------

describe('bad input at every door', () => {
  const data = tempDir('commonplace-bad-input-');
  const files = tempDir('commonplace-bad-input-files-');
  let served: Served;
  let site: PageServer;
  let closeDelimited: Awaited<ReturnType<typeof startCloseDelimitedServer>>;

  const pageOver = MAX_PAGE_BYTES + MB;
  const hugeImage = noisePng(11 * MB);
  const deepDivs = pageWith(nested('<div>', '</div>', 100_000, '<p>Deep inside, a paragraph of text.</p>'), 'Deep divs');
  // A UTF-8 page (its quotes are ’) with three bytes that are not UTF-8: FF, and C3 without its continuation.
  const badUtf8 = Buffer.from(samplePage('bad-utf8').replace('White Russia.', 'White Russia. ###'), 'utf8');
  badUtf8.set([0xff, 0xc3, 0x28], badUtf8.indexOf('###'));
  /** The page with its address changed, its bytes left as they are. */
  const badUtf8As = (name: string) => Buffer.from(badUtf8.toString('latin1').replace('bad-utf8.html', `${name}.html`), 'latin1');

  beforeAll(async () => {
    site = await startPageServer({
      '/article': { body: samplePage('article') },
      '/article-2': { body: samplePage('article-2') },
      '/article-3': { body: samplePage('article-3') },
      '/oversize-declared': (_request, response) => streamPage(response, pageOver, 'length'),
      '/oversize-chunked': (_request, response) => streamPage(response, pageOver, 'chunked'),
      '/deep': { body: deepDivs },
      '/bad-utf8': { headers: { 'content-type': 'text/html' }, body: badUtf8 },
      '/bad-utf8-declared': { headers: { 'content-type': 'text/html; charset=utf-8' }, body: badUtf8As('bad-utf8-declared') },
      '/legacy-1252': { headers: { 'content-type': 'text/html' }, body: Buffer.from(pageWith('<p>Un café à Zürich, déjà vu.</p>', 'Latin page').replace('<meta charset="utf-8">', ''), 'latin1') },
      '/klingon-header': { headers: { 'content-type': 'text/html; charset=x-klingon' }, body: samplePage('klingon-header') },
      '/klingon-meta': { headers: { 'content-type': 'text/html' }, body: samplePage('klingon-meta').replace('<head>', '<head><meta charset="x-klingon">') },
      '/png': { body: png(64, 64, [200, 10, 10]) },
      '/zip': { body: Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), randomBytes(4096)]) },
      '/random': { body: randomBytes(64 * 1024) },
      '/huge-data-image': { body: pageWith(`<figure><img src="${dataUrl(hugeImage)}" alt="A huge inline picture"></figure>`, 'Huge inline picture') },
    });
    closeDelimited = await startCloseDelimitedServer(pageOver);
    served = await Served.start(data.dir);
  }, 60_000);

  afterAll(async () => {
    await served?.stop();
    await site?.close();
    await closeDelimited?.close();
    data.cleanup();
    files.cleanup();
  });

  /** Runs a call that must be refused, and checks that it left nothing behind. */
  async function refused(call: () => Promise<Reply>, code: string, message: RegExp, status?: number): Promise<Reply> {
    const before = served.state();
    const reply = await call();
    expectError(reply, code, message, status);
    expect(served.state()).toEqual(before);
    return reply;
  }

  async function textOf(id: string): Promise<string> {
    return (await served.must<ArticleDetail>('getArticle', { id })).text;
  }

  describe('a page over the 20 MB limit', () => {
    const limit = /larger than the 20 MB page limit/;

    it('by URL, declared in Content-Length, sent chunked, or ending with the connection', async () => {
      const declared = await refused(() => served.call('clipUrl', { url: site.url('/oversize-declared') }), 'too_large', /larger than the 20 MB page limit \(it declares 21 MB\)/, 413);
      expect(declared.error?.message).toContain(site.url('/oversize-declared'));
      await refused(() => served.call('clipUrl', { url: site.url('/oversize-chunked') }), 'too_large', limit, 413);
      await refused(() => served.call('clipUrl', { url: closeDelimited.url }), 'too_large', limit, 413);
    });

    it('as a file, as pasted HTML, and as HTML whose characters fit but whose bytes do not', async () => {
      const bytes = Buffer.alloc(pageOver, 'a');
      await refused(() => served.call('clipFile', { fileName: 'huge.html', contentBase64: bytes.toString('base64') }), 'too_large', /contentBase64 is larger than the 20 MB page limit/, 413);
      await refused(() => served.call('clipHtml', { html: 'a'.repeat(pageOver) }), 'too_large', /html is larger than the 20 MB page limit/, 413);
      // 8 Mi characters of three bytes each: under the limit in characters, 25 MB as a page.
      const wide = pageWith(`<p>${'東'.repeat(8 * MB)}</p>`);
      await refused(() => served.call('clipHtml', { html: wide }), 'too_large', /the pasted HTML is 2\d(\.\d)? MB, larger than the 20 MB page limit/, 413);
    }, 60_000);

    it('from the bookmarklet, in its own words when the page passes even the request limit', async () => {
      const url = 'https://news.example/huge';
      await refused(() => served.bookmarklet(JSON.stringify({ url, html: 'a'.repeat(pageOver) })), 'too_large', /html is larger than the 20 MB page limit/, 413);
      await refused(() => served.bookmarklet(JSON.stringify({ url, html: 'a'.repeat(33 * MB) })), 'too_large', /^This page is larger than the 20 MB page limit; it was not clipped\.$/, 413);
    }, 60_000);
  });

  describe('nesting 100,000 deep', () => {
    it('is refused at once at every door, naming the depth, and never overflows the stack', async () => {
      const deep = /nests its elements more than 512 deep/;
      await refused(() => served.call('clipUrl', { url: site.url('/deep') }), 'too_deep', deep);
      await refused(() => served.call('clipFile', { fileName: 'deep.html', contentBase64: Buffer.from(pageWith(nested('<blockquote>', '</blockquote>', 100_000, 'x'))).toString('base64') }), 'too_deep', deep);
      await refused(() => served.call('clipHtml', { html: pageWith(nested('<b>', '</b>', 100_000, 'bold')) }), 'too_deep', deep);
      await refused(() => served.bookmarklet(JSON.stringify({ url: 'https://news.example/deep', html: pageWith(nested('<ul><li>', '</li></ul>', 50_000, 'item')) })), 'too_deep', deep);
    }, 60_000);

    it('in the article itself (quotes or lists, not wrappers) past 99 levels is refused', async () => {
      const quotes = /nests quotes, lists or tables more than 99 deep/;
      await refused(() => served.call('clipHtml', { html: pageWith(nested('<blockquote>', '</blockquote>', 150, 'Quoted deep down.')) }), 'too_deep', quotes);
      // Lists in lists: two blocks a level in the document (the list and its item).
      await refused(() => served.call('clipHtml', { html: pageWith(nested('<ul><li>Level ', '</li></ul>', 150, 'item')) }), 'too_deep', quotes);
    }, 60_000);

    it('a page just within the limits is clipped, searched, read and exported', async () => {
      const page = pageWith(nested('<div>', '</div>', 400, nested('<blockquote>', '</blockquote>', 90, '<p>Wellspring sits ninety quotes down.</p>')), 'Deep but allowed');
      const clipped = await served.must<ClipResult>('clipHtml', { html: page, url: 'https://news.example/deep-but-allowed' });
      expect(await textOf(clipped.id)).toContain('Wellspring sits ninety quotes down.');
      const search = await served.must<{ hits: Array<{ id: string }> }>('search', { query: 'wellspring' });
      expect(search.hits.map((hit) => hit.id)).toContain(clipped.id);
      const folder = join(files.dir, 'deep-export');
      let status = await served.must<{ jobId: string; finished: boolean; error: string | null }>('startExport', { folder, articleId: clipped.id, fullText: true });
      while (!status.finished) {
        await sleep(100);
        status = await served.must('exportStatus', { jobId: status.jobId });
      }
      expect(status.error).toBeNull();
      const [exported] = readdirSync(join(folder, 'Articles'));
      expect(readFileSync(join(folder, 'Articles', exported), 'utf8')).toContain('Wellspring sits ninety quotes down.');
    }, 60_000);

    it('in a note, sent as a document or written as Markdown', async () => {
      const blocks = /nests its blocks more than 100 deep/;
      await refused(() => served.call('createNote', `{"title":"Deep","doc":${deepDocJson(100_000)}}`), 'too_deep', blocks, 422);
      await refused(() => served.call('createNote', `{"title":"Deep","doc":${deepDocJson(150)}}`), 'too_deep', blocks, 422);
      const markdown = /The Markdown nests quotes or lists more than 100 deep/;
      await refused(() => served.call('createNote', { markdown: `${'>'.repeat(100_000)} deep` }), 'too_deep', markdown);
      await refused(() => served.call('createNote', { markdown: `${'- '.repeat(100_000)}deep` }), 'too_deep', markdown);
      await refused(() => served.call('createNote', { markdown: `Intro\n\n${'<div>'.repeat(100_000)}deep` }), 'too_deep', /The Markdown's HTML nests its elements more than 512 deep/);
      // 60 levels of list pass the estimate made before marked runs, but are two blocks a level in the document.
      const list = Array.from({ length: 60 }, (_, level) => `${'  '.repeat(level)}- level ${level}`).join('\n');
      await refused(() => served.call('createNote', { markdown: list }), 'too_deep', /createNote: the note would nest its blocks more than 100 deep/);

      const note = await served.must<Note>('createNote', { title: 'Deep but allowed' });
      await refused(() => served.call('saveNote', `{"id":"${note.id}","title":"Deep","doc":${deepDocJson(100_000)}}`), 'too_deep', blocks);
      // The deepest note allowed is saved, and found.
      await served.must('saveNote', { id: note.id, title: 'Deep but allowed', doc: JSON.parse(deepDocJson(97)) });
      expect((await served.must<Note>('getNote', { id: note.id })).text).toContain('deep inside');
      const search = await served.must<{ hits: Array<{ id: string }> }>('search', { query: 'is:note inside' });
      expect(search.hits.map((hit) => hit.id)).toContain(note.id);
    }, 60_000);
  });

  describe('invalid UTF-8 and unknown charsets', () => {
    it('a UTF-8 page with a few broken bytes is clipped, with U+FFFD for them and its other characters intact', async () => {
      for (const path of ['/bad-utf8', '/bad-utf8-declared']) {
        const clipped = await served.must<ClipResult>('clipUrl', { url: site.url(path) });
        const text = await textOf(clipped.id);
        expect(text).toContain('White Russia. \ufffd\ufffd(');
        expect(text).toContain('Russia’s');
        expect(text).not.toContain('â€™');
      }
      // The same bytes as a file read as they did fetched: the same article, unchanged.
      const fromFile = await served.must<ClipResult>('clipFile', { fileName: 'broken.html', contentBase64: badUtf8.toString('base64') });
      expect(fromFile.outcome).toBe('unchanged');
    });

    it('a page in windows-1252 that does not say so still reads as windows-1252', async () => {
      const clipped = await served.must<ClipResult>('clipUrl', { url: site.url('/legacy-1252') });
      expect(await textOf(clipped.id)).toContain('Un café à Zürich, déjà vu.');
    });

    it('a page saved as UTF-16, with its byte order mark, reads (it was taken for UTF-8 and refused)', async () => {
      const page = pageWith('<p>Le comité s’est réuni à Zürich.</p>', 'Saved as UTF-16').replace('<meta charset="utf-8">', '');
      const contentBase64 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(page, 'utf16le')]).toString('base64');
      const clipped = await served.must<ClipResult>('clipFile', { fileName: 'utf16.html', contentBase64 });
      expect(await textOf(clipped.id)).toContain('Le comité s’est réuni à Zürich.');
    });

    it('an unknown charset is refused by name, saying where the page declares it', async () => {
      await refused(() => served.call('clipUrl', { url: site.url('/klingon-header') }), 'unknown_charset', /declares the character encoding "x-klingon" in its Content-Type header, which Commonplace does not know/);
      await refused(() => served.call('clipUrl', { url: site.url('/klingon-meta') }), 'unknown_charset', /declares the character encoding "x-klingon" in a <meta> tag/);
      const file = samplePage('klingon-file').replace('<head>', '<head><meta charset="x-klingon">');
      await refused(() => served.call('clipFile', { fileName: 'klingon.html', contentBase64: Buffer.from(file).toString('base64') }), 'unknown_charset', /^klingon\.html declares the character encoding "x-klingon" in a <meta> tag/);
    });

    it('from the bookmarklet the browser has already decoded the page, so its declared charset does not matter', async () => {
      const html = samplePage('klingon-bookmarklet').replace('<head>', '<head><meta charset="x-klingon">');
      const reply = await served.bookmarklet(JSON.stringify({ url: 'https://news.example/klingon', html }));
      expect(reply.error).toBeUndefined();
      expect(await textOf(reply.result!.id)).toContain(QUOTE);
    });
  });

  describe('binary data', () => {
    it('served as text/html, is named for what it is', async () => {
      await refused(() => served.call('clipUrl', { url: site.url('/png') }), 'not_html', /\/png is a PNG image, not an HTML page/, 422);
      await refused(() => served.call('clipUrl', { url: site.url('/zip') }), 'not_html', /\/zip is a ZIP archive, not an HTML page/);
      await refused(() => served.call('clipUrl', { url: site.url('/random') }), 'not_html', /\/random is binary data, not an HTML page|\/random does not look like an HTML page/);
    });

    it('given as an .html file, or sent by the bookmarklet', async () => {
      const contentBase64 = png(8, 8, [1, 2, 3]).toString('base64');
      await refused(() => served.call('clipFile', { fileName: 'photo.html', contentBase64 }), 'not_html', /^photo\.html is a PNG image, not an HTML page\.$/);
      const noise = randomBytes(4096).toString('latin1');
      await refused(() => served.bookmarklet(JSON.stringify({ url: 'https://news.example/noise', html: `\u0000${noise}` })), 'not_html', /binary data, not an HTML page/);
    });
  });

  describe('huge data: URLs', () => {
    it('an inline image over the 10 MB image limit: the article is kept, the image is reported and its bytes dropped', async () => {
      const clipped = await served.must<ClipResult>('clipUrl', { url: site.url('/huge-data-image') });
      expect(clipped.imagesSaved).toBe(0);
      expect(clipped.imageFailures).toEqual([{ url: expect.stringMatching(/^data:image\/png;base64,/), reason: 'larger than 10 MB' }]);
      const article = await served.must<ArticleDetail>('getArticle', { id: clipped.id });
      expect(JSON.stringify(article.doc)).not.toContain('data:');
      expect(articleDocHtml(article.doc)).not.toContain('data:');
      expect(articleDocHtml(article.doc)).toContain('Image: A huge inline picture');
      expect(JSON.stringify(article).length).toBeLessThan(100_000);
    }, 60_000);

    it('one that makes the page pass 20 MB refuses the page', async () => {
      const html = pageWith(`<img src="${dataUrl(noisePng(16 * MB))}" alt="too much">`);
      await refused(() => served.call('clipHtml', { html }), 'too_large', /larger than the 20 MB page limit/, 413);
    }, 60_000);

    it('many smaller ones adding up to megabytes are each kept once', async () => {
      const images = Array.from({ length: 20 }, () => noisePng(256 * 1024));
      const html = pageWith(images.map((image, index) => `<figure><img src="${dataUrl(image)}" alt="Plate ${index}"></figure>`).join(''), 'Plates');
      expect(html.length).toBeGreaterThan(6 * MB);
      const before = served.state();
      const clipped = await served.must<ClipResult>('clipHtml', { html, url: 'https://news.example/plates' });
      expect(clipped).toMatchObject({ imagesSaved: 20, imageFailures: [] });
      expect(served.state().rows.asset).toBe(before.rows.asset + 20);
      expect(JSON.stringify((await served.must<ArticleDetail>('getArticle', { id: clipped.id })).doc)).not.toContain('data:');
    }, 60_000);

    it('a data: URL in a link is dropped and its text kept', async () => {
      const html = pageWith('<p>Read <a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">the inline page</a> here.</p>', 'Inline link');
      const clipped = await served.must<ClipResult>('clipHtml', { html, url: 'https://news.example/inline-link' });
      const article = await served.must<ArticleDetail>('getArticle', { id: clipped.id });
      expect(article.text).toContain('Read the inline page here.');
      expect(JSON.stringify(article.doc)).not.toContain('data:');
      expect(articleDocHtml(article.doc)).not.toContain('data:');
    });
  });

  describe('enormous comments, statements and notes', () => {
    let articleId: string;
    let highlight: Highlight;
    beforeAll(async () => {
      articleId = (await served.must<ClipResult>('clipUrl', { url: site.url('/article') })).id;
      highlight = await served.must<Highlight>('createHighlight', { articleId, exact: QUOTE });
    });

    it('a comment of 100,000 characters is kept; one character more, or 10 million, is refused naming the limit', async () => {
      const longest = 'c'.repeat(MAX_COMMENT_CHARS);
      const kept = await served.must<Highlight>('updateHighlight', { id: highlight.id, comment: longest });
      expect(kept.comment).toHaveLength(MAX_COMMENT_CHARS);
      const limit = /comment is longer than the 100,000-character limit for a comment/;
      await refused(() => served.call('updateHighlight', { id: highlight.id, comment: `${longest}c` }), 'too_large', limit, 413);
      await refused(() => served.call('updateHighlight', { id: highlight.id, comment: 'c'.repeat(10_000_000) }), 'too_large', limit, 413);
      await refused(() => served.call('createHighlight', { articleId, exact: 'White Russia', comment: 'c'.repeat(10_000_000) }), 'too_large', limit, 413);
      expect((await served.must<Highlight[]>('listHighlights', { articleId }))[0].comment).toBe(longest);
    }, 60_000);

    it("a claim's statement and a link's rationale name their limits", async () => {
      await refused(() => served.call('updateHighlight', { id: highlight.id, statement: 's'.repeat(5001) }), 'too_large', /statement is longer than the 5,000-character limit/);
      const other = await served.must<Highlight>('createHighlight', { articleId, exact: 'White Russia', prefix: 'literal translation of the word Belarus is ' });
      await refused(() => served.call('createLink', { from: highlight.id, to: other.id, relation: 'supports', rationale: 'r'.repeat(20_001) }), 'too_large', /rationale is longer than the 20,000-character limit/);
    });

    it('a note of several MB is kept; past 5 MB, as a document or as Markdown, it is refused naming the limit', async () => {
      const paragraph = (text: string): DocNode => ({ type: 'paragraph', content: [{ type: 'text', text }] });
      const large = { type: 'doc', content: Array.from({ length: 40 }, () => paragraph('n'.repeat(100_000))) };
      const note = await served.must<Note>('createNote', { title: 'Four MB', doc: large });
      expect(note.text.length).toBeGreaterThanOrEqual(4_000_000);
      const over = { type: 'doc', content: Array.from({ length: 60 }, () => paragraph('o'.repeat(100_000))) };
      const limit = /is larger than the 5 MB note limit/;
      await refused(() => served.call('createNote', { title: 'Six MB', doc: over }), 'too_large', limit, 413);
      await refused(() => served.call('saveNote', { id: note.id, title: 'Six MB', doc: over }), 'too_large', limit, 413);
      await refused(() => served.call('createNote', { markdown: 'm'.repeat(MAX_NOTE_BYTES + 1) }), 'too_large', /markdown is larger than the 5 MB note limit/, 413);
      expect((await served.must<Note>('getNote', { id: note.id })).title).toBe('Four MB');
    }, 60_000);
  });

  describe('ids that are malformed, of the wrong kind, unknown or deleted', () => {
    interface Seeded {
      article: string;
      capture: string;
      otherCapture: string;
      highlight: string;
      claim: string;
      link: string;
      note: string;
      importJob: string;
      exportJob: string;
      deletedArticle: string;
      deletedHighlight: string;
      deletedLink: string;
      deletedNote: string;
    }
    let seeded: Seeded;

    beforeAll(async () => {
      const article = await served.must<ArticleDetail>('getArticle', { id: (await served.must<ClipResult>('clipUrl', { url: site.url('/article') })).id });
      const other = await served.must<ClipResult>('clipUrl', { url: site.url('/article-2') });
      const highlight = await served.must<Highlight>('createHighlight', { articleId: article.id, exact: 'Belarus recently made news' });
      const claim = await served.must<Highlight>('createHighlight', { articleId: article.id, exact: 'the first such visit in 17 years', isClaim: true });
      const link = await served.must<Link>('createLink', { from: claim.id, to: highlight.id, relation: 'supports' });
      const note = await served.must<Note>('createNote', { title: 'Kept' });
      const deletedArticle = await served.must<ClipResult>('clipUrl', { url: site.url('/article-3') });
      await served.must('trashArticle', { id: deletedArticle.id });
      await served.must('emptyTrash', {});
      const deletedHighlight = await served.must<Highlight>('createHighlight', { articleId: article.id, exact: 'White Russia', prefix: 'literal translation of the word Belarus is ' });
      await served.must('deleteHighlight', { id: deletedHighlight.id });
      const deletedLink = await served.must<Link>('createLink', { from: highlight.id, to: claim.id, relation: 'related' });
      await served.must('deleteLink', { id: deletedLink.id });
      const deletedNote = await served.must<Note>('createNote', { title: 'Gone' });
      await served.must('deleteNote', { id: deletedNote.id });
      const importJob = await served.must<{ jobId: string }>('startImport', { fileName: 'list.txt', content: site.url('/article') });
      const exportJob = await served.must<{ jobId: string }>('startExport', { folder: join(files.dir, 'ids-export'), articleId: article.id });
      seeded = {
        article: article.id,
        capture: article.captureId,
        otherCapture: other.captureId,
        highlight: highlight.id,
        claim: claim.id,
        link: link.id,
        note: note.id,
        importJob: importJob.jobId,
        exportJob: exportJob.jobId,
        deletedArticle: deletedArticle.id,
        deletedHighlight: deletedHighlight.id,
        deletedLink: deletedLink.id,
        deletedNote: deletedNote.id,
      };
    }, 60_000);

    type Kind = 'article' | 'capture' | 'highlight' | 'deleted highlight' | 'link' | 'note' | 'import' | 'export' | 'passage';
    /** For each method, its id fields, what kind of id each wants, and a call that is otherwise valid. */
    const idFields = (s: Seeded): Array<{ method: MethodName; input: Record<string, unknown>; field: string; kind: Kind }> => [
      { method: 'getArticle', input: { id: s.article }, field: 'id', kind: 'article' },
      { method: 'getArticle', input: { id: s.article, captureId: s.capture }, field: 'captureId', kind: 'capture' },
      { method: 'listCaptures', input: { id: s.article }, field: 'id', kind: 'article' },
      { method: 'reextractArticle', input: { id: s.article }, field: 'id', kind: 'article' },
      { method: 'updateArticle', input: { id: s.article, title: 'Changed' }, field: 'id', kind: 'article' },
      { method: 'setReadingState', input: { id: s.article, state: 'read' }, field: 'id', kind: 'article' },
      { method: 'setTags', input: { id: s.article, tags: ['changed'] }, field: 'id', kind: 'article' },
      { method: 'trashArticle', input: { id: s.article }, field: 'id', kind: 'article' },
      { method: 'restoreArticle', input: { id: s.article }, field: 'id', kind: 'article' },
      { method: 'createHighlight', input: { articleId: s.article, exact: QUOTE }, field: 'articleId', kind: 'article' },
      { method: 'listHighlights', input: { articleId: s.article }, field: 'articleId', kind: 'article' },
      { method: 'listHighlights', input: { articleId: s.article, captureId: s.capture }, field: 'captureId', kind: 'capture' },
      { method: 'updateHighlight', input: { id: s.highlight, color: 'blue' }, field: 'id', kind: 'highlight' },
      { method: 'deleteHighlight', input: { id: s.highlight }, field: 'id', kind: 'highlight' },
      { method: 'restoreHighlight', input: { id: s.deletedHighlight }, field: 'id', kind: 'deleted highlight' },
      { method: 'createLink', input: { from: s.highlight, to: s.claim, relation: 'contradicts' }, field: 'from', kind: 'highlight' },
      { method: 'createLink', input: { from: s.highlight, to: s.claim, relation: 'contradicts' }, field: 'to', kind: 'highlight' },
      { method: 'updateLink', input: { id: s.link, rationale: 'changed' }, field: 'id', kind: 'link' },
      { method: 'deleteLink', input: { id: s.link }, field: 'id', kind: 'link' },
      { method: 'listLinks', input: { id: s.highlight }, field: 'id', kind: 'passage' },
      { method: 'listArticleLinks', input: { articleId: s.article }, field: 'articleId', kind: 'article' },
      { method: 'listClaims', input: { articleId: s.article }, field: 'articleId', kind: 'article' },
      { method: 'getNote', input: { id: s.note }, field: 'id', kind: 'note' },
      { method: 'saveNote', input: { id: s.note, title: 'Changed', doc: { type: 'doc', content: [{ type: 'paragraph' }] } }, field: 'id', kind: 'note' },
      { method: 'deleteNote', input: { id: s.note }, field: 'id', kind: 'note' },
      { method: 'quoteIntoNote', input: { highlightId: s.highlight }, field: 'highlightId', kind: 'highlight' },
      { method: 'quoteIntoNote', input: { highlightId: s.highlight, noteId: s.note }, field: 'noteId', kind: 'note' },
      { method: 'startExport', input: { folder: join(files.dir, 'never-written'), articleId: s.article }, field: 'articleId', kind: 'article' },
      { method: 'importStatus', input: { jobId: s.importJob }, field: 'jobId', kind: 'import' },
      { method: 'exportStatus', input: { jobId: s.exportJob }, field: 'jobId', kind: 'export' },
    ];

    /** Ids that name nothing the field may take: of another kind, unknown, and deleted (where a kind can be). */
    const wrongIds = (s: Seeded, kind: Kind): Array<[label: string, id: string]> => {
      const other: Record<Kind, Array<[string, string]>> = {
        article: [['a note', s.note], ['a deleted article', s.deletedArticle]],
        capture: [['a highlight', s.highlight], ["another article's capture", s.otherCapture]],
        highlight: [['an article', s.article], ['a deleted highlight', s.deletedHighlight]],
        'deleted highlight': [['an article', s.article], ['a highlight that is not deleted', s.highlight]],
        link: [['a highlight', s.highlight], ['a deleted link', s.deletedLink]],
        passage: [['a link', s.link], ['a capture', s.capture], ['a deleted note', s.deletedNote]],
        note: [['an article', s.article], ['a deleted note', s.deletedNote]],
        import: [['an export job', s.exportJob]],
        export: [['an import job', s.importJob]],
      };
      return [...other[kind], ['an unknown id', UNKNOWN_ID]];
    };

    it('a malformed id is refused by the door, naming the field', async () => {
      for (const { method, input, field, kind } of idFields(seeded)) {
        const format = kind === 'import' ? /must be an import id/ : kind === 'export' ? /must be an export id/ : /must be a Commonplace id \(16 letters and digits 2–7\)/;
        const reply = await refused(() => served.call(method, { ...input, [field]: MALFORMED_ID }), 'invalid_input', new RegExp(`^${method}: ${field} ${format.source}`), 400);
        expect(reply.error?.field).toBe(field);
      }
    });

    it('an id of the wrong kind, an unknown one and a deleted one are not found, and the message names the id', async () => {
      for (const { method, input, field, kind } of idFields(seeded)) {
        for (const [label, id] of wrongIds(seeded, kind)) {
          const reply = await refused(() => served.call(method, { ...input, [field]: id }), 'not_found', new RegExp(id), 404);
          expect(reply.error?.field, `${method} ${field} = ${label}`).toBe(field);
        }
      }
      expect(existsSync(join(files.dir, 'never-written'))).toBe(false);
    });

    it('the CLI says the same on stderr, exits 1, and with --json prints {"error": {code, message}}', { timeout: 180_000 }, async () => {
      const runs = await Promise.all([
        cli(data.dir, 'show', MALFORMED_ID),
        cli(data.dir, 'highlights', seeded.deletedArticle),
        cli(data.dir, 'claim', seeded.note, '--json'),
        cli(data.dir, 'link', seeded.deletedHighlight, seeded.highlight, '--relation', 'supports'),
      ]);
      expect(runs.map((run) => run.code)).toEqual([1, 1, 1, 1]);
      expect(runs.map((run) => run.stdout)).toEqual([[], [], [], []]);
      expect(runs[0].stderr).toEqual([`commonplace show: getArticle: id must be a Commonplace id (16 letters and digits 2–7)`]);
      expect(runs[1].stderr).toEqual([`commonplace highlights: No article has the id ${seeded.deletedArticle}.`]);
      expect(runs[2].stderr.map((line) => JSON.parse(line))).toEqual([{ error: { code: 'not_found', message: `No highlight has the id ${seeded.note}.`, field: 'id' } }]);
      expect(runs[3].stderr).toEqual([`commonplace link: No highlight has the id ${seeded.deletedHighlight}.`]);
      const more = await Promise.all([
        cli(data.dir, 'links', seeded.link, '--json'),
        cli(data.dir, 'reclip', UNKNOWN_ID),
        cli(data.dir, 'export', '--out', join(files.dir, 'cli-never-written'), '--article', seeded.deletedArticle, '--json'),
      ]);
      expect(more.map((run) => run.code)).toEqual([1, 1, 1]);
      expect(JSON.parse(more[0].stderr[0])).toMatchObject({ error: { code: 'not_found', message: `No highlight, article or note has the id ${seeded.link}.` } });
      expect(more[1].stderr).toEqual([`commonplace reclip: No article has the id ${UNKNOWN_ID}.`]);
      expect(JSON.parse(more[2].stderr[0])).toMatchObject({ error: { code: 'not_found', message: expect.stringContaining(seeded.deletedArticle) } });
      expect(existsSync(join(files.dir, 'cli-never-written'))).toBe(false);
    });
  });

  describe('the CLI, for each kind of bad page and note', () => {
    const paths = {
      oversize: () => join(files.dir, 'oversize.html'),
      binary: () => join(files.dir, 'photo.html'),
      deep: () => join(files.dir, 'deep.html'),
      klingon: () => join(files.dir, 'klingon.html'),
    };
    beforeAll(() => {
      writeFileSync(paths.oversize(), Buffer.alloc(pageOver, 'a'));
      writeFileSync(paths.binary(), png(16, 16, [9, 9, 9]));
      writeFileSync(paths.deep(), deepDivs);
      writeFileSync(paths.klingon(), samplePage('klingon-cli').replace('<head>', '<head><meta charset="x-klingon">'));
    });

    it('clip refuses each with its own message, goes on to the next, exits 1 and keeps nothing', { timeout: 180_000 }, async () => {
      const inputs = [paths.oversize(), paths.binary(), paths.deep(), paths.klingon(), site.url('/oversize-chunked'), site.url('/png')];
      const before = served.state();
      const [text, json] = await Promise.all([cli(data.dir, 'clip', ...inputs), cli(data.dir, 'clip', ...inputs, '--json')]);
      expect(served.state()).toEqual(before);
      expect(text.code).toBe(1);
      expect(text.stdout).toEqual([]);
      expect(text.stderr).toEqual([
        `commonplace clip: ${paths.oversize()}: is 21 MB, larger than the 20 MB page limit; it was not clipped.`,
        `commonplace clip: ${paths.binary()}: photo.html is a PNG image, not an HTML page.`,
        `commonplace clip: ${paths.deep()}: deep.html nests its elements more than 512 deep (browsers build no deeper, and no real article comes close); it was not clipped.`,
        `commonplace clip: ${paths.klingon()}: klingon.html declares the character encoding "x-klingon" in a <meta> tag, which Commonplace does not know, so its text cannot be read; it was not clipped.`,
        `commonplace clip: ${site.url('/oversize-chunked')}: ${site.url('/oversize-chunked')} is larger than the 20 MB page limit; it was not clipped.`,
        `commonplace clip: ${site.url('/png')}: ${site.url('/png')} is a PNG image, not an HTML page.`,
      ]);
      expect(json.code).toBe(1);
      expect(json.stdout).toEqual([]);
      expect(json.stderr.map((line) => JSON.parse(line))).toEqual([
        { input: paths.oversize(), error: { code: 'too_large', message: expect.stringMatching(/20 MB page limit/) } },
        { input: paths.binary(), error: { code: 'not_html', message: expect.stringMatching(/PNG image/) } },
        { input: paths.deep(), error: { code: 'too_deep', message: expect.stringMatching(/512 deep/) } },
        { input: paths.klingon(), error: { code: 'unknown_charset', message: expect.stringMatching(/x-klingon/) } },
        { input: site.url('/oversize-chunked'), error: { code: 'too_large', message: expect.stringMatching(/20 MB page limit/) } },
        { input: site.url('/png'), error: { code: 'not_html', message: expect.stringMatching(/PNG image/) } },
      ]);
    });

    it('clips a page with broken UTF-8 bytes and one with an image too large to keep, reporting the image', { timeout: 120_000 }, async () => {
      const broken = join(files.dir, 'broken-cli.html');
      writeFileSync(broken, badUtf8As('broken-cli'));
      const inline = join(files.dir, 'inline-cli.html');
      writeFileSync(inline, pageWith(`<img src="${dataUrl(hugeImage)}" alt="inline">`, 'Inline picture, CLI'));
      const run = await cli(data.dir, 'clip', broken, inline, '--json');
      expect(run.stderr).toEqual([]);
      expect(run.code).toBe(0);
      const [first, second] = run.stdout.map((line) => JSON.parse(line) as ClipResult);
      expect(await textOf(first.id)).toContain('\ufffd');
      expect(second.imageFailures).toEqual([{ url: expect.stringMatching(/^data:image\/png/), reason: 'larger than 10 MB' }]);
    });

    it('highlight refuses a comment past the limit, and note new a Markdown file too large or too deep', { timeout: 120_000 }, async () => {
      const articleId = (await served.must<ClipResult>('clipUrl', { url: site.url('/article') })).id;
      const large = join(files.dir, 'large.md');
      writeFileSync(large, 'm'.repeat(MAX_NOTE_BYTES + 1));
      const deep = join(files.dir, 'deep.md');
      writeFileSync(deep, `${'> '.repeat(100_000)}deep`);
      const before = served.state();
      const [comment, tooLarge, tooDeep] = await Promise.all([
        cli(data.dir, 'highlight', articleId, '--quote', QUOTE, '--comment', 'c'.repeat(MAX_COMMENT_CHARS + 1), '--json'),
        cli(data.dir, 'note', 'new', '--from-markdown', large),
        cli(data.dir, 'note', 'new', '--from-markdown', deep),
      ]);
      expect(served.state()).toEqual(before);
      expect(comment.code).toBe(1);
      expect(JSON.parse(comment.stderr[0])).toEqual({
        error: { code: 'too_large', message: 'createHighlight: comment is longer than the 100,000-character limit for a comment', field: 'comment' },
      });
      expect(tooLarge).toMatchObject({ code: 1, stderr: [`commonplace note: ${large} is larger than the 5 MB note limit.`] });
      expect(tooDeep).toMatchObject({ code: 1, stderr: ['commonplace note: The Markdown nests quotes or lists more than 100 deep; no note was made.'] });
    });
  });
});
