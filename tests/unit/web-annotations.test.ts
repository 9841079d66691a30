import { describe, expect, it } from 'vitest';
import { toWebAnnotations, webAnnotationsText, type AnnotatedHighlight } from '../../src-main/export/web-annotations';

function highlight(fields: Partial<AnnotatedHighlight> = {}): AnnotatedHighlight {
  return {
    id: 'h1aaaaaaaaaaaaaa',
    exact: 'The border is 1,084 km long.',
    prefix: 'Officials said that ',
    suffix: ' It runs through',
    comment: null,
    statement: null,
    isClaim: false,
    color: 'yellow',
    createdAt: '2024-03-01T10:00:00.000Z',
    updatedAt: '2024-03-02T11:00:00.000Z',
    articleId: 'a1aaaaaaaaaaaaaa',
    articleUrl: 'https://example.com/news/border',
    articleTitle: 'The Border',
    ...fields,
  };
}

type Json = Record<string, any>;

/** The file as a tool reads it: JSON text parsed back. */
function exported(highlights: AnnotatedHighlight[]): Json {
  return JSON.parse(JSON.stringify(toWebAnnotations(highlights), null, 2));
}

const isIri = (value: unknown) => typeof value === 'string' && /^[a-z][a-z0-9+.-]*:\S+$/i.test(value) && URL.canParse(value);
const XSD_DATE_TIME_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?Z$/;

/** The Web Annotation Data Model's MUSTs for the parts this export uses (sections 3.1–3.3, 4.2.4, 5). */
function expectValidAnnotation(annotation: Json): void {
  expect(isIri(annotation.id)).toBe(true);
  expect(annotation.type).toBe('Annotation');
  expect(annotation.target).toBeDefined();
  expect(isIri(annotation.target.source)).toBe(true);
  expect(['assessing', 'commenting', 'highlighting']).toContain(annotation.motivation);
  for (const body of annotation.body ?? []) {
    expect(body.type).toBe('TextualBody');
    expect(typeof body.value).toBe('string');
    expect(['commenting', 'describing', 'tagging']).toContain(body.purpose);
  }
  const selector = annotation.target.selector;
  expect(selector.type).toBe('TextQuoteSelector');
  expect(typeof selector.exact).toBe('string');
  expect(JSON.stringify(annotation)).not.toContain('TextPositionSelector');
  expect(annotation.created).toMatch(XSD_DATE_TIME_UTC);
  expect(annotation.modified).toMatch(XSD_DATE_TIME_UTC);
  if (annotation.stylesheet) {
    expect(annotation.stylesheet.type).toBe('CssStylesheet');
    expect(annotation.stylesheet.value).toContain(`.${annotation.target.styleClass} `);
  }
}

