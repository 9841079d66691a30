/**
 * Text in scripts written without spaces (Chinese, Japanese, Thai…) has no words for the
 * index to split on. Each run of such characters is indexed as its overlapping character
 * pairs, then its last character alone ("東京都" → "東京 京都 都"), so that any substring of
 * the run is found: two characters or more as a phrase of pairs, one character as a prefix.
 * The index writer and the query builder both use this module, so they agree.
 */

/**
 * The scripts' characters, and the prolonged sound marks (ー, and its half-width ｰ): Unicode counts
 * those in no script, though they stand only inside kana words, and a run cut at each one left
 * コーヒー as コ and ヒ, each searched alone (as a prefix, anywhere in the item).
 */
const UNSPACED_CHARACTERS =
  '\\p{Script=Han}\\p{Script=Hiragana}\\p{Script=Katakana}\\u30fc\\uff70\\p{Script=Thai}\\p{Script=Lao}\\p{Script=Khmer}\\p{Script=Myanmar}';
const UNSPACED_RUN = new RegExp(`[${UNSPACED_CHARACTERS}]+`, 'gu');
const UNSPACED_CHARACTER = new RegExp(`[${UNSPACED_CHARACTERS}]`, 'u');

/** Whether a text has characters of a script written without spaces. */
export function hasUnspacedScript(text: string): boolean {
  return UNSPACED_CHARACTER.test(text);
}

function runsOf(text: string): string[][] {
  return [...text.matchAll(UNSPACED_RUN)].map((match) => [...match[0]]);
}

function pairs(characters: string[]): string[] {
  const found: string[] = [];
  for (let i = 0; i + 1 < characters.length; i++) found.push(characters[i] + characters[i + 1]);
  return found;
}

/** What the index's `unspaced` column holds for a text: its runs as pairs, runs a line apart. */
export function unspacedPairs(text: string): string {
  return runsOf(text)
    .map((characters) => [...pairs(characters), characters[characters.length - 1]].join(' '))
    .join('\n');
}

/**
 * The FTS5 expression (for the `unspaced` column) that finds `substring`'s runs, or null when
 * it has none. Quotes cannot occur inside a run, so the pairs need no escaping.
 */
export function unspacedMatch(substring: string): string | null {
  const runs = runsOf(substring);
  if (runs.length === 0) return null;
  const phrases = runs.map((characters) => (characters.length === 1 ? `"${characters[0]}" *` : `"${pairs(characters).join(' ')}"`));
  return `{unspaced} : (${phrases.join(' AND ')})`;
}

/**
 * The pair a substring is when it is exactly two characters of such script: its search is a
 * single token of the `unspaced` column, which can have a ranked list (store/search-top.ts).
 */
export function onePair(substring: string): string | null {
  const runs = runsOf(substring);
  return runs.length === 1 && runs[0].length === 2 && runs[0].join('') === substring.trim() ? substring.trim() : null;
}

/**
 * The pairs a substring's search looks for, in order, when it is one run of three characters or
 * more of such script (a phrase of pairs in the `unspaced` column); null otherwise.
 */
export function pairPhrase(substring: string): string[] | null {
  const runs = runsOf(substring);
  return runs.length === 1 && runs[0].length >= 3 && runs[0].join('') === substring.trim() ? pairs(runs[0]) : null;
}
