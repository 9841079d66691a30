/**
 * The search query language, parsed here into plain data and turned into FTS5 MATCH
 * expressions that quote every user token: text the user typed never reaches MATCH as syntax.
 *
 * A query is clauses separated by spaces, and every clause must hold:
 * - `word` — matches the word, whatever its case or accents (`cafe` finds "café"). A word
 *   with punctuation inside is its parts side by side: `e-mail` finds "e-mail" and "e mail",
 *   `don't` finds "don't".
 * - `"exact phrase"` — the words in this order. Typographic quotes (“ ” „) work too. A
 *   closing quote ends the phrase (`"a b"c` is the phrase and the word `c`); a quote that is
 *   never closed is an error.
 * - `educat*` — words starting with "educat". The `*` goes only at the end of a word: a bare
 *   `*`, `*word`, `wo*rd` and `"phrase"*` are errors.
 * - `a OR b` — either. OR is upper-case (`or` is a word) and binds tighter than the spaces,
 *   as in web search engines: `a b OR c` means a, and b or c. Each side of OR is a word or a
 *   phrase: OR with nothing on one side, with a filter or with an excluded term is an error.
 * - `-word`, `-"phrase"`, `-tag:x` — leaves out what matches. A `-` inside a word (`e-mail`)
 *   is part of it; one on its own is ignored.
 * - Filters, `field:value` or `field:"quoted value"`, field names in any case:
 *   `tag:`, `site:`, `author:` (any value);
 *   `is:article|highlight|claim|note`; `color:` (or `colour:`) `yellow|green|blue|pink|purple`;
 *   `rel:supports|contradicts|same_as|related`;
 *   `after:` and `before:` with `YYYY`, `YYYY-MM` or `YYYY-MM-DD`: `after:` is on or after the
 *   first day of that period, `before:` is before its first day, so `after:2023 before:2024`
 *   is the whole of 2023 (the date compared is the caller's: an article's published date, or
 *   its clipped date when it has none; a highlight's or note's creation date).
 *   A known field with a value outside these is an error that names the allowed values; an
 *   unknown one (`foo:bar`, `https://…`, `10:30`) is text. Several filters must all hold.
 *
 * Only OR is an operator: `AND`, `NOT`, `NEAR`, parentheses, `+` and `^` are searched as text
 * (punctuation is ignored by the index). Words and phrases with no letter or digit in them
 * (`&`, `—`) are ignored. Control characters count as spaces.
 *
 * A blank query is valid and empty: there is nothing to show. Otherwise the query needs a
 * word or phrase to look for, or a filter: excluded terms alone are an error ("add a word or
 * a filter to search for"), while filters alone list everything they select (`tag:x`,
 * `-tag:x`). Errors carry a message for people and `at`, the offending position in the input
 * (a UTF-16 index, from 0).
 *
 * Text in scripts written without spaces (Han, Hiragana and Katakana with their prolonged sound
 * mark ー, Thai, Lao, Khmer, Myanmar) cannot be split into words, so a word or phrase containing
 * any such character is found as a substring, as typed (a `*` on it changes nothing). The caller
 * matches those against a separate index (`substringClauses`); everything else goes to the word
 * index (`toFtsMatch`, `toFtsExclusion`), which uses FTS5's unicode61 tokenizer with
 * remove_diacritics 2.
 */
import { highlightColors, linkRelations, type HighlightColor, type LinkRelation } from './model';
import { hasUnspacedScript } from './unspaced';

export const searchKinds = ['article', 'highlight', 'claim', 'note'] as const;
export type SearchKind = (typeof searchKinds)[number];


/** A word or phrase. A negated term is always alone in its clause. */
export type SearchTerm =
  | { kind: 'word'; text: string; prefix: boolean; negated: boolean; unspacedScript: boolean }
  | { kind: 'phrase'; text: string; negated: boolean; unspacedScript: boolean };

export type FilterCondition =
  | { field: 'tag' | 'site' | 'author'; value: string }
  | { field: 'is'; value: SearchKind }
  | { field: 'color'; value: HighlightColor }
  | { field: 'rel'; value: LinkRelation }
  /** `value` is a YYYY-MM-DD bound: after means on or after it, before means before it. */
  | { field: 'before' | 'after'; value: string };

export type SearchFilter = { kind: 'filter'; negated: boolean } & FilterCondition;

