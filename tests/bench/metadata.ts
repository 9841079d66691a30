/**
 * Metadata agreement over ../shared/corpus/readability: the title, byline, excerpt, site name,
 * language, direction and published date our pipeline keeps, against each page's
 * expected-metadata.json, with bare Readability on linkedom measured in the same run.
 * Strings are compared after trimming and collapsing whitespace, dates by what they mean, a
 * byline by the names it holds.
 */
import { Readability } from '@mozilla/readability';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseHTML } from 'linkedom';
import { clipPage } from '../../src-main/clip/clip-page';
import { authorsFromByline } from '../../src-main/clip/extract';
import { corpusDir } from './clip';
import { markdownTable } from './stats';

// Readability's own test harness uses this address for every page.
const PAGE_URL = 'http://fakehost/test/page.html';
const FIELDS = ['title', 'byline', 'excerpt', 'siteName', 'lang', 'dir', 'publishedTime'] as const;
type Field = (typeof FIELDS)[number];
type Expected = Partial<Record<Field, string | null>>;

/** What a pipeline kept for a page, in the expected file's terms. */
interface Found {
  title: string | null;
  byline: string | null;
  authors: string[];
  excerpt: string | null;
  siteName: string | null;
  lang: string | null;
  dir: string | null;
  publishedTime: string | null;
}

interface Page {
  name: string;
  bytes: Uint8Array;
  expected: Expected;
}

function loadPages(root: string): Page[] {
  const dir = corpusDir(root, 'readability');
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .filter((entry) => ['source.html', 'expected-metadata.json'].every((file) => existsSync(join(dir, entry.name, file))))
    .map((entry) => ({
      name: entry.name,
      bytes: readFileSync(join(dir, entry.name, 'source.html')),
      expected: JSON.parse(readFileSync(join(dir, entry.name, 'expected-metadata.json'), 'utf8')) as Expected,
    }));
}

const pipelines: Record<string, (page: Page) => Found> = {
  commonplace: (page) => {
    const { article } = clipPage({ bytes: page.bytes, fetchedUrl: PAGE_URL, label: page.name });
    return { ...article, publishedTime: article.publishedAt };
  },
  'readability+linkedom': (page) => {
    const { document } = parseHTML(new TextDecoder().decode(page.bytes));
    Object.defineProperty(document, 'baseURI', { value: PAGE_URL });
    const parsed = new Readability(document as unknown as ConstructorParameters<typeof Readability>[0]).parse();
    if (!parsed) throw new Error('Readability found no article');
    const byline = parsed.byline ?? null;
    return {
      title: parsed.title ?? null,
      byline,
      authors: authorsFromByline(byline),
      excerpt: parsed.excerpt ?? null,
      siteName: parsed.siteName ?? null,
      lang: parsed.lang ?? null,
      dir: parsed.dir ?? null,
      publishedTime: parsed.publishedTime ?? null,
    };
  },
};

function normalizeSpace(value: string | null | undefined): string | null {
  const text = value?.replace(/\s+/g, ' ').trim();
  return text ? text : null;
}

function sameText(expected: string | null, found: string | null): boolean {
  return normalizeSpace(expected) === normalizeSpace(found);
}

/** The same names in any order and case: "By Jane Doe" and ["Jane Doe"] agree. */
function sameByline(expected: string | null, found: Found): boolean {
  if (sameText(expected, found.byline)) return true;
  const key = (names: string[]) => JSON.stringify(names.map((name) => normalizeSpace(name)?.toLowerCase()).sort());
  return key(authorsFromByline(normalizeSpace(expected))) === key(found.authors);
}

/** Language tags ignore case, and en_US is en-US. */
function sameLanguage(expected: string | null, found: string | null): boolean {
  const tag = (value: string | null) => normalizeSpace(value)?.toLowerCase().replace(/_/g, '-') ?? null;
  return tag(expected) === tag(found);
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?\s*(Z|[+-]\d{2}:?\d{2})?)?$/i;

/**
 * Dates agree when they mean the same: the same instant when both name a zone, the same wall
 * clock when either does not, the same day when either is a bare date.
 */
function sameDate(expected: string | null, found: string | null): boolean {
  const [a, b] = [normalizeSpace(expected), normalizeSpace(found)];
  if (!a || !b) return a === b;
  const [x, y] = [DATE.exec(a), DATE.exec(b)];
  if (!x || !y) return a === b;
  if (!x[4] || !y[4]) return x.slice(1, 4).join() === y.slice(1, 4).join();
  if (x[8] && y[8]) return instant(x) === instant(y);
  return wallClock(x) === wallClock(y);
}

function wallClock([, year, month, day, hour, minute, second, fraction]: RegExpExecArray): number {
  return Date.UTC(+year, +month - 1, +day, +hour, +minute, +(second ?? 0)) + Math.round(Number(fraction ?? 0) * 1000);
}

