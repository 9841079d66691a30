/**
 * Migrations keep what they migrate. For every schema version N, a notebook is built as the
 * Commonplace of that version left it: the migrations applied one version at a time, each
 * followed by the data that version could hold (tests/fixtures/migrations/seed-000K.sql, for
 * each version K that brought tables or columns), so old rows pass through every later migration
 * as real ones did. The current code then opens it, and every row of every table that version
 * had must be there with the same content, and the service must read it back: articles and
 * their captures, tags, assets, highlights and their placements, the search index, notes, links.
 */
import Database from 'better-sqlite3';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { NotebookError } from '../../src-main/common/errors';
import { ID_PATTERN } from '../../src-main/common/ids';
import { DATABASE_FILE } from '../../src-main/data-dir';
import { articleDocHtml } from '../../src-main/export/doc-html';
import { openNotebook, type Notebook } from '../../src-main/notebook';
import { listBackups } from '../../src-main/store/backups';
import { INDEXED_KINDS } from '../../src-main/store/search';
import { rowidsOf } from '../../src-main/store/search-rowids';
import { loadMigrations, migrate, MIGRATIONS_DIR, schemaVersion } from '../../src-main/store/migrations';
import { fixturePath } from '../support/temp';
import { tempFolders } from '../support/temp-folders';

const MIGRATIONS = loadMigrations();
const LATEST = MIGRATIONS.length;
/** The clock the notebooks are opened with: a few hours after the newest seeded change. */
const NOW = new Date('2025-03-01T12:00:00.000Z');

const SEEDS = new Map(
  readdirSync(fixturePath('migrations/'))
    .map((name) => /^seed-(\d{4})\.sql$/.exec(name))
    .filter((match) => match !== null)
    .map((match) => [Number(match[1]), readFileSync(fixturePath(`migrations/${match[0]}`), 'utf8')] as const),
);

/**
 * Ranked lists, postings and packed item columns the app builds from the index when it likes (store/search-top-build.ts),
 * and the rowids the index has given out, which start again when it is built again: derived, so
 * no fixture holds them.
 */
const DERIVED_TABLES = ['search_top', 'search_top_list', 'search_top_state', 'search_postings', 'search_postings_late', 'search_rowids_given', 'search_item_columns'];

/**
 * The search index mirrors the rows, and a migration may have it built again from them (0016,
 * which gives each kind its own rowids): its items must all be there whatever their rowids, and
 * FTS5's tables of words are checked by searching. Whether a build is due (search_rebuild) changes
 * with it.
 */
const REBUILT_INDEX = { items: 'search_item', words: 'search_words_', due: 'search_rebuild' };

/** Columns a later migration dropped because they repeated what other columns hold. */
const DROPPED_COLUMNS: Record<string, string[]> = {
  // 0014: a capture's HTML is written from its document when asked (export/doc-html.ts).
  capture: ['html'],
};

function buildNotebookAt(version: number, dataDir: string): void {
  mkdirSync(dataDir, { recursive: true });
  const db = new Database(join(dataDir, DATABASE_FILE));
  db.pragma('journal_mode = WAL');
  for (let step = 1; step <= version; step++) {
    migrate(db, MIGRATIONS.slice(0, step));
    const seed = SEEDS.get(step);
    if (seed) db.exec(seed);
  }
  db.close();
}

interface TableRows {
  columns: string[];
  /** Each row as JSON, sorted: tables compare as multisets of rows. */
  rows: string[];
}

/** Every row of every table (FTS5's shadow tables too; its virtual table holds nothing of its own). */
function tableRows(db: Database.Database): Map<string, TableRows> {
  const tables = db
    .prepare("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND sql NOT LIKE 'CREATE VIRTUAL TABLE%' ORDER BY name")
    .pluck()
    .all() as string[];
  return new Map(
    tables.map((table) => {
      const columns = (db.prepare(`SELECT name FROM pragma_table_info(?)`).pluck().all(table) as string[]);
      return [table, rowsOf(db, table, columns)];
    }),
  );
}

function rowsOf(db: Database.Database, table: string, columns: string[]): TableRows {
  const select = `SELECT ${columns.map((column) => `"${column}"`).join(', ')} FROM "${table}"`;
  const rows = (db.prepare(select).raw().all() as unknown[][]).map((row) => JSON.stringify(row.map((value) => (Buffer.isBuffer(value) ? value.toString('hex') : value))));
  return { columns, rows: rows.sort() };
}

