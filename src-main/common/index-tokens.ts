/**
 * The words the search index sees in a text, as FTS5's `unicode61 remove_diacritics 2`
 * tokenizer cuts them: runs of letters, digits and private-use characters, lower-cased, with
 * diacritics removed. store/search-top.ts uses it to score a new item for the ranked lists
 * without asking FTS5, so it must agree with the tokenizer on everything but rare edge cases.
 */

const TOKEN = /[\p{L}\p{N}\p{Co}]+/gu;

/** The folded form of one token: lower case, marks removed. */
export function foldToken(token: string): string {
  // Most text is ASCII, where folding is lower-casing: skip the costly normalisation.
  if (/^[\u0000-\u007f]*$/.test(token)) return token.toLowerCase();
  return token.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}

export function indexTokens(text: string): string[] {
  const tokens: string[] = [];
  for (const match of text.matchAll(TOKEN)) tokens.push(foldToken(match[0]));
  return tokens;
}
