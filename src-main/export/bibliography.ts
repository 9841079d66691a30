/**
 * references.bib (BibLaTeX: @online and urldate are its own) and references.json (CSL-JSON)
 * for the exported articles, from their metadata. Deterministic: the same articles in the
 * same order give the same text, so a re-export rewrites nothing.
 *
 * The accessed date is the day the article was clipped unless one is given: the export's own
 * date would change every file on every export.
 */
import { authorNames, citedName, type CitableArticle, type PersonName } from '../common/citation';

/** Words a citation key skips to reach the first word that says something. */
const FUNCTION_WORDS = new Set(['a', 'an', 'the', 'of', 'on', 'in', 'and', 'to', 'for', 'at', 'by', 'with', 'from', 'is']);
/** Letters that do not decompose into an ASCII letter and an accent. */
const LATIN_LETTERS: Record<string, string> = { ß: 'ss', æ: 'ae', œ: 'oe', ø: 'o', ł: 'l', đ: 'd', ð: 'd', þ: 'th', ı: 'i' };

/**
 * A key for each article id: first author's family name (else the site, else "anon"), year
 * (else "nd"), first meaningful title word, in lower-case ASCII; "smith2023climate". Keys
 * that collide take a, b, c… in the order given (the first keeps the bare key).
 */
export function citationKeys(articles: CitableArticle[]): Map<string, string> {
  const keys = new Map<string, string>();
  const used = new Set<string>();
  for (const article of articles) {
    const base = baseKey(article);
    let key = base;
    for (let collision = 1; used.has(key); collision++) key = `${base}${letterSuffix(collision)}`;
    used.add(key);
    keys.set(article.id, key);
  }
  return keys;
}

function baseKey(article: CitableArticle): string {
  const [firstAuthor] = authorNames(article);
  const who = (firstAuthor && asciiWord(citedName(firstAuthor))) || firstMeaningfulWord(article.siteName ?? '') || 'anon';
  const year = dateParts(article.publishedAt)?.[0] ?? 'nd';
  return `${who}${year}${firstMeaningfulWord(article.title)}`;
}

/** Lower-case ASCII letters and digits only: accents dropped, ß as ss, other scripts dropped. */
function asciiWord(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[ßæœøłđðþı]/g, (letter) => LATIN_LETTERS[letter])
    .replace(/[^a-z0-9]/g, '');
}

function firstMeaningfulWord(text: string): string {
  const words = text.split(/[\s\-–—/]+/).map(asciiWord).filter(Boolean);
  return words.find((word) => !FUNCTION_WORDS.has(word)) ?? words[0] ?? '';
}

/** 1 → a, 26 → z, 27 → aa. */
function letterSuffix(n: number): string {
  let suffix = '';
  for (let rest = n; rest > 0; rest = Math.floor((rest - 1) / 26)) suffix = String.fromCharCode(97 + ((rest - 1) % 26)) + suffix;
  return suffix;
}