/** The rows of `table` with only the `columns` given, sorted. */
function projected(table: TableRows, columns: string[]): string[] {
  const indexes = columns.map((column) => table.columns.indexOf(column));
  return table.rows.map((row) => JSON.stringify(indexes.map((index) => (JSON.parse(row) as unknown[])[index]))).sort();
}

function snapshot(file: string): Map<string, TableRows> {
  const db = new Database(file, { readonly: true });
  try {
    return tableRows(db);
  } finally {
    db.close();
  }
}

describe('migrating a notebook of every earlier schema version', () => {
  const folder = tempFolders();

  it('has seeds that only earlier or current versions can hold, with ids of the real format', () => {
    expect([...SEEDS.keys()].every((version) => version >= 1 && version <= LATEST)).toBe(true);
    const dataDir = folder();
    buildNotebookAt(LATEST, dataDir);
    const db = new Database(join(dataDir, DATABASE_FILE), { readonly: true });
    const ids = db.prepare('SELECT id FROM object').pluck().all() as string[];
    expect(ids.length).toBeGreaterThan(10);
    expect(ids.filter((id) => !ID_PATTERN.test(id))).toEqual([]);
    expect(db.pragma('foreign_key_check')).toEqual([]);
    // A new table must come with a seed, or the fixtures would not show that later migrations keep it.
    const empty = [...tableRows(db)].filter(([table, { rows }]) => rows.length === 0 && !DERIVED_TABLES.includes(table)).map(([table]) => table);
    expect(empty).toEqual([]);
    db.close();
  });

  it.each(Array.from({ length: LATEST }, (_, index) => index + 1))('opens a version-%i notebook with every row and its content intact', async (version) => {
    const dataDir = folder();
    buildNotebookAt(version, dataDir);
    const file = join(dataDir, DATABASE_FILE);
    const before = snapshot(file);

    const notebook = openNotebook(dataDir, { now: () => NOW });
    try {
      expect(schemaVersion(notebook.db)).toBe(LATEST);
      expect(notebook.db.pragma('foreign_key_check')).toEqual([]);
      expect(notebook.db.pragma('integrity_check', { simple: true })).toBe('ok');

      // Every table the old version had still holds exactly its rows, column for column; the
      // derived lists may be reshaped and built again (0011 did both).
      for (const [table, old] of before) {
        if (DERIVED_TABLES.includes(table) || table.startsWith(REBUILT_INDEX.words) || table === REBUILT_INDEX.due) continue;
        const columns = notebook.db.prepare('SELECT name FROM pragma_table_info(?)').pluck().all(table) as string[];
        const dropped = DROPPED_COLUMNS[table] ?? [];
        const kept = old.columns.filter((column) => !dropped.includes(column));
        expect(columns, table).toEqual(expect.arrayContaining(kept));
        expect(columns.filter((column) => dropped.includes(column)), table).toEqual([]);
        const compared = table === REBUILT_INDEX.items ? kept.filter((column) => column !== 'rowid') : kept;
        expect(rowsOf(notebook.db, table, compared).rows, table).toEqual(projected(old, compared));
      }
      const outOfRange = INDEXED_KINDS.flatMap((kind) =>
        notebook.db.prepare('SELECT object_id FROM search_item WHERE kind = ? AND NOT (rowid >= ? AND rowid < ?)').pluck().all(kind, rowidsOf(kind).first, rowidsOf(kind).end),
      );
      expect(outOfRange).toEqual([]);

      // The copy taken before migrating is the old notebook, row for row.
      const backups = listBackups(file);
      if (version === LATEST) {
        expect(backups).toEqual([]);
      } else {
        expect(backups).toHaveLength(1);
        expect(backups[0].beforeVersion).toBe(LATEST);
        expect(snapshot(backups[0].file)).toEqual(before);
      }

      await checkThroughTheService(notebook, version);
    } finally {
      notebook.close();
    }
  });
});

