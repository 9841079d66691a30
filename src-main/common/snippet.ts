/**
 * The passage of a search hit to show: the stretch of its text with the most matched terms,
 * cut at word boundaries, with where each match is. Matching follows the index
 * (common/index-tokens.ts): any case, accents on Latin letters ignored, a word whole (or its
 * beginning for `word*`), a phrase's words in order with anything but letters and digits
 * between, unspaced-script text as a substring.
 */
import { foldCharacter, foldedRunAsLowerCase } from './index-tokens';
import type { SearchQuery } from './search-query';

export interface Snippet {
  text: string;
  /** Offsets in `text` of each matched stretch, in order. */
  matches: Array<{ start: number; end: number }>;
}

const SNIPPET_LENGTH = 220;
const LEAD = 60;

/**
 * Runs of characters that fold to their lower case, one unit to one: ASCII, Latin-1's
 * punctuation and signs (but µ), general punctuation (curly quotes, dashes), Chinese and Japanese
 * (whose kana keep their voicing marks) and full-width forms. Most text is one or a few such runs.
 * Without the `u` flag, the test is a few ranges of units, several times faster than testing scripts.
 */
const LOWER_CASE_RUNS = /[\u0000-\u007f\u00a0-\u00b4\u00b6-\u00bf\u2000-\u206f\u3000-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef]+/g;

/**
 * The text folded as the index folds it (common/index-tokens.ts), with each folded character's
 * offset in the original. Most text folds to its lower case, so only other characters pay for
 * folding one by one. The offsets are kept as the points where the folded text's distance from
 * the original changes, since most text keeps its length when folded.
 */
function fold(text: string): { folded: string; origin: (index: number) => number } {
  if (/^[\u0000-\u007f]*$/.test(text)) return { folded: text.toLowerCase(), origin: (index) => index };
  let folded = '';
  // From folded offset `at[n]` on, the original offset is the folded one plus `shift[n]`.
  const at: number[] = [0];
  const shift: number[] = [0];
  const foldBetween = (from: number, to: number) => {
    if (from === to) return;
    // Letters without accents (Greek, Cyrillic…) fold to lower case too, a run at a time.
    const lower = foldedRunAsLowerCase(text.slice(from, to));
    if (lower !== null) {
      markShift(at, shift, folded.length, from);
      folded += lower;
      return;
    }
    for (let i = from; i < to; ) {
      const character = String.fromCodePoint(text.codePointAt(i)!);
      const plain = foldCharacter(character);
      // Every unit of a character's folding points back at the character.
      for (let k = 0; k < plain.length; k++) {
        markShift(at, shift, folded.length + k, i);
      }
      folded += plain;
      i += character.length;
    }
  };
  let end = 0;
  for (const run of text.matchAll(LOWER_CASE_RUNS)) {
    foldBetween(end, run.index!);
    markShift(at, shift, folded.length, run.index!);
    folded += run[0].toLowerCase();
    end = run.index! + run[0].length;
  }
  foldBetween(end, text.length);
  markShift(at, shift, folded.length, text.length);
  return {
    folded,
    origin: (index) => {
      let low = 0;
      let high = at.length - 1;
      while (low < high) {
        const middle = (low + high + 1) >> 1;
        if (at[middle] <= index) low = middle;
        else high = middle - 1;
      }
      return index + shift[low];
    },
  };
}

/** Records that folded offset `folded` stands for original offset `original`, when that changes the distance between them. */
function markShift(at: number[], shift: number[], folded: number, original: number): void {
  if (original - folded !== shift[shift.length - 1]) {
    at.push(folded);
    shift.push(original - folded);
  }
}

const escape = (value: string) => value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Each query's patterns: a search makes a snippet for every hit of the page with one query. */
const patternsOfQuery = new WeakMap<SearchQuery, RegExp[]>();

/** One pattern per positive term of the query. */
function patternsOf(query: SearchQuery): RegExp[] {
  let patterns = patternsOfQuery.get(query);
  if (!patterns) patternsOfQuery.set(query, (patterns = newPatterns(query)));
  return patterns;
}

function newPatterns(query: SearchQuery): RegExp[] {
  const patterns: RegExp[] = [];
  for (const clause of query.clauses) {
    if (clause.kind !== 'text') continue;
    for (const term of clause.anyOf) {
      if (term.negated) continue;
      const words = fold(term.text).folded.split(/[^\p{L}\p{N}]+/u).filter(Boolean);
      if (words.length === 0) continue;
      if (term.unspacedScript) {
        patterns.push(new RegExp(escape(fold(term.text).folded.trim()), 'gu'));
        continue;
      }
      const tail = term.kind === 'word' && term.prefix ? '[\\p{L}\\p{N}]*' : '(?![\\p{L}\\p{N}])';
      patterns.push(new RegExp(`(?<![\\p{L}\\p{N}])${words.map(escape).join('[^\\p{L}\\p{N}]+')}${tail}`, 'gu'));
    }
  }
  return patterns;
}

export function snippetOf(text: string, query: SearchQuery): Snippet {
  const { folded, origin } = fold(text);
  const found: Array<{ start: number; end: number }> = [];
  for (const pattern of patternsOf(query)) {
    for (const match of folded.matchAll(pattern)) {
      if (match[0].length > 0) found.push({ start: origin(match.index!), end: origin(match.index! + match[0].length) });
    }
  }
  found.sort((a, b) => a.start - b.start);
  const first = densestStart(found);
  // Start a little before the matches, but no later than a full snippet before the end.
  let from = first === null ? 0 : Math.max(0, Math.min(first - LEAD, text.length - SNIPPET_LENGTH));
  let to = Math.min(text.length, from + SNIPPET_LENGTH);
  // Whole words: move each cut out of the word it falls in (a little way at most, since
  // text without spaces has no words to keep whole).
  if (from > 0) {
    const word = /\S{1,24}$/.exec(text.slice(Math.max(0, from - 24), from));
    if (word) from -= word[0].length;
  }
  if (to < text.length) {
    const word = /^\S{1,24}/.exec(text.slice(to, to + 24));
    if (word) to += word[0].length;
  }
  const prefix = from > 0 ? '…' : '';
  const body = text.slice(from, to).replace(/\s+/g, ' ');
  const snippet = `${prefix}${body.trim()}${to < text.length ? '…' : ''}`;
  return { text: snippet, matches: relocate(text, from, to, prefix.length, found) };
}

/** The start of the match that begins the window holding the most matches. */
function densestStart(found: Array<{ start: number; end: number }>): number | null {
  let best: { start: number; count: number } | null = null;
  for (let i = 0; i < found.length; i++) {
    let count = 0;
    for (let j = i; j < found.length && found[j].end <= found[i].start + SNIPPET_LENGTH - LEAD; j++) count++;
    if (!best || count > best.count) best = { start: found[i].start, count };
  }
  return best?.start ?? null;
}

/** Match offsets moved into the snippet, whose whitespace runs were collapsed to one space. */
function relocate(text: string, from: number, to: number, shift: number, found: Array<{ start: number; end: number }>) {
  const window = text.slice(from, to);
  const leading = window.length - window.trimStart().length;
  const collapsedLength = (end: number) => window.slice(leading, Math.max(leading, end)).replace(/\s+/g, ' ').length;
  return found
    .filter((match) => match.start >= from + leading && match.end <= to)
    .map((match) => ({ start: shift + collapsedLength(match.start - from), end: shift + collapsedLength(match.end - from) }))
    .filter((match, index, all) => index === 0 || match.start >= all[index - 1].end);
}