describe('Web Annotation export', () => {
  it('is one AnnotationCollection in the W3C JSON-LD context whose first page holds every highlight', () => {
    const collection = exported([highlight(), highlight({ id: 'h2aaaaaaaaaaaaaa' })]);
    expect(collection['@context']).toBe('http://www.w3.org/ns/anno.jsonld');
    expect(collection.type).toBe('AnnotationCollection');
    expect(isIri(collection.id)).toBe(true);
    expect(collection.total).toBe(2);
    expect(collection.first.type).toBe('AnnotationPage');
    expect(isIri(collection.first.id)).toBe(true);
    expect(collection.first.startIndex).toBe(0);
    expect(collection.first.items).toHaveLength(2);
    for (const annotation of collection.first.items) expectValidAnnotation(annotation);
  });

  it('makes a plain highlight a "highlighting" annotation of the page, selected by its quote and context', () => {
    const [annotation] = exported([highlight()]).first.items;
    expect(annotation).toEqual({
      id: 'urn:commonplace:highlight:h1aaaaaaaaaaaaaa',
      type: 'Annotation',
      motivation: 'highlighting',
      created: '2024-03-01T10:00:00.000Z',
      modified: '2024-03-02T11:00:00.000Z',
      target: {
        source: 'https://example.com/news/border',
        styleClass: 'commonplace-yellow',
        selector: { type: 'TextQuoteSelector', exact: 'The border is 1,084 km long.', prefix: 'Officials said that ', suffix: ' It runs through' },
      },
      stylesheet: { type: 'CssStylesheet', value: '.commonplace-yellow { background-color: #fbe89a; }' },
    });
  });

  it('carries the comment, the claim and its restatement as bodies with their purposes', () => {
    const [commented, claim, bareClaim] = exported([
      highlight({ comment: 'Check this against the 2019 survey.' }),
      highlight({ id: 'h2aaaaaaaaaaaaaa', isClaim: true, statement: 'The border is over a thousand km.', comment: 'Source?', color: 'pink' }),
      highlight({ id: 'h3aaaaaaaaaaaaaa', isClaim: true, statement: '  ' }),
    ]).first.items;
    expect(commented.motivation).toBe('commenting');
    expect(commented.body).toEqual([{ type: 'TextualBody', value: 'Check this against the 2019 survey.', format: 'text/plain', purpose: 'commenting' }]);
    expect(claim.motivation).toBe('assessing');
    expect(claim.body).toEqual([
      { type: 'TextualBody', value: 'Source?', format: 'text/plain', purpose: 'commenting' },
      { type: 'TextualBody', value: 'The border is over a thousand km.', format: 'text/plain', purpose: 'describing' },
      { type: 'TextualBody', value: 'claim', format: 'text/plain', purpose: 'tagging' },
    ]);
    expect(claim.stylesheet.value).toBe('.commonplace-pink { background-color: #f6c9d8; }');
    expect(bareClaim.body).toEqual([{ type: 'TextualBody', value: 'claim', format: 'text/plain', purpose: 'tagging' }]);
  });

  it('targets an article without a web address by a name of its own', () => {
    const items = exported([
      highlight({ articleUrl: null }),
      highlight({ id: 'h2aaaaaaaaaaaaaa', articleUrl: 'file:///home/me/saved.html' }),
      highlight({ id: 'h3aaaaaaaaaaaaaa', articleUrl: 'javascript:alert(1)' }),
    ]).first.items;
    expect(items.map((item: Json) => item.target.source)).toEqual([
      'urn:commonplace:article:a1aaaaaaaaaaaaaa',
      'urn:commonplace:article:a1aaaaaaaaaaaaaa',
      'urn:commonplace:article:a1aaaaaaaaaaaaaa',
    ]);
    for (const item of items) expectValidAnnotation(item);
  });

  it('keeps hostile text exactly, leaves out empty context, and keeps the order given', () => {
    const exact = 'Line one\n\n<script>alert("x")</script> & "quotes" \\ back\u2028slash 🙂 東京';
    const items = exported([
      highlight({ id: 'zzzzzzzzzzzzzzzz', exact, prefix: '', suffix: '', comment: '**not markdown** </script>' }),
      highlight({ id: 'aaaaaaaaaaaaaaaa' }),
    ]).first.items;
    expect(items.map((item: Json) => item.id)).toEqual(['urn:commonplace:highlight:zzzzzzzzzzzzzzzz', 'urn:commonplace:highlight:aaaaaaaaaaaaaaaa']);
    expect(items[0].target.selector).toEqual({ type: 'TextQuoteSelector', exact });
    expect(items[0].body[0].value).toBe('**not markdown** </script>');
  });

  it('is an empty collection without a page when there are no highlights', () => {
    expect(exported([])).toEqual({
      '@context': 'http://www.w3.org/ns/anno.jsonld',
      id: 'urn:commonplace:annotations',
      type: 'AnnotationCollection',
      label: 'Commonplace highlights',
      total: 0,
    });
  });

  it('is the same text every time', () => {
    const highlights = [highlight(), highlight({ id: 'h2aaaaaaaaaaaaaa', comment: 'x', color: 'unknown colour!' })];
    const text = JSON.stringify(toWebAnnotations(highlights), null, 2);
    expect(JSON.stringify(toWebAnnotations(structuredClone(highlights)), null, 2)).toBe(text);
    expect(JSON.parse(text).first.items[1].target.styleClass).toBe('commonplace-unknowncolour');
  });

  it('writes the file as the collection serialized, however many highlights it holds', () => {
    for (const count of [0, 1, 999, 1000, 2501]) {
      const highlights = Array.from({ length: count }, (_, index) =>
        highlight({
          id: `h${index}`,
          exact: `Quote ${index} “curly” and \u2028 and "quoted"`,
          prefix: index % 4 === 0 ? '' : `before\t${index}\\`,
          suffix: index % 5 === 0 ? '' : `after </script> ${index}`,
          comment: index % 3 === 0 ? `Comment ${index}` : index % 11 === 0 ? '   ' : null,
          statement: index % 6 === 0 ? `Claimed ${index}` : null,
          isClaim: index % 2 === 0,
          color: ['yellow', 'green', 'blue', 'pink', 'purple', 'Ultra Violet!'][index % 6],
          articleId: `a${index % 7}`,
          articleUrl: index % 7 === 0 ? null : index % 7 === 1 ? 'javascript:alert(1)' : `https://example.com/${index % 7}`,
        }),
      );
      const file = webAnnotationsText(highlights).join('');
      expect(file).toBe(`${JSON.stringify(toWebAnnotations(highlights))}\n`);
      expect(JSON.parse(file).first?.items.length ?? 0).toBe(count);
    }
  });
});