/** What each version's seed put in, read back through the service as the app reads it. */
async function checkThroughTheService(notebook: Notebook, version: number): Promise<void> {
  const { service } = notebook;
  const titles = (await service.listArticles({})).map((article) => article.title);
  const essayTitle = version >= 2 ? 'Marginalia, from scribes to screens' : 'Field notes on marginalia';
  expect(titles).toEqual(expect.arrayContaining([essayTitle, 'Беларусь и Иран: дорожная карта']));

  const essay = await service.getArticle({ id: 'amarginaliaessay' });
  expect(essay.captureId).toBe('cmarginaliasecnd');
  expect(essay.text).toContain('medieval scribes left glosses between the lines');
  expect(articleDocHtml(essay.doc)).toContain('medieval scribes left <em>glosses</em> between the lines');
  expect(essay.authors).toEqual(['Ada Quill']);
  expect(essay.captureCount).toBe(2);
  expect((await service.listCaptures({ id: 'amarginaliaessay' })).map((capture) => capture.id).sort()).toEqual(['cmarginaliafirst', 'cmarginaliasecnd']);
  expect((await service.getArticle({ id: 'abelarusiranfile' })).text).toBe('Минск и Тегеран подписали дорожную карту сотрудничества.\n\nВизит стал первым за семнадцать лет.');
  // Version 2 learnt each article's addresses from the ones it had, so clipping them again finds the article.
  const addresses = notebook.db.prepare('SELECT url FROM article_url WHERE article_id = ?').pluck().all('amarginaliaessay');
  expect(addresses).toEqual(expect.arrayContaining(['https://www.example.org/essays/marginalia']));

  // Search finds old content: from the index built at open (before version 5) or kept (since).
  const searchIds = async (query: string) => (await service.search({ query })).hits.map((hit) => hit.id);
  expect(await searchIds('margins')).toContain('amarginaliaessay');
  expect(await searchIds('Тегеран')).toContain('abelarusiranfile');

  if (version >= 2) {
    expect(essay.readingState).toBe('read');
    expect([...essay.tags].sort()).toEqual(['Reading', 'history']);
    expect(await service.listTags()).toEqual(expect.arrayContaining([{ name: 'history', count: 2 }, { name: 'Reading', count: 1 }]));
    const paper = await service.getArticle({ id: 'aoceanpaperdoi22' });
    expect(paper).toMatchObject({ doi: '10.5555/ocean.2024.17', journal: 'Journal of Ocean Studies', publisher: 'Example Society Press', authors: ['R. Okafor', 'L. Lindqvist'] });
    const raw = notebook.db.prepare('SELECT raw FROM capture WHERE id = ?').pluck().get('coceanpaperdoi22') as Buffer;
    expect(gunzipSync(raw).toString('utf8')).toContain('<h1>Ocean heat content, 1955-2024</h1>');
    const figure = service.media('67178f02d40738bba8b3882a5d5307165a5eee94b7daf3874c178916f87599f0');
    expect(figure?.mime).toBe('image/png');
    expect(createHash('sha256').update(figure!.bytes).digest('hex')).toBe('67178f02d40738bba8b3882a5d5307165a5eee94b7daf3874c178916f87599f0');
    expect((await service.listArticles({ trashed: true })).map((article) => article.id)).toEqual(['atrashedarticle2']);
    expect(await searchIds('kilometres')).toContain('aoceanpaperdoi22');
  }

  if (version >= 3) {
    const highlights = await service.listHighlights({ articleId: 'amarginaliaessay' });
    expect(highlights.map((highlight) => [highlight.id, highlight.placement.status])).toEqual([
      ['hmarginsfirstcap', 'exact'],
      ['hprintolderclaim', 'exact'],
      ['hglossesquote333', 'exact'],
    ]);
    for (const highlight of highlights) expect(essay.text.slice(highlight.placement.start!, highlight.placement.end!)).toBe(highlight.quote.exact);
    expect(highlights[2].comment).toBe('The oldest kind of annotation: compare the Talmud\'s page.');
    expect((await service.listClaims({})).map((claim) => claim.id)).toEqual(['hprintolderclaim']);
    expect(await searchIds('glosses')).toEqual(expect.arrayContaining(['amarginaliaessay', 'hglossesquote333']));
    expect(await searchIds('Talmud')).toEqual(['hglossesquote333']);
  }

  if (version >= 4) {
    // Deleted three hours before NOW: hidden, and still within the day Undo has.
    expect(await service.listHighlights({ articleId: 'abelarusiranfile' })).toEqual([]);
    const restored = await service.restoreHighlight({ id: 'hdeletedrecently' });
    expect(restored.quote.exact).toBe('дорожную карту');
    expect(restored.placement.status).toBe('exact');
  }

  if (version >= 5) {
    expect(await searchIds('heat site:journals.example.net')).toEqual(['aoceanpaperdoi22']);
  }

  if (version >= 10) {
    const note = await service.getNote({ id: 'nreadingnotes222' });
    expect(note.title).toBe('Notes on marginalia');
    expect(note.text).toContain('A palimpsest of readers');
    expect(note.references.map((reference) => reference.targetId)).toEqual(['hglossesquote333']);
    const links = await service.listLinks({ id: 'hprintolderclaim' });
    expect(links.incoming.map((link) => [link.id, link.relation, link.from.id])).toEqual([['lsupportslink222', 'supports', 'hglossesquote333']]);
    expect((await service.listLinks({ id: 'hglossesquote333' })).citedBy.map((cited) => cited.id)).toEqual(['nreadingnotes222']);
    expect(await searchIds('palimpsest')).toEqual(['nreadingnotes222']);
    expect(await searchIds('predates')).toEqual(['hprintolderclaim']);
  }
}