function instant(parts: RegExpExecArray): number {
  const zone = parts[8].toUpperCase();
  if (zone === 'Z') return wallClock(parts);
  const digits = zone.replace(':', '');
  const offsetMinutes = (digits[0] === '-' ? -1 : 1) * (Number(digits.slice(1, 3)) * 60 + Number(digits.slice(3, 5)));
  return wallClock(parts) - offsetMinutes * 60_000;
}

const agrees: Record<Field, (expected: string | null, found: Found) => boolean> = {
  title: (expected, found) => sameText(expected, found.title),
  byline: sameByline,
  excerpt: (expected, found) => sameText(expected, found.excerpt),
  siteName: (expected, found) => sameText(expected, found.siteName),
  lang: (expected, found) => sameLanguage(expected, found.lang),
  dir: (expected, found) => sameText(expected, found.dir),
  publishedTime: (expected, found) => sameDate(expected, found.publishedTime),
};

/** What a pipeline kept for the field, or null when it kept nothing. */
function keptValue(field: Field, found: Found): string | null {
  if (field === 'byline') return found.authors.length > 0 ? found.authors.join(', ') : normalizeSpace(found.byline);
  return normalizeSpace(found[field]);
}

const VERDICTS = ['agrees', 'adds', 'misses', 'differs', 'failed'] as const;
type Verdict = (typeof VERDICTS)[number];

/**
 * Disagreements come in kinds worth telling apart: the expected files are Readability's own
 * output, so a value where they have none ("adds") may be the page's metadata Readability skips.
 */
function verdictOn(field: Field, expected: string | null, found: Found | null): Verdict {
  if (!found) return 'failed';
  if (agrees[field](expected, found)) return 'agrees';
  if (!normalizeSpace(expected)) return 'adds';
  return keptValue(field, found) ? 'differs' : 'misses';
}

export async function metadataBenchmark(root: string) {
  const pages = loadPages(root);
  const names = Object.keys(pipelines);
  const matches = Object.fromEntries(names.map((name) => [name, Object.fromEntries(FIELDS.map((field) => [field, 0]))]));
  const verdicts = Object.fromEntries(names.map((name) => [name, Object.fromEntries(VERDICTS.map((verdict) => [verdict, 0]))]));
  const compared = Object.fromEntries(FIELDS.map((field) => [field, 0]));
  const failures: Array<{ page: string; pipeline: string; error: string }> = [];
  const disagreements: Array<Record<string, unknown>> = [];

  for (const page of pages) {
    const found: Record<string, Found | null> = {};
    for (const name of names) {
      try {
        found[name] = pipelines[name](page);
      } catch (error) {
        found[name] = null;
        failures.push({ page: page.name, pipeline: name, error: (error as Error).message });
      }
    }
    // A field the expected file leaves out (lang, on some pages) is not compared.
    for (const field of FIELDS.filter((field) => field in page.expected)) {
      compared[field]++;
      const expected = page.expected[field] ?? null;
      const onPage = Object.fromEntries(names.map((name) => [name, verdictOn(field, expected, found[name])]));
      for (const name of names) {
        verdicts[name][onPage[name]]++;
        if (onPage[name] === 'agrees') matches[name][field]++;
      }
      if (!Object.values(onPage).every((verdict) => verdict === 'agrees')) {
        const kept = (name: string) => (found[name] ? keptValue(field, found[name]!) : null);
        disagreements.push({ page: page.name, field, expected, ...Object.fromEntries(names.map((name) => [name, { verdict: onPage[name], value: kept(name) }])) });
      }
    }
  }

  const share = (count: number, total: number) => (total === 0 ? '—' : `${((100 * count) / total).toFixed(1)}% (${count}/${total})`);
  const totalCompared = FIELDS.reduce((sum, field) => sum + compared[field], 0);
  const totalMatches = (name: string) => FIELDS.reduce((sum, field) => sum + matches[name][field], 0);
  const table = [
    `Metadata agreeing with expected-metadata.json, ${pages.length} pages of corpus/readability`,
    markdownTable(
      ['field', ...names],
      [
        ...FIELDS.map((field) => [field, ...names.map((name) => share(matches[name][field], compared[field]))]),
        ['overall', ...names.map((name) => share(totalMatches(name), totalCompared))],
      ],
    ),
    '',
    'Where each pipeline stands on every compared field (adds: a value where the expected file has none)',
    markdownTable(['pipeline', ...VERDICTS], names.map((name) => [name, ...VERDICTS.map((verdict) => String(verdicts[name][verdict]))])),
    failures.length > 0 ? `Failures:\n${failures.map((f) => `  ${f.page} (${f.pipeline}): ${f.error}`).join('\n')}` : 'Failures: none',
  ].join('\n');
  const summary = Object.fromEntries(names.map((name) => [name, { ...matches[name], overall: totalMatches(name) }]));
  return { table, json: { suite: 'metadata', pages: pages.length, compared: { ...compared, overall: totalCompared }, matches: summary, verdicts, failures, disagreements } };
}
