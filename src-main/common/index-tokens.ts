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