/** Terms joined by OR: one of them must match (or, negated, the one term must not). */
export interface SearchAlternation {
  kind: 'text';
  anyOf: SearchTerm[];
}

export type SearchClause = SearchFilter | SearchAlternation;

/** Clauses that must all hold. */
export interface SearchQuery {
  clauses: SearchClause[];
}

export type SearchQueryResult = { ok: true; query: SearchQuery } | { ok: false; message: string; at: number };

/** Parses a query; never throws. A malformed query gets a message and the position to point at. */
export function parseSearchQuery(input: string): SearchQueryResult {
  try {
    const tokens = readTokens(input);
    const clauses = joinAlternatives(input, tokens).flatMap(withoutUnsearchableTerms);
    const selects = clauses.some((clause) => clause.kind === 'filter' || !clause.anyOf[0].negated);
    if (tokens.length > 0 && !selects) {
      const onlyExclusions = clauses.length > 0;
      const message = onlyExclusions
        ? 'An excluded term only says what to leave out: add a word or a filter to search for.'
        : 'There are no letters or digits to search for: add a word or a filter to search for.';
      return { ok: false, message, at: tokens[0].at };
    }
    return { ok: true, query: { clauses } };
  } catch (error) {
    if (error instanceof QueryError) return { ok: false, message: error.message, at: error.at };
    throw error;
  }
}

/** A clause or an OR as read, with where it starts and ends in the input. */
type Token = { at: number; end: number } & ({ type: 'or' } | { type: 'term'; term: SearchTerm } | { type: 'filter'; filter: SearchFilter });

class QueryError extends Error {
  constructor(message: string, readonly at: number) {
    super(message);
  }
}

const QUOTES = new Set(['"', '“', '”', '„']);
const FIELDS = ['tag', 'site', 'author', 'is', 'color', 'colour', 'rel', 'before', 'after'] as const;
type Field = (typeof FIELDS)[number];
/** The characters unicode61 makes tokens of; a term with none of them matches nothing. */
const INDEXED_CHARACTER = /[\p{L}\p{N}\p{Co}]/u;
// FTS5 ends a string literal at a NUL, so control characters must never reach one.
const SPACE = /[\s\p{Cc}]/u;
const SPACES = /[\s\p{Cc}]+/gu;

function readTokens(input: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  for (;;) {
    while (i < input.length && SPACE.test(input[i])) i++;
    if (i >= input.length) return tokens;
    const at = i;
    const negated = input[i] === '-' && i + 1 < input.length && !SPACE.test(input[i + 1]);
    if (negated) i++;
    const token = QUOTES.has(input[i]) ? readPhrase(input, at, i, negated) : readChunk(input, at, i, negated);
    tokens.push(token);
    i = token.end;
  }
}

function readPhrase(input: string, at: number, open: number, negated: boolean): Token {
  const { text, end } = readQuoted(input, open);
  return { type: 'term', term: { kind: 'phrase', text, negated, unspacedScript: hasUnspacedScript(text) }, at, end };
}

/** A quoted run, its spaces collapsed; `end` is just after the closing quote. */
function readQuoted(input: string, open: number): { text: string; end: number } {
  let close = open + 1;
  while (close < input.length && !QUOTES.has(input[close])) close++;
  if (close >= input.length) {
    const quoted = [...input.slice(open + 1).replace(SPACES, ' ').trim()];
    const shown = quoted.length > 24 ? `${quoted.slice(0, 24).join('')}…` : quoted.join('');
    throw new QueryError(shown ? `Add a closing " to the quote that starts “${shown}”.` : 'Add a closing " to this quote.', open);
  }
  return { text: input.slice(open + 1, close).replace(SPACES, ' ').trim(), end: close + 1 };
}

