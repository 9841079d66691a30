import { readFileSync } from 'node:fs';
import { openNotebook, type Notebook } from '../../src-main/notebook';
import { fixturePath, tempDir } from './temp';

/** A real notebook (SQLite file) in a temp dir; close() also removes the dir. */
export function openTempNotebook(): Notebook {
  const { dir, cleanup } = tempDir();
  const notebook = openNotebook(dir);
  return { ...notebook, close: () => { notebook.close(); cleanup(); } };
}

export function fixtureBase64(name: string): string {
  return readFileSync(fixturePath(name)).toString('base64');
}

/** Rows in every table: "stores nothing" means all of these stay zero. */
export function rowCounts(notebook: Notebook): Record<string, number> {
  const count = (table: string) => (notebook.db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
  return { object: count('object'), article: count('article'), capture: count('capture') };
}

/** Paragraphs compared as a reader sees them: any run of whitespace (NBSP too) is one space. */
export function normalizeSpace(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}