describe('a migration that fails', () => {
  const folder = tempFolders();
  const migrationsFolder = tempFolders('commonplace-migrations-');

  /** The shipped migrations and one more, `sql`, numbered after them. */
  function migrationsWith(sql: string): string {
    const dir = migrationsFolder();
    for (const name of readdirSync(MIGRATIONS_DIR)) copyFileSync(join(MIGRATIONS_DIR, name), join(dir, name));
    writeFileSync(join(dir, `${String(LATEST + 1).padStart(4, '0')}-broken.sql`), sql);
    return dir;
  }

  it.each([
    {
      what: 'with a statement that fails after others succeeded, on a notebook two versions behind',
      from: LATEST - 2,
      sql: "ALTER TABLE article ADD COLUMN rating INTEGER;\nUPDATE article SET rating = 5;\nDELETE FROM highlight_anchor;\nINSERT INTO no_such_table (x) VALUES (1);\n",
      cause: /no such table: no_such_table/,
    },
    {
      what: 'that would break a foreign key',
      from: LATEST,
      sql: "UPDATE article SET title = 'Overwritten';\nINSERT INTO article_tag (article_id, tag_id) VALUES ('amarginaliaessay', 'tnosuchtag222222');\n",
      cause: /it would break 1 foreign key\(s\)/,
    },
  ])('$what leaves the notebook as it was, byte for byte, after taking a backup', ({ from, sql, cause }) => {
    const dataDir = folder();
    buildNotebookAt(from, dataDir);
    const file = join(dataDir, DATABASE_FILE);
    const bytes = readFileSync(file);
    const before = snapshot(file);

    let error: unknown;
    try {
      openNotebook(dataDir, { now: () => NOW, migrations: loadMigrations(migrationsWith(sql)) });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(Error);
    const label = `${String(LATEST + 1).padStart(4, '0')}-broken`;
    expect((error as Error).message).toMatch(new RegExp(`^Migration ${label} failed, so the notebook was left as it was \\(schema version ${from}\\): `));
    expect((error as Error).message).toMatch(cause);

    expect(readFileSync(file).equals(bytes)).toBe(true);
    expect(existsSync(`${file}-wal`) ? statSync(`${file}-wal`).size : 0).toBe(0);
    expect(snapshot(file)).toEqual(before);
    const raw = new Database(file, { readonly: true });
    expect(schemaVersion(raw)).toBe(from);
    raw.close();
    const [backup] = listBackups(file);
    expect(backup.beforeVersion).toBe(LATEST + 1);
    expect(snapshot(backup.file)).toEqual(before);

    // The shipped migrations still open it, with everything in it.
    const notebook = openNotebook(dataDir, { now: () => NOW });
    expect(schemaVersion(notebook.db)).toBe(LATEST);
    expect(notebook.db.prepare('SELECT count(*) FROM article').pluck().get()).toBe(4);
    notebook.close();
  });
});

describe('the backup before migrating', () => {
  const folder = tempFolders();

  it('is refused for a notebook damaged where opening does not look, so nothing migrates and no damaged copy counts', () => {
    const dataDir = folder();
    buildNotebookAt(LATEST - 1, dataDir);
    const file = join(dataDir, DATABASE_FILE);
    // An index page: opening reads a few pages of each table, the backup's check reads every page.
    const raw = new Database(file);
    const page = raw.prepare("SELECT rootpage FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'article' AND sql IS NOT NULL").pluck().get() as number;
    const pageSize = raw.pragma('page_size', { simple: true }) as number;
    raw.close();
    const bytes = readFileSync(file);
    bytes.fill(0x5a, (page - 1) * pageSize, page * pageSize);
    writeFileSync(file, bytes);

    let error: unknown;
    try {
      openNotebook(dataDir, { now: () => NOW }).close();
    } catch (caught) {
      error = caught;
    }
    expect((error as NotebookError).code).toBe('corrupt_database');
    expect((error as Error).message).toContain(`The notebook's database ${file} is damaged: SQLite reports “`);
    const aside = `${file}.corrupt-2025-03-01T12-00-00-000Z`;
    expect(readFileSync(aside).equals(bytes)).toBe(true);
    expect(listBackups(file)).toEqual([]);
    expect(readdirSync(join(dataDir, 'backups'))).toEqual([]);
  });
});