/** Unquoted text up to the next space: a filter, OR, or a word. */
function readChunk(input: string, at: number, start: number, negated: boolean): Token {
  let end = start;
  while (end < input.length && !SPACE.test(input[end])) end++;
  const chunk = input.slice(start, end);
  const field = /^([a-z]+):/i.exec(chunk)?.[1].toLowerCase();
  if (isField(field)) return readFilter(input, at, field, start + field.length + 1, end, negated);
  if (chunk === 'OR' && !negated) return { type: 'or', at, end };
  const star = chunk.indexOf('*');
  if (star >= 0 && star < chunk.length - 1) {
    throw new QueryError(star === 0 ? 'A word cannot start with *: searches find the beginnings of words, as in educat*.' : '* can only end a word, as in educat* (which finds education and educator).', start + star);
  }
  if (chunk === '*') {
    const afterPhrase = QUOTES.has(input[start - 1]);
    throw new QueryError(afterPhrase ? '* works on words, not phrases: put it after a word, as in educat*.' : '* needs the beginning of a word before it, as in educat*.', start);
  }
  const prefix = star >= 0;
  const text = prefix ? chunk.slice(0, -1) : chunk;
  return { type: 'term', term: { kind: 'word', text, prefix, negated, unspacedScript: hasUnspacedScript(text) }, at, end };
}

function isField(name: string | undefined): name is Field {
  return (FIELDS as readonly (string | undefined)[]).includes(name);
}

const EXAMPLES: Record<Field, string> = {
  tag: 'tag:climate',
  site: 'site:nytimes.com',
  author: 'author:"Ada Lovelace"',
  is: 'is:claim',
  color: 'color:yellow',
  colour: 'colour:yellow',
  rel: 'rel:supports',
  before: 'before:2023-06',
  after: 'after:2023-06',
};

function readFilter(input: string, at: number, field: Field, valueAt: number, chunkEnd: number, negated: boolean): Token {
  const quoted = QUOTES.has(input[valueAt]);
  const { text: value, end } = quoted ? readQuoted(input, valueAt) : { text: input.slice(valueAt, chunkEnd), end: chunkEnd };
  if (value === '') throw new QueryError(`${field}: needs a value right after the colon, as in ${EXAMPLES[field]}.`, valueAt);
  return { type: 'filter', filter: { kind: 'filter', negated, ...condition(field, value, valueAt) }, at, end };
}

function condition(field: Field, value: string, at: number): FilterCondition {
  const oneOf = <T extends string>(allowed: readonly T[], what: string): T => {
    const lower = value.toLowerCase();
    if ((allowed as readonly string[]).includes(lower)) return lower as T;
    throw new QueryError(`“${value}” is not ${what}: ${field}: takes ${listed(allowed)}.`, at);
  };
  switch (field) {
    case 'is':
      return { field, value: oneOf(searchKinds, 'a kind of item') };
    case 'color':
    case 'colour':
      return { field: 'color', value: oneOf(highlightColors, 'a highlight colour') };
    case 'rel':
      return { field, value: oneOf(linkRelations, 'a kind of link') };
    case 'before':
    case 'after':
      return { field, value: firstDayOf(value, field, at) };
    case 'tag':
    case 'site':
    case 'author':
      return { field, value };
  }
}

function listed(values: readonly string[]): string {
  return `${values.slice(0, -1).join(', ')} or ${values.at(-1)}`;
}

/** YYYY, YYYY-MM or YYYY-MM-DD as the YYYY-MM-DD its period starts on. */
function firstDayOf(value: string, field: string, at: number): string {
  const [, year, month = '01', day = '01'] = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/.exec(value) ?? [];
  const valid = year !== undefined && Number(month) >= 1 && Number(month) <= 12 && Number(day) >= 1 && Number(day) <= daysIn(Number(year), Number(month));
  if (!valid) throw new QueryError(`“${value}” is not a date: ${field}: takes a year, a month or a day, as in 2023, 2023-06 or 2023-06-30.`, at);
  return `${year}-${month}-${day}`;
}

function daysIn(year: number, month: number): number {
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  return month === 2 ? (leap ? 29 : 28) : [4, 6, 9, 11].includes(month) ? 30 : 31;
}

function joinAlternatives(input: string, tokens: Token[]): SearchClause[] {
  const clauses: SearchClause[] = [];
  for (let k = 0; k < tokens.length; k++) {
    const token = tokens[k];
    if (token.type === 'filter') clauses.push(token.filter);
    else if (token.type === 'term') clauses.push({ kind: 'text', anyOf: [token.term] });
    else {
      alternativeBeside(input, token, tokens[k - 1], 'before');
      const next = alternativeBeside(input, token, tokens[k + 1], 'after');
      (clauses.at(-1) as SearchAlternation).anyOf.push(next);
      k++;
    }
  }
  return clauses;
}

