import { describe, expect, it } from 'vitest';
import { locateQuote } from '../../src-main/common/locate-quote';

const TEXT = 'The border runs for 1,084\u00a0kilometres.\nIt isn’t walled: “checkpoints”, not a wall.\nThe border runs for 1,084 kilometres, much of it marsh.';

const found = (exact: string, prefix?: string, suffix?: string) => {
  const { start, end } = locateQuote(TEXT, exact, prefix, suffix);
  return TEXT.slice(start, end);
};

describe('finding a typed quote in an article', () => {
  it('finds a quote typed with plain spaces and quotes where the page has no-break spaces, line breaks and curly quotes', () => {
    expect(found('It isn\'t walled: "checkpoints"')).toBe('It isn’t walled: “checkpoints”');
    expect(found('walled: "checkpoints", not a wall. The border')).toBe('walled: “checkpoints”, not a wall.\nThe border');
    expect(found('  isn\'t   walled ')).toBe('isn’t walled');
  });

  it('prefers the quote as typed, and lets prefix or suffix pick among several', () => {
    // As typed (a plain space), it occurs once; folded, twice.
    expect(locateQuote(TEXT, '1,084 kilometres')).toEqual({ start: TEXT.lastIndexOf('1,084'), end: TEXT.lastIndexOf('1,084') + 16 });
    expect(() => locateQuote(TEXT, 'The border runs')).toThrow(/occurs in 2 places: add --prefix or --suffix/);
    const second = locateQuote(TEXT, 'The border runs for 1,084', 'wall.\n');
    expect(second.start).toBe(TEXT.lastIndexOf('The border'));
    const first = locateQuote(TEXT, 'runs for 1,084', undefined, '\u00a0kilometres');
    expect(first.start).toBe(TEXT.indexOf('runs'));
  });

  it('says when a quote is nowhere, or nowhere with that context', () => {
    expect(() => locateQuote(TEXT, 'a concrete wall')).toThrow("The quote does not occur in the article's text.");
    expect(() => locateQuote(TEXT, '   ')).toThrow("The quote does not occur in the article's text.");
    expect(() => locateQuote(TEXT, 'isn\'t walled', 'Nobody says ')).toThrow('The quote occurs once, but never with that prefix and suffix.');
  });
});