/** [year, month?, day?] as strings from an ISO date as the page states it, or null. */
function dateParts(value: string | null): string[] | null {
  const match = /^\s*(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?/.exec(value ?? '');
  if (!match) return null;
  const [, year, month, day] = match;
  if (month === undefined || Number(month) < 1 || Number(month) > 12) return [year];
  if (day === undefined || Number(day) < 1 || Number(day) > 31) return [year, month];
  return [year, month, day];
}

/** The accessed date: the one given, else the day of the clip, as [YYYY, MM, DD]. */
function accessedParts(article: CitableArticle, accessed: string | undefined): string[] {
  const parts = dateParts(accessed ?? article.clippedAt);
  if (!parts || parts.length < 3) throw new Error(`Not a date (YYYY-MM-DD): ${JSON.stringify(accessed ?? article.clippedAt)}`);
  return parts;
}

function webUrl(url: string | null): string | null {
  if (!url || !URL.canParse(url)) return null;
  const protocol = new URL(url).protocol;
  return protocol === 'http:' || protocol === 'https:' ? url : null;
}

/** A bare DOI: "https://doi.org/10.1/x" and "doi:10.1/x" are 10.1/x. */
function bareDoi(doi: string | null): string | null {
  const bare = doi?.trim().replace(/^(?:https?:\/\/(?:dx\.)?doi\.org\/|doi:\s*)/i, '');
  return bare ? bare : null;
}

function blankToNull(value: string | null): string | null {
  const trimmed = value?.replace(/\s+/g, ' ').trim();
  return trimmed ? trimmed : null;
}

const BIBTEX_ESCAPES: Record<string, string> = {
  '\\': '\\textbackslash{}',
  // BibTeX counts braces whether or not a backslash precedes them: these keep them balanced.
  '{': '\\textbraceleft{}',
  '}': '\\textbraceright{}',
  '&': '\\&',
  '%': '\\%',
  $: '\\$',
  '#': '\\#',
  _: '\\_',
  '~': '\\textasciitilde{}',
  '^': '\\textasciicircum{}',
};

/** Text as LaTeX reads it back: its special characters escaped, one line, NFC. */
function bibtexText(text: string): string {
  return text
    .normalize('NFC')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/[\\{}&%$#_~^]/g, (character) => BIBTEX_ESCAPES[character]);
}

/**
 * A verbatim field (url, doi) as biblatex reads it: unescaped, but with its braces and
 * backslashes percent-encoded, since braces delimit the field.
 */
function bibtexVerbatim(text: string): string {
  return text.replace(/[{}\\\s]/g, (character) => encodeURIComponent(character));
}

/** "Family, Given", "von Last, Jr., First" or {Literal}: the forms BibTeX's name parser cannot misread. */
function bibtexName(name: PersonName): string {
  if ('literal' in name) return `{${bibtexText(name.literal)}}`;
  const family = bibtexText(name.family);
  const given = bibtexText(name.given);
  return name.suffix ? `${family}, ${bibtexText(name.suffix)}, ${given}` : `${family}, ${given}`;
}

/**
 * One entry per article: @article when it has a journal, else @online. Fields in a fixed
 * order; the title in double braces so styles keep its capitals.
 */
export function toBibtex(articles: CitableArticle[], accessed?: string): string {
  const keys = citationKeys(articles);
  return articles
    .map((article) => {
      const journal = blankToNull(article.journal);
      const names = authorNames(article);
      const fields: Array<[string, string | null]> = [
        ['author', names.length > 0 ? names.map(bibtexName).join(' and ') : null],
        ['title', `{${bibtexText(blankToNull(article.title) ?? 'Untitled')}}`],
        journal ? ['journal', bibtexText(journal)] : ['organization', nullable(blankToNull(article.siteName), bibtexText)],
        ['publisher', nullable(blankToNull(article.publisher), bibtexText)],
        ['date', dateParts(article.publishedAt)?.join('-') ?? null],
        ['doi', nullable(bareDoi(article.doi), bibtexVerbatim)],
        ['url', nullable(webUrl(article.url), bibtexVerbatim)],
        ['urldate', accessedParts(article, accessed).join('-')],
      ];
      const lines = fields.filter((field): field is [string, string] => field[1] !== null).map(([name, value]) => `  ${name} = {${value}}`);
      return `@${journal ? 'article' : 'online'}{${keys.get(article.id)},\n${lines.join(',\n')}\n}\n`;
    })
    .join('\n');
}

function nullable<T>(value: T | null, format: (value: T) => string): string | null {
  return value === null ? null : format(value);
}

function cslName(name: PersonName): Record<string, string> {
  if ('literal' in name) return { literal: name.literal };
  return name.suffix ? { family: name.family, given: name.given, suffix: name.suffix } : { family: name.family, given: name.given };
}

function cslDate(parts: string[]): { 'date-parts': number[][] } {
  return { 'date-parts': [parts.map(Number)] };
}

/** CSL-JSON items (as citeproc, Zotero and Pandoc read them); fields without a value are left out. */
export function toCslJson(articles: CitableArticle[], accessed?: string): object[] {
  const keys = citationKeys(articles);
  return articles.map((article) => {
    const journal = blankToNull(article.journal);
    const names = authorNames(article);
    const issued = dateParts(article.publishedAt);
    const item: Record<string, unknown> = {
      id: keys.get(article.id),
      type: journal ? 'article-journal' : 'webpage',
      title: blankToNull(article.title)?.normalize('NFC') ?? 'Untitled',
    };
    if (names.length > 0) item.author = names.map(cslName);
    const container = journal ?? blankToNull(article.siteName);
    if (container) item['container-title'] = container.normalize('NFC');
    const publisher = blankToNull(article.publisher);
    if (publisher) item.publisher = publisher.normalize('NFC');
    if (issued) item.issued = cslDate(issued);
    const url = webUrl(article.url);
    if (url) item.URL = url;
    const doi = bareDoi(article.doi);
    if (doi) item.DOI = doi;
    item.accessed = cslDate(accessedParts(article, accessed));
    return item;
  });
}