/** The word or phrase on one side of an OR, or the error saying why there is none. */
function alternativeBeside(input: string, or: Token, side: Token | undefined, where: 'before' | 'after'): SearchTerm {
  if (!side || side.type === 'or') {
    throw new QueryError(`OR needs a word or phrase ${where} it (to search for the word “or”, write it in lower case).`, or.at);
  }
  const source = input.slice(side.at, side.end);
  if (side.type === 'filter') throw new QueryError(`OR joins words and phrases, not filters like ${source}: every filter must hold.`, side.at);
  if (side.term.negated) throw new QueryError(`OR joins words and phrases to look for, so it cannot join ${source}, which leaves something out.`, side.at);
  return side.term;
}

function withoutUnsearchableTerms(clause: SearchClause): SearchClause[] {
  if (clause.kind === 'filter') return [clause];
  const anyOf = clause.anyOf.filter((term) => term.unspacedScript || INDEXED_CHARACTER.test(term.text));
  return anyOf.length > 0 ? [{ kind: 'text', anyOf }] : [];
}

/**
 * The FTS5 MATCH expression, for the word index, of every clause made only of terms it can
 * answer, with the excluded ones as `NOT`; null when no such clause is left. Rows it matches
 * still have to pass `substringClauses` and the filters.
 */
export function toFtsMatch(query: SearchQuery): string | null {
  const positive = wordIndexClauses(query);
  if (positive.length === 0) return null;
  const excluded = excludedWordIndexTerms(query);
  const match = positive.map((clause) => anyOfFts(clause.anyOf)).join(' AND ');
  // FTS5's NOT is binary: it needs a positive side, which this query has.
  return excluded.length > 0 ? `(${match}) NOT ${anyOfFts(excluded)}` : match;
}

/**
 * The excluded words and phrases `toFtsMatch` could not carry because it had nothing
 * positive (`-word tag:x`, `-word 東京`): rows of the word index that this MATCH expression
 * matches are to be left out (`rowid NOT IN (… MATCH …)`). Null otherwise.
 */
export function toFtsExclusion(query: SearchQuery): string | null {
  const excluded = excludedWordIndexTerms(query);
  return wordIndexClauses(query).length === 0 && excluded.length > 0 ? anyOfFts(excluded) : null;
}

/**
 * A clause with text in a script written without spaces. It holds when the item's text
 * contains one of `substrings`, or matches `orMatch` (its other alternatives, for the word
 * index) when that is set; a negated clause holds when the item does not contain its one
 * substring. The caller can look substrings of three characters or more up in an FTS5
 * trigram index (quoted with `ftsString`), and shorter ones with instr() or LIKE.
 */
export interface SubstringClause {
  substrings: string[];
  orMatch: string | null;
  negated: boolean;
}

export function substringClauses(query: SearchQuery): SubstringClause[] {
  return textClauses(query)
    .filter((clause) => clause.anyOf.some((term) => term.unspacedScript))
    .map(({ anyOf }) => {
      const others = anyOf.filter((term) => !term.unspacedScript);
      return {
        substrings: anyOf.filter((term) => term.unspacedScript).map((term) => term.text),
        orMatch: others.length > 0 ? anyOfFts(others) : null,
        negated: anyOf[0].negated,
      };
    });
}

/** An FTS5 string literal: tokens of the text, in order, as a phrase, with no operators. */
export function ftsString(text: string): string {
  return `"${text.replaceAll('"', '""')}"`;
}

function textClauses(query: SearchQuery): SearchAlternation[] {
  return query.clauses.filter((clause): clause is SearchAlternation => clause.kind === 'text');
}

function wordIndexClauses(query: SearchQuery): SearchAlternation[] {
  return textClauses(query).filter(({ anyOf }) => !anyOf[0].negated && anyOf.every((term) => !term.unspacedScript));
}

function excludedWordIndexTerms(query: SearchQuery): SearchTerm[] {
  return textClauses(query).flatMap(({ anyOf }) => anyOf).filter((term) => term.negated && !term.unspacedScript);
}

function anyOfFts(terms: SearchTerm[]): string {
  const alternatives = terms.map((term) => (term.kind === 'word' && term.prefix ? `${ftsString(term.text)} *` : ftsString(term.text)));
  return alternatives.length === 1 ? alternatives[0] : `(${alternatives.join(' OR ')})`;
}
