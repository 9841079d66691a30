/**
 * The words the search index sees in a text, as FTS5's `unicode61 remove_diacritics 2`
 * tokenizer cuts them: runs of letters, digits and private-use characters, lower-cased. Only
 * Latin letters lose their diacritics (é → e, ệ → e); Greek, Cyrillic, kana and the rest keep
 * them (ά, ё, が), and the combining diacritics FTS5 knows join a token and are dropped from it.
 * store/search-top.ts uses it to score a new item for the ranked lists without asking FTS5,
 * and common/snippet.ts to mark what a search matched, so it must agree with the tokenizer on
 * everything but rare edge cases.
 */

/**
 * The combining marks FTS5 treats as diacritics (sqlite3Fts5UnicodeIsdiacritic): part of a
 * token, then removed. Any other mark separates tokens.
 */
const DIACRITICS = '\\u0300-\\u0304\\u0306-\\u030c\\u030f\\u0311\\u031b\\u0323-\\u0328\\u032d\\u032e\\u0330\\u0331';
const TOKEN = new RegExp(`[\\p{L}\\p{N}\\p{Co}${DIACRITICS}]+`, 'gu');
const DIACRITIC = new RegExp(`[${DIACRITICS}]`, 'u');
/** A Latin letter whose decomposition is an ASCII letter and marks: FTS5 keeps the letter. */
const LATIN_WITH_MARKS = /^([a-z])\p{M}+$/u;

/** Characters folded so far: text repeats its few hundred distinct characters thousands of times. */
const folded = new Map<string, string>();
const MAX_REMEMBERED = 20_000;

/** One character (a code point) as the index folds it: possibly empty, possibly two units. */
export function foldCharacter(character: string): string {
  let result = folded.get(character);
  if (result === undefined) {
    const lower = character.toLowerCase();
    if (DIACRITIC.test(character)) result = '';
    else result = LATIN_WITH_MARKS.exec(lower.normalize('NFD'))?.[1] ?? lower;
    if (folded.size >= MAX_REMEMBERED) folded.clear();
    folded.set(character, result);
  }
  return result;
}

/** The folded form of one token. */
export function foldToken(token: string): string {
  // Most text is ASCII, where folding is lower-casing: skip the character by character work.
  if (/^[\u0000-\u007f]*$/.test(token)) return token.toLowerCase();
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
