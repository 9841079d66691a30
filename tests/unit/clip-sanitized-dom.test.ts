import { readdirSync, readFileSync } from 'node:fs';
import { getSchema } from '@tiptap/core';
import { DOMParser as ProseMirrorParser } from '@tiptap/pm/model';
import { parseHTML } from 'linkedom';
import { describe, expect, it } from 'vitest';
import { articleExtensions } from '../../src-main/common/editor-schema';
import { sanitizeArticleFragment } from '../../src-main/clip/sanitize';
import { innerHtml } from '../../src-main/clip/sanitized-dom-html';
import { articleToDoc } from '../../src-main/clip/to-doc';
import { fixturePath } from '../support/temp';

/** What the sanitized DOM stands in for: the same HTML in a linkedom document. */
function linkedomBody(html: string) {
  return parseHTML(`<!doctype html><html><body>${html}</body></html>`).document.body;
}

const parser = ProseMirrorParser.fromSchema(getSchema(articleExtensions));

/** Markup whose handling depends on details of the DOM ProseMirror reads. */
const TRICKY = [
  // A list directly inside a list (ProseMirror moves it into the item before), entities that
  // split one text run into several nodes, whitespace-only runs between blocks.
  '<ul><li>one</li><ul><li>nested &amp; split</li></ul><li>two</li></ul> &amp; <p> a &lt; b </p>',
  // Empty and non-empty cells, a code block's language, line breaks where text cannot go.
  '<table><tr><th> </th><td colspan="2">x</td></tr></table><pre><code class="language-js language-js">let a = 1;\n  b();</code></pre><br><ul><br><li>i</li></ul>',
  // Links (linkedom gives an <a> the empty class ""), images, marks, an ordered list's start.
  '<p><a href="https://example.org/a?b=1&amp;c=2" title="T">link</a> <img src="https://example.org/i.png" alt="i"> <em><strong>x</strong></em><sub>2</sub></p><ol start="3"><li>c</li></ol>',
  '<figure><img src="data:image/png;base64,AAAA" alt=""><figcaption>Caption&nbsp;here</figcaption></figure><blockquote>quoted<p>para</p></blockquote><hr><h3>Heading</h3>',
];

function samples() {
  const fixtures = readdirSync(fixturePath('.')).filter((name) => name.endsWith('.html'));
  return [...TRICKY, ...fixtures.map((name) => readFileSync(fixturePath(name), 'latin1'))].map((html) => sanitizeArticleFragment(html, 'https://example.org/page'));
}

describe('the sanitized article as a small DOM', () => {
  it('gives ProseMirror the document that its HTML in a linkedom DOM gives it', () => {
    for (const article of samples()) {
      const expected = parser.parse(linkedomBody(innerHtml(article)) as unknown as Node).toJSON();
      expect(articleToDoc(article)).toEqual(expected);
    }
  });

  it('writes HTML that linkedom reads back to the same HTML', () => {
    for (const article of samples()) {
      const html = innerHtml(article);
      expect(linkedomBody(html).innerHTML).toBe(html);
    }
  });

  it('refuses a selector it does not support, rather than answering wrongly', () => {
    const body = sanitizeArticleFragment('<p class="x">a</p>', null);
    expect(() => body.querySelector('p.x')).toThrow(/does not support the selector/);
  });
});
