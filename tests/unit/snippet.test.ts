import { describe, expect, it } from 'vitest';
import { parseSearchQuery } from '../../src-main/common/search-query';
import { snippetOf } from '../../src-main/common/snippet';

/** The stretches of the snippet that the query marks. */
function marked(text: string, query: string): string[] {
  const parsed = parseSearchQuery(query);
  if (!parsed.ok) throw new Error(parsed.message);
  const snippet = snippetOf(text, parsed.query);
  return snippet.matches.map((match) => snippet.text.slice(match.start, match.end));
}

describe('snippets', () => {
  it('marks words in any case and with any accents, composed or not, where they are in the original', () => {
    expect(marked('Le Café de la Gare, CAFÉ du coin, cafe\u0301 noir', 'cafe')).toEqual(['Café', 'CAFÉ', 'cafe\u0301']);
    expect(marked('Ærøskøbing and Zürich, then Zurich again', 'zurich')).toEqual(['Zürich', 'Zurich']);
  });

  it('keeps offsets right after characters whose folding changes the length', () => {
    // A decomposed accent is dropped (the folded text is one unit shorter), "İ" folds from one
    // unit to one, and an emoji is two units kept as they are, in a run folded one by one.
    expect(marked('cafe\u0301 noir, cafe\u0301 noir', 'noir')).toEqual(['noir', 'noir']);
    expect(marked('ê\u0301x et é🌊 water, e\u0301\u0300 more water', 'water')).toEqual(['water', 'water']);
    expect(marked('İstanbul İzmir e\u0301 İnn', 'inn')).toEqual(['İnn']);
    expect(marked('e\u0301e\u0301 cafe\u0301x and cafex', 'cafex')).toEqual(['cafe\u0301x', 'cafex']);
  });

  it('folds as the index does: Latin accents only, so Chinese, Japanese, Greek and Russian keep theirs', () => {
    expect(marked('東京都の水道局は、がっこうとかっこうを比べた。東京', '東京')).toEqual(['東京', '東京']);
    expect(marked('がっこうとかっこう', 'かっこう')).toEqual(['かっこう']);
    expect(marked('Ｃａｆé 東京 Café', 'café')).toEqual(['Café']);
    expect(marked('Ёлка, ёлка и елка', 'елка')).toEqual(['елка']);
    expect(marked('Καλά και καλα', 'καλα')).toEqual(['καλα']);
    expect(marked('ΚΌΣΜΟΣ και κόσμος', 'κόσμος')).toEqual(['ΚΌΣΜΟΣ', 'κόσμος']);
  });

  it('finds words where they are in text that mixes what folds to lower case with what folds one character at a time', () => {
    const text = '“Water”\u00a0— ＷＡＴＥＲ, Вода «water» µs Zürich… 東京の水道 WATER🌊water 豈 Καλά water';
    expect(marked(text, 'water')).toEqual(['Water', 'water', 'WATER', 'water', 'water']);
    expect(marked(text, 'вода')).toEqual(['Вода']);
    expect(marked(text, 'zurich')).toEqual(['Zürich']);
    expect(marked(text, '水道')).toEqual(['水道']);
    expect(marked(text, 'καλά')).toEqual(['Καλά']);
  });
});
