/** The capture table: immutable snapshots of an article. Rows are inserted, never updated. */
import { brotliCompressSync, brotliDecompressSync, constants, gunzipSync } from 'node:zlib';
import type { CaptureInfo, DocNode } from '../common/model';
import type { Db } from './database';
import { prepared } from './statements';

export interface Capture {
  id: string;
  articleId: string;
  fetchedUrl: string | null;
  doc: DocNode;
  text: string;
  wordCount: number;
  contentHash: string;
  capturedAt: string;
}

/** A new capture: what is read back, and the provenance kept with it. */
export interface CaptureFields extends Omit<Capture, 'id'> {
  /** The page's bytes as fetched or sent; kept compressed. */
  raw: Uint8Array | null;
  contentType: string | null;
  lastModified: string | null;
  etag: string | null;
  /** What extraction found in this capture (JSON object). */
  metadata: Record<string, unknown>;
}

interface CaptureRow {
  id: string;
  article_id: string;
  fetched_url: string | null;
  doc: string;
  text: string;
  word_count: number;
  content_hash: string;
  captured_at: string;
}

const CAPTURE_COLUMNS = 'id, article_id, fetched_url, doc, text, word_count, content_hash, captured_at';

function toCapture(row: CaptureRow): Capture {
  return {
    id: row.id,
    articleId: row.article_id,
    fetchedUrl: row.fetched_url,
    doc: JSON.parse(row.doc) as DocNode,
    text: row.text,
    wordCount: row.word_count,
    contentHash: row.content_hash,
    capturedAt: row.captured_at,
  };
}

export function insertCapture(db: Db, id: string, fields: CaptureFields): void {
  prepared(db,
    `INSERT INTO capture (id, article_id, fetched_url, doc, text, word_count, content_hash, captured_at,
                          raw, content_type, last_modified, etag, metadata)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(
    id,
    fields.articleId,
    fields.fetchedUrl,
    JSON.stringify(fields.doc),
    fields.text,
    fields.wordCount,
    fields.contentHash,
    fields.capturedAt,
    fields.raw && compressRawPage(fields.raw),
    fields.contentType,
    fields.lastModified,
    fields.etag,
    JSON.stringify(fields.metadata),
  );
}

/** An article's captures, the newest first: by capture time, and by insertion among captures of the same instant. */
const NEWEST_FIRST = 'ORDER BY captured_at DESC, rowid DESC';

/** The SQL for `columns` of an article's newest capture. */
const newestOf = (columns: string) => `SELECT ${columns} FROM capture WHERE article_id = ? ${NEWEST_FIRST} LIMIT 1`;

export function newestCapture(db: Db, articleId: string): Capture | undefined {
  const row = prepared(db, newestOf(CAPTURE_COLUMNS)).get(articleId) as CaptureRow | undefined;
  return row && toCapture(row);
}

/**
 * The newest capture's id and text (not its HTML or document: enough to place highlights), for
 * many articles in turn (an export), its statement prepared once.
 */
export function newestCaptureRefReader(db: Db): (articleId: string) => { id: string; text: string } | undefined {
  const statement = prepared(db, newestOf('id, text'));
  return (articleId) => statement.get(articleId) as { id: string; text: string } | undefined;
}

/** The newest capture's text alone, for what needs no more (search snippets). */
export function newestCaptureText(db: Db, articleId: string): string | undefined {
  const row = prepared(db, newestOf('text')).get(articleId) as { text: string } | undefined;
  return row?.text;
}

export function getCapture(db: Db, captureId: string): Capture | undefined {
  const row = prepared(db, 'SELECT ' + CAPTURE_COLUMNS + ' FROM capture WHERE id = ?').get(captureId) as CaptureRow | undefined;
  return row && toCapture(row);
}

export function listCaptures(db: Db, articleId: string): CaptureInfo[] {
  const rows = prepared(db,
      `SELECT id, captured_at, fetched_url, word_count, content_type, last_modified, etag, raw IS NOT NULL AS has_raw
       FROM capture WHERE article_id = ? ${NEWEST_FIRST}`,
    )
    .all(articleId) as Array<{
    id: string;
    captured_at: string;
    fetched_url: string | null;
    word_count: number;
    content_type: string | null;
    last_modified: string | null;
    etag: string | null;
    has_raw: number;
  }>;
  return rows.map((row) => ({
    id: row.id,
    capturedAt: row.captured_at,
    fetchedUrl: row.fetched_url,
    wordCount: row.word_count,
    contentType: row.content_type,
    lastModified: row.last_modified,
    etag: row.etag,
    hasRawPage: row.has_raw === 1,
  }));
}

/** The newest capture that kept its raw page, for re-running extraction on it. */
export function newestRawPage(db: Db, articleId: string): { bytes: Buffer; fetchedUrl: string | null; contentType: string | null } | undefined {
  const row = prepared(db, `SELECT raw, fetched_url, content_type FROM capture WHERE article_id = ? AND raw IS NOT NULL ${NEWEST_FIRST} LIMIT 1`)
    .get(articleId) as { raw: Buffer; fetched_url: string | null; content_type: string | null } | undefined;
  return row && { bytes: decompressRawPage(row.raw), fetchedUrl: row.fetched_url, contentType: row.content_type };
}

/** Brotli's window as written here: 22 bits, which no stream can begin with gzip's 1f 8b for. */
const RAW_PAGE_WINDOW_BITS = 22;
const GZIP_MAGIC = [0x1f, 0x8b];

/**
 * Brotli at quality 1 keeps real pages a tenth smaller than gzip at its fastest level, in a
 * third of the time: the page is compressed on every clip, and read back only to extract it
 * again.
 */
export function compressRawPage(bytes: Uint8Array): Buffer {
  return brotliCompressSync(bytes, {
    params: {
      [constants.BROTLI_PARAM_QUALITY]: 1,
      [constants.BROTLI_PARAM_LGWIN]: RAW_PAGE_WINDOW_BITS,
      [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length,
    },
  });
}

/** Captures made before Brotli kept gzip, which its first two bytes tell apart. */
export function decompressRawPage(raw: Buffer): Buffer {
  return raw[0] === GZIP_MAGIC[0] && raw[1] === GZIP_MAGIC[1] ? gunzipSync(raw) : brotliDecompressSync(raw);
}
