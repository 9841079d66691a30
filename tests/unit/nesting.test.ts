import { parseHTML } from 'linkedom';
import { describe, expect, it } from 'vitest';
import { parsedWithinNesting } from '../../src-main/clip/nesting';

const nested = (depth: number) => `${'<div>'.repeat(depth)}deep${'</div>'.repeat(depth)}`;
const depthOf = (document: ReturnType<typeof parseHTML>['document']) => {
  let depth = 0;
  for (let element = document.querySelector('div'); element; element = element.querySelector(':scope > div')) depth++;
  return depth;
};

describe('the nesting limit, held while linkedom parses', () => {
  it('parses HTML nested as deep as the limit, and stops at one level more', () => {
    const document = parsedWithinNesting(64, () => parseHTML(nested(64)).document);
    expect(document && depthOf(document)).toBe(64);
    expect(parsedWithinNesting(64, () => parseHTML(nested(65)).document)).toBeNull();
  });

  it('counts the elements HTML implies, as the parser builds them', () => {
    // Each </p> without an open <p> makes an empty paragraph, one level down.
    expect(parsedWithinNesting(3, () => parseHTML('<div><div></p></div></div>').document)).not.toBeNull();
    expect(parsedWithinNesting(2, () => parseHTML('<div><div></p></div></div>').document)).toBeNull();
  });

  it('stops a page nested 100,000 deep, and leaves later parses unlimited', () => {
    expect(parsedWithinNesting(512, () => parseHTML(nested(100_000)).document)).toBeNull();
    expect(depthOf(parseHTML(nested(600)).document)).toBe(600);
  });

  it('passes on any other error of the parse, and holds no limit after it', () => {
    expect(() =>
      parsedWithinNesting(8, () => {
        throw new Error('the page could not be read');
      }),
    ).toThrow('the page could not be read');
    expect(depthOf(parseHTML(nested(16)).document)).toBe(16);
  });
});
