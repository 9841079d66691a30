/**
 * The words the search index sees in a text, as FTS5's `unicode61 remove_diacritics 2`
 * tokenizer cuts them: runs of letters, digits and private-use characters, lower-cased. Only
 * Latin letters lose their diacritics (é → e, ệ → e); Greek, Cyrillic, kana and the rest keep
 * them (ά, ё, が), and the combining diacritics FTS5 knows join a token and are dropped from it.
 * store/search-top.ts uses it to score a new item for the ranked lists without asking FTS5,
 * and common/snippet.ts to mark what a search matched, so it must agree with the tokenizer: it
 * does on every letter and digit (tests/unit/index-tokens.test.ts), and differs only on marks
 * added to Unicode after SQLite's tables, which FTS5 keeps inside a token.
 */

/**
 * The combining marks FTS5 treats as diacritics (sqlite3Fts5UnicodeIsdiacritic): part of a
 * token, then removed. Any other mark separates tokens.
 */
const DIACRITICS = '\\u0300-\\u0304\\u0306-\\u030c\\u030f\\u0311\\u031b\\u0323-\\u0328\\u032d\\u032e\\u0330\\u0331';
/** Vowel signs of New Tai Lue and two Vedic signs: letters today, marks to SQLite's older tables, so they separate tokens. */
const OLDER_MARKS = '\\u19b0-\\u19c0\\u19c8\\u19c9\\u1cf2\\u1cf3';
const TOKEN = new RegExp(`[[\\p{L}\\p{N}\\p{Co}${DIACRITICS}]--[${OLDER_MARKS}]]+`, 'gv');
const DIACRITIC = new RegExp(`[${DIACRITICS}]`, 'u');
/** A Latin letter whose decomposition is an ASCII letter and marks: FTS5 keeps the letter. */
const LATIN_WITH_MARKS = /^([a-z])\p{M}+$/u;
/** Where FTS5's case folding (Unicode's CaseFolding) goes further than toLowerCase. */
const FOLDED_FURTHER = new Map([...'µμſsẛsςσϐβϑθϕφϖπϰκϱρϵε\u1fbeιǠǡ'.matchAll(/(.)(.)/gu)].map(([, from, to]) => [from, to]));
/** Letters FTS5 leaves as they are: capitals its older Unicode tables do not know (Cherokee, Georgian Mtavruli, Osage, Adlam…), and ǡ. */
const UNFOLDED = /[\u01e1\u037f\u0528-\u052e\u13a0-\u13f5\u1c89\u1c90-\u1cbf\u2c2f\ua698-\ua69a\ua796-\ua79e\ua7ab-\ua7dc\ua7f5\u{104b0}-\u{104d3}\u{10570}-\u{10595}\u{10c80}-\u{10cb2}\u{10d50}-\u{10d65}\u{118a0}-\u{118bf}\u{16e40}-\u{16e5f}\u{16ea0}-\u{16eb8}\u{1e900}-\u{1e921}]/u;
/** Characters whose folding is not their lower case: those above, and Σ, which a word's end would make ς. */
const SPECIAL = new RegExp(`[Σ${[...FOLDED_FURTHER.keys()].join('')}]|${UNFOLDED.source}`, 'u');

/** Characters folded so far: text repeats its few hundred distinct characters thousands of times. */
const folded = new Map<string, string>();
const MAX_REMEMBERED = 20_000;

/** One character (a code point) as the index folds it: possibly empty, possibly two units. */
export function foldCharacter(character: string): string {
  let result = folded.get(character);
  if (result === undefined) {
    if (DIACRITIC.test(character)) result = '';
    else if (UNFOLDED.test(character)) result = character;
    else if (FOLDED_FURTHER.has(character)) result = FOLDED_FURTHER.get(character)!;
    else {
      const lower = character.toLowerCase();
      result = LATIN_WITH_MARKS.exec(lower.normalize('NFD'))?.[1] ?? lower;
    }
    if (folded.size >= MAX_REMEMBERED) folded.clear();
    folded.set(character, result);
  }
  return result;
}

/** A run of text folded, when that is its lower case character for character (most text); otherwise null. */
export function foldedAsLowerCase(run: string): string | null {
  const lower = run.toLowerCase();
  if (/^[\u0000-\u007f]*$/.test(run)) return lower;
  return lower.length === run.length && !SPECIAL.test(run) && lower.normalize('NFD') === lower && !/\p{M}/u.test(lower) ? lower : null;
}

/** Short runs folded so far: text repeats a few runs of punctuation (’ “ — …) many times. */
const foldedRuns = new Map<string, string | null>();
const SHORT_RUN = 4;

