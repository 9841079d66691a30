/**
 * Reading lists to import: Pocket's CSV export (title, url, time_added, tags, status) or a
 * text file with one URL a line. Parsed here, in common, so the CLI and the app agree.
 */
import type { ReadingState } from './model';

export interface ImportItem {
  url: string;
  title?: string;
  /** ISO 8601: when the user saved it in the other tool. */
  savedAt?: string;
  tags: string[];
  state?: ReadingState;
}

export interface ImportFailure {
  url: string;
  reason: string;
}

export interface ImportStatus {
  jobId: string;
  total: number;
  done: number;
  clipped: number;
  skipped: number;
  failures: ImportFailure[];
  finished: boolean;
}

export function parseImportList(fileName: string, content: string): ImportItem[] {
  const text = content.replace(/^\uFEFF/, '');
  const firstLine = text.split(/\r?\n/, 1)[0].toLowerCase();
  if (/\.csv$/i.test(fileName) || (firstLine.includes('url') && firstLine.includes(','))) return parsePocketCsv(text);
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => /^https?:\/\//i.test(line))
    .map((url) => ({ url, tags: [] }));
}

function parsePocketCsv(text: string): ImportItem[] {
  const [header, ...rows] = parseCsv(text);
  if (!header) return [];
  const column = (name: string) => header.findIndex((cell) => cell.trim().toLowerCase() === name);
  const [url, title, added, tags, status] = ['url', 'title', 'time_added', 'tags', 'status'].map(column);
  if (url < 0) return [];
  return rows
    .filter((row) => /^https?:\/\//i.test(row[url]?.trim() ?? ''))
    .map((row) => ({
      url: row[url].trim(),
      title: row[title]?.trim() || undefined,
      savedAt: unixToIso(row[added]),
      tags: (row[tags] ?? '').split('|').map((tag) => tag.trim()).filter(Boolean),
      state: pocketState(row[status]),
    }));
}

function unixToIso(value: string | undefined): string | undefined {
  const seconds = Number(value);
  return Number.isFinite(seconds) && seconds > 0 ? new Date(seconds * 1000).toISOString() : undefined;
}

function pocketState(value: string | undefined): ReadingState | undefined {
  const status = value?.trim().toLowerCase();
  if (status === 'archive' || status === 'archived' || status === 'read') return 'archived';
  if (status === 'unread') return 'unread';
  return undefined;
}

/** RFC 4180 CSV: quoted fields, doubled quotes, newlines inside quotes. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (quoted) {
      if (char === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (char === '"') quoted = false;
      else field += char;
    } else if (char === '"') quoted = true;
    else if (char === ',') {
      row.push(field);
      field = '';
    } else if (char === '\n' || char === '\r') {
      if (char === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += char;
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows.filter((cells) => cells.some((cell) => cell.trim() !== ''));
}
