import Database from 'better-sqlite3';
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { countPhrase, indexTokens } from '../../src-main/common/index-tokens';
import { fixturePath } from '../support/temp';

/** The tokens FTS5 itself makes of a text, in order, with the index's tokenizer. */
function fts5Tokens(texts: string[]): string[][] {
  const db = new Database(':memory:');
  db.exec(`CREATE VIRTUAL TABLE t USING fts5 (x, tokenize = 'unicode61 remove_diacritics 2');
           CREATE VIRTUAL TABLE v USING fts5vocab (t, 'instance');`);
  const insert = db.prepare('INSERT INTO t (rowid, x) VALUES (?, ?)');
  texts.forEach((text, index) => insert.run(index + 1, text));
  const tokens: string[][] = texts.map(() => []);
  for (const { term, doc, offset } of db.prepare('SELECT term, doc, offset FROM v ORDER BY doc, offset').all() as Array<{ term: string; doc: number; offset: number }>) {
    tokens[doc - 1][offset] = term;
  }
  db.close();
  return tokens;
}

describe('the index tokens', () => {
  it('are the tokens FTS5 makes, in every script and both Unicode forms', () => {
    const texts = [
      'Café, CAFÉ and cafe\u0301x; Zürich, ṩ, ệ, ǖ, İstanbul, Straße, ǅemal, Ærø, łódź, đ',
      'Ελληνικά: καλά, Ώρα; русский: ёлка, йод, е\u0308ж',
      'がっこう ガス か\u3099 東京都の水道局は、漏水率を下げる。ｶﾞ ＡＢＣ',
      'ภาษาไทย ก่ข, tiếng Việt: người, đường',
      'Emoji 🌊 between words, digits ٣٤ 12.5, private \ue000use, under_score',
    ];
    expect(texts.map(indexTokens)).toEqual(fts5Tokens(texts));
  });

  it('fold every letter and digit, and the diacritics FTS5 drops, as FTS5 does, alone and after a capital sigma', () => {
    // Other marks separate tokens in both, except some added to Unicode after SQLite's tables
    // (marks of historic and minority scripts), where FTS5 keeps them inside a token.
    const characters: string[] = [];
    for (let code = 0x80; code < 0x30000; code++) {
      const character = String.fromCodePoint(code);
      if (/[\p{L}\p{N}\p{Co}\u0300-\u0331]/u.test(character)) characters.push(character);
    }
    // Between letters, so that each is part of a token when FTS5 takes it for one; and before Σ,
    // which lower-cases to ς at a word's end where FTS5 folds it to σ.
    const texts = characters.map((character) => `a${character}a ΛΟΓΟΣ${character}`);
    expect(texts.length).toBeGreaterThan(140_000);
    const theirs = fts5Tokens(texts);
    const differing = texts.filter((text, index) => JSON.stringify(indexTokens(text)) !== JSON.stringify(theirs[index]));
    expect(differing).toEqual([]);
  });

  it('are the tokens FTS5 makes of whole pages, in English, Japanese, Russian and Hebrew', () => {
    const names = ['corpus', '.'].flatMap((folder) => readdirSync(fixturePath(folder)).filter((name) => name.endsWith('.html')).map((name) => `${folder}/${name}`));
    // Two pages are in legacy encodings, named in their file names.
    const encoding = (name: string) => (name.includes('shift_jis') ? 'shift_jis' : name.includes('windows-1251') ? 'windows-1251' : 'utf-8');
    const texts = names.map((name) => new TextDecoder(encoding(name)).decode(readFileSync(fixturePath(name))));
    const ours = texts.map(indexTokens);
    const theirs = fts5Tokens(texts);
    expect(ours.reduce((sum, tokens) => sum + tokens.length, 0)).toBeGreaterThan(100_000);
    ours.forEach((tokens, index) => expect(tokens, names[index]).toEqual(theirs[index]));
  });

  describe('counted as phrases', () => {
    /** How many times the phrase's tokens stand one after another among the text's tokens. */
    function countedInTokens(tokens: string[], phrase: string[]): number {
      let count = 0;
      for (let at = 0; at + phrase.length <= tokens.length; at++) if (phrase.every((token, i) => tokens[at + i] === token)) count++;
      return count;
    }

    /** Every token, and every run of two and three tokens, of each text: countPhrase's count is the one over all tokens. */
    function expectCountsOfEveryPhrase(texts: string[]): void {
      for (const text of texts) {
        const tokens = indexTokens(text);
        const phrases = new Map<string, string[]>();
        for (let at = 0; at < tokens.length; at++) for (let size = 1; size <= 3 && at + size <= tokens.length; size++) phrases.set(tokens.slice(at, at + size).join(' '), tokens.slice(at, at + size));
        for (const phrase of phrases.values()) expect(countPhrase(text, phrase), `${phrase.join(' ')} in ${text.slice(0, 40)}`).toBe(countedInTokens(tokens, phrase));
      }
    }

    it('count whole tokens in order, in any case and with accents, overlapping instances too', () => {
      const text = 'The United States; the united\tstates. THE UNITED STATESMEN, united states, the Únited Státes';
      expect(countPhrase(text, ['the', 'united', 'states'])).toBe(3);
      expect(countPhrase(text, ['united', 'states'])).toBe(4);
      expect(countPhrase(text, ['states'])).toBe(4);
      expect(countPhrase('the the the, the', ['the', 'the'])).toBe(3);
      expect(countPhrase('東京都 東京 京都', ['東京'])).toBe(1);
      expect(countPhrase('', ['the'])).toBe(0);
      expectCountsOfEveryPhrase([text, 'Straße STRASSE straße', 'ΛΟΓΟΣ λόγος ΛΌΓΟΣ, λογος', 'e\u0301te \u0301 été ete', '𝐀𝐁 𝐚𝐛 ab 🌊ab', 'ภาษาไทย ก่ข ก่ข']);
    });

    it('count as FTS5 does whatever the characters around them', () => {
      const characters: string[] = [];
      for (let code = 0x80; code < 0x30000; code += 7) {
        const character = String.fromCodePoint(code);
        if (/[\p{L}\p{N}\p{Co}\p{M}\p{P}\u0300-\u0331]/u.test(character)) characters.push(character);
      }
      expect(characters.length).toBeGreaterThan(15_000);
      expectCountsOfEveryPhrase(characters.map((character) => `a${character}a a ${character} ΛΟΓΟΣ${character} a${character}`));
    });

    it('count as FTS5 does in whole pages', () => {
      const names = readdirSync(fixturePath('corpus')).filter((name) => name.endsWith('.html') && !/shift_jis|windows-1251/.test(name)).slice(0, 6);
      const texts = names.map((name) => readFileSync(fixturePath(`corpus/${name}`), 'utf8').slice(0, 20_000));
      expectCountsOfEveryPhrase(texts);
    });
  });
});
