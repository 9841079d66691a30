import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { anchor, anchorAll, CONTEXT_LENGTH, describeRange, normalizeText } from '../../src-main/common/anchor';
import { clipPage } from '../../src-main/clip/clip-page';
import { fixturePath } from '../support/temp';

function selectorsFor(text: string, passage: string, occurrence = 0) {
  let start = -1;
  for (let i = 0; i <= occurrence; i++) start = text.indexOf(passage, start + 1);
  if (start < 0) throw new Error(`"${passage}" is not in the text`);
  return describeRange(text, start, start + passage.length);
}

describe('describing a range', () => {
  it('keeps the exact text, 32 characters either side, and the position', () => {
    const text = 'a'.repeat(40) + 'THE PASSAGE' + 'b'.repeat(40);
    expect(describeRange(text, 40, 51)).toEqual({
      quote: { exact: 'THE PASSAGE', prefix: 'a'.repeat(CONTEXT_LENGTH), suffix: 'b'.repeat(CONTEXT_LENGTH) },
      position: { start: 40, end: 51 },
    });
    expect(describeRange('xy', 0, 2).quote).toEqual({ exact: 'xy', prefix: '', suffix: '' });
    expect(() => describeRange('xy', 1, 1)).toThrow(RangeError);
  });
});

describe('anchoring on the same text', () => {
  const text = 'One fish. Two fish. Red fish. Blue fish. One fish again, and two fish.';

  it('round-trips every range exactly', () => {
    for (const [start, end] of [[0, 9], [10, 19], [4, 8], [60, 70]]) {
      expect(anchor(describeRange(text, start, end), text)).toEqual({ status: 'exact', start, end });
    }
  });

  it('tells repeated quotes apart by their context', () => {
    const second = selectorsFor(text, 'One fish', 1);
    const shifted = `Intro. ${text}`;
    const found = anchor(second, shifted);
    expect(found).toMatchObject({ status: 'moved', start: shifted.lastIndexOf('One fish') });
  });

  it('counts UTF-16 units the same way on both sides, emoji and CJK included', () => {
    const unicode = 'Avant 🙂 après. 東京と大阪。Ünïcödé text';
    const range = describeRange(unicode, unicode.indexOf('après'), unicode.indexOf('大阪') + 2);
    expect(anchor(range, unicode)).toMatchObject({ status: 'exact' });
    expect(anchor(range, `🙂🙂 ${unicode}`)).toMatchObject({ status: 'moved', start: unicode.indexOf('après') + 5 });
  });
});

describe('the one normalisation', () => {
  it('folds whitespace runs and typographic quotes, and maps back to the original', () => {
    const { text, offsets } = normalizeText('a \u00a0\n b “c” it’s');
    expect(text).toBe('a b "c" it\'s');
    expect(offsets[2]).toBe(5);
    expect(offsets.at(-1)).toBe(15);
  });

  it('finds a passage whose whitespace or quote style changed, as exact text', () => {
    const original = 'He said “the two countries have the will to strengthen cooperation,” today.';
    const edited = 'He   said\n"the two countries have the will to strengthen cooperation," today.';
    const found = anchor(selectorsFor(original, '“the two countries have the will to strengthen cooperation,”'), edited);
    expect(found.status === 'exact' || found.status === 'moved').toBe(true);
    if (found.status !== 'orphan') expect(edited.slice(found.start, found.end)).toBe('"the two countries have the will to strengthen cooperation,"');
  });
});

describe('re-anchoring on an edited version of the sample', () => {
  const clip = (name: string) => clipPage({ bytes: readFileSync(fixturePath(name)), fetchedUrl: 'https://srebrnik.blogspot.com/x.html', label: name }).text;
  const v1 = clip('srebrnik-belarus-iran.html');
  const v2 = clip('srebrnik-belarus-iran.v2.html');

  it('finds a sentence of an unchanged paragraph after the inserted one (moved)', () => {
    const passage = 'Indeed, the literal translation of the word Belarus is White Russia.';
    const found = anchor(selectorsFor(v1, passage), v2);
    expect(found.status).toBe('moved');
    if (found.status === 'moved') expect(v2.slice(found.start, found.end)).toBe(passage);
  });

  it('finds the sentence whose quotation marks changed, on the new text', () => {
    const passage = 'Thirty years after the start of relations “the two countries have the will to strengthen cooperation,” Raisi stated';
    const found = anchor(selectorsFor(v1, passage), v2);
    expect(['exact', 'moved']).toContain(found.status);
    if (found.status !== 'orphan') expect(v2.slice(found.start, found.end)).toBe(passage.replaceAll('“', '"').replaceAll('”', '"'));
  });

  it('finds “the first such visit in 17 years” where emphasis was added: markup is not text', () => {
    const found = anchor(selectorsFor(v1, 'the first such visit in 17 years'), v2);
    expect(['exact', 'moved']).toContain(found.status);
    if (found.status !== 'orphan') expect(v2.slice(found.start, found.end)).toBe('the first such visit in 17 years');
  });

  it('never calls the corrected border length exact or moved: fuzzy with both texts, or orphan', () => {
    const passage = 'its border with Belarus, which is more than 1,000 kilometres long.';
    const found = anchor(selectorsFor(v1, passage), v2);
    expect(['fuzzy', 'orphan']).toContain(found.status);
    if (found.status === 'fuzzy') {
      expect(found.text).toBe('its border with Belarus, which is about 1,084 kilometres long.');
      expect(found.score).toBeGreaterThanOrEqual(0.75);
    }
  });

  it('reports a sentence of the deleted paragraph as an orphan', () => {
    const passage = 'Meanwhile, Putin has been forced to embrace Iran because he finds himself totally isolated on the global stage following the invasion of Ukraine.';
    expect(anchor(selectorsFor(v1, passage), v2)).toEqual({ status: 'orphan' });
  });

  it('anchors many highlights at once, normalising the text once', () => {
    const passages = ['White Russia', 'the first such visit in 17 years', 'mitigate the effects of sanctions'];
    const anchors = anchorAll(passages.map((passage) => selectorsFor(v1, passage)), v2);
    expect(anchors.map((found) => found.status)).toEqual(['moved', 'moved', 'moved']);
  });
});