/** foldedAsLowerCase, remembered for short runs. */
export function foldedRunAsLowerCase(run: string): string | null {
  if (run.length > SHORT_RUN) return foldedAsLowerCase(run);
  let result = foldedRuns.get(run);
  if (result === undefined) {
    result = foldedAsLowerCase(run);
    if (foldedRuns.size >= MAX_REMEMBERED) foldedRuns.clear();
    foldedRuns.set(run, result);
  }
  return result;
}

/** The folded form of one token. */
export function foldToken(token: string): string {
  const lower = foldedAsLowerCase(token);
  if (lower !== null) return lower;
  let result = '';
  for (const character of token) result += foldCharacter(character);
  return result;
}

export function indexTokens(text: string): string[] {
  const tokens: string[] = [];
  for (const match of text.matchAll(TOKEN)) {
    const token = foldToken(match[0]);
    if (token) tokens.push(token);
  }
  return tokens;
}

/** One character FTS5 keeps inside a token. */
const TOKEN_CHARACTER = new RegExp(`[[\\p{L}\\p{N}\\p{Co}${DIACRITICS}]--[${OLDER_MARKS}]]`, 'v');
const TOKEN_AT = new RegExp(TOKEN.source, 'yv');
const TOKEN_FROM = new RegExp(TOKEN.source, 'gv');

/** ASCII and everything else, in runs. */
const ASCII_OR_NOT = /[\u0000-\u007f]+|[^\u0000-\u007f]+/g;

/**
 * A text with each character folded as the index folds it in a token: its tokens are the text's
 * tokens, folded, and it is made without cutting the text into tokens (ASCII, most text, is
 * only lower-cased).
 */
export function foldText(text: string): string {
  let folded = '';
  for (const [run] of text.matchAll(ASCII_OR_NOT)) {
    const lower = foldedRunAsLowerCase(run);
    if (lower !== null) folded += lower;
    else for (const character of run) folded += foldCharacter(character);
  }
  return folded;
}

/**
 * How many times a phrase's tokens (folded, as indexTokens gives them) stand one after another
 * among a text's tokens: FTS5's count of the phrase's instances in one column. Only the places
 * where the phrase's longest token occurs are read (the rarest, as a rule), several times faster
 * than cutting the text into tokens.
 */
export function countPhrase(text: string, phrase: readonly string[]): number {
  return countPhrases(text, [phrase])[0];
}

/** countPhrase for several phrases, the text folded once. */
export function countPhrases(text: string, phrases: ReadonlyArray<readonly string[]>): number[] {
  const folded = foldText(text);
  return phrases.map((phrase) => countInFolded(folded, phrase));
}

function countInFolded(folded: string, phrase: readonly string[]): number {
  if (phrase.length === 0) return 0;
  const anchor = phrase.reduce((longest, token, i) => (token.length > phrase[longest].length ? i : longest), 0);
  let count = 0;
  for (let at = folded.indexOf(phrase[anchor]); at !== -1; at = folded.indexOf(phrase[anchor], at + 1)) {
    const token = at > 0 && isTokenCharacter(codePointBefore(folded, at)) ? null : tokenAt(folded, at);
    if (token?.text !== phrase[anchor]) continue;
    let matched = true;
    for (let i = anchor + 1, end = token.end; i < phrase.length && matched; i++) {
      const next = nextToken(folded, end);
      matched = next?.text === phrase[i];
      end = next?.end ?? end;
    }
    for (let i = anchor - 1, start = at; i >= 0 && matched; i--) {
      const previous = previousToken(folded, start);
      matched = previous?.text === phrase[i];
      start = previous?.start ?? start;
    }
    if (matched) count++;
  }
  return count;
}

function isTokenCharacter(codePoint: number): boolean {
  return TOKEN_CHARACTER.test(String.fromCodePoint(codePoint));
}

function codePointBefore(text: string, at: number): number {
  const unit = text.charCodeAt(at - 1);
  return unit >= 0xdc00 && unit <= 0xdfff && at >= 2 ? text.codePointAt(at - 2)! : unit;
}

function tokenAt(text: string, at: number): { text: string; end: number } | null {
  TOKEN_AT.lastIndex = at;
  const match = TOKEN_AT.exec(text);
  return match && { text: match[0], end: at + match[0].length };
}

/** The token that ends last before `before`, and where it starts. */
function previousToken(text: string, before: number): { text: string; start: number } | null {
  let end = before;
  while (end > 0 && !isTokenCharacter(codePointBefore(text, end))) end -= codePointBefore(text, end) > 0xffff ? 2 : 1;
  let start = end;
  while (start > 0 && isTokenCharacter(codePointBefore(text, start))) start -= codePointBefore(text, start) > 0xffff ? 2 : 1;
  return start < end ? { text: text.slice(start, end), start } : null;
}

function nextToken(text: string, from: number): { text: string; end: number } | null {
  TOKEN_FROM.lastIndex = from;
  const match = TOKEN_FROM.exec(text);
  return match && { text: match[0], end: match.index + match[0].length };
}
