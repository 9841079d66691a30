import { parseHTML } from 'linkedom';
import { describe, expect, it } from 'vitest';
import { clipPage, readArticle } from '../../src-main/clip/clip-page';
import { sanitizeArticle, sanitizeArticleFragment, sanitizeArticleHtml, type SourceNode } from '../../src-main/clip/sanitize';
import type { SanitizedElement } from '../../src-main/clip/sanitized-dom';
import { innerHtml } from '../../src-main/clip/sanitized-dom-html';
import { articleDocHtml } from '../../src-main/export/doc-html';
import { PAYLOAD_CASES, payloadContext, payloadPage } from '../hostile/corpus';

const BASE = 'https://example.org/news/story.html';

function sanitized(html: string): string {
  return sanitizeArticleHtml(html, BASE);
}

/** Every element and attribute of a sanitized article, as "tag" and "tag@attribute". */
function inventory(article: SanitizedElement, found = new Set<string>()): Set<string> {
  for (const element of article.children) {
    found.add(element.localName);
    for (const name of element.attributeNames) found.add(`${element.localName}@${name}`);
    inventory(element, found);
  }
  return found;
}

const ALLOWED_ATTRIBUTES = new Set([
  'a@href', 'a@title', 'img@src', 'img@alt', 'img@title', 'img@width', 'img@height',
  'th@colspan', 'th@rowspan', 'td@colspan', 'td@rowspan', 'ol@start', 'code@class',
]);

describe('the article sanitizer', () => {
  it('keeps the text of elements it does not allow, and drops scripts, styles, frames and forms with their content', () => {
    expect(sanitized('<font color="red">kept <blink>text</blink></font><script>alert(1)</script><style>p{}</style><iframe srcdoc="x">frame</iframe>')).toBe('kept text');
    expect(sanitized('<svg><text>vector</text><script>x()</script></svg><math><mi>x</mi></math><noscript><p>no script</p></noscript>')).toBe('');
    expect(sanitized('<form action="/x"><label>Name</label><textarea>typed</textarea><select><option>one</option></select><button>Send</button></form>')).toBe('Name');
    expect(sanitized('<template><p>later</p></template><object data="x">object</object><embed src="x">')).toBe('');
  });

  it('keeps only the attributes the schema can show', () => {
    const html = sanitized(
      '<p style="color:red" class="lead" id="p1" onclick="x()" data-x="1" dir="rtl">a</p>' +
        '<a href="/a" title="T" target="_blank" rel="opener" onmouseover="x()">b</a>' +
        '<img src="/i.png" alt="" title="" width="10" height="" srcset="/big.png 2x" onerror="x()">' +
        '<table><tr><td colspan="2" rowspan="" style="x">c</td></tr></table><ol start="3" type="a"><li>d</li></ol>' +
        '<pre><code class="language-ts hljs x">e</code></pre>',
    );
    expect(html).toBe(
      '<p>a</p><a href="https://example.org/a" title="T">b</a><img src="https://example.org/i.png" alt="" width="10">' +
        '<table><tr><td colspan="2">c</td></tr></table><ol start="3"><li>d</li></ol><pre><code class="language-ts">e</code></pre>',
    );
  });

  it('resolves links and images against the page and keeps only web, mail and inline image addresses', () => {
    expect(sanitized('<a href="../other.html#x">rel</a>')).toBe('<a href="https://example.org/other.html#x">rel</a>');
    expect(sanitized('<a href="mailto:desk@example.org">mail</a>')).toBe('<a href="mailto:desk@example.org">mail</a>');
    for (const href of ['javascript:alert(1)', ' JaVaScRiPt:x()', 'java\tscript:x()', 'vbscript:x', 'data:text/html,<script>x()</script>', 'file:///etc/passwd', '#top', '']) {
      expect(sanitized(`<a href="${href}">x</a>`), href).toBe('<a>x</a>');
    }
    expect(sanitized('<img src="data:image/png;base64,AAAA" alt="dot">')).toBe('<img src="data:image/png;base64,AAAA" alt="dot">');
    for (const src of ["data:image/svg+xml,<svg onload='x()'>", 'data:text/html,x', 'javascript:x()', '']) {
      expect(sanitized(`<p>a<img src="${src}" alt="gone">b</p>`), src).toBe('<p>ab</p>');
    }
    expect(sanitizeArticleHtml('<a href="/relative">x</a><img src="/relative.png">', null)).toBe('<a>x</a>');
  });

  it("resolves a clipped page's links and images against its <base>, whatever the case it is written in", () => {
    const story = '<p>The survey teams walked the length of the frontier over three summers, recording every marker they found.</p>'.repeat(4);
    for (const base of ['<base href="https://cdn.example.org/story/">', '<BASE\nHREF="https://cdn.example.org/story/">']) {
      const html = `<!doctype html><html><head>${base}<title>Base</title></head><body><article>${story}<p><a href="next.html">Next</a> <img src="map.png" alt="Map"></p></article></body></html>`;
      const { content } = readArticle(html, { bytes: new Uint8Array(), fetchedUrl: 'https://example.org/news/story.html', label: 'base' });
      expect(innerHtml(content)).toContain('<a href="https://cdn.example.org/story/next.html">Next</a> <img src="https://cdn.example.org/story/map.png" alt="Map">');
    }
  });

  it('reads attribute names as the page wrote them, in any case, and elements Readability names in capitals', () => {
    const { document } = parseHTML('<!doctype html><html><body><div id="root"><A HREF="/up" OnClick="x()">up</A><IMG SRC="/i.png" ALT="I"></div></body></html>');
    const root = document.getElementById('root')!;
    const made = document.createElement('DIV');
    made.textContent = 'made';
    root.appendChild(made);
    expect(innerHtml(sanitizeArticle(root as unknown as SourceNode, BASE))).toBe(
      '<a href="https://example.org/up">up</a><img src="https://example.org/i.png" alt="I"><div>made</div>',
    );
  });

  it('never writes a comment, and text that looks like markup stays text', () => {
    expect(sanitized('<p>a<!-- <script>x()</script> -->b</p><p>&lt;img src=x onerror=alert(1)&gt;</p>')).toBe('<p>ab</p><p>&lt;img src=x onerror=alert(1)&gt;</p>');
  });

  it('keeps a fragment inside itself: a stray </body> or </html> cannot put content past it', () => {
    expect(sanitized('<p>a</p></body></html><script>x()</script><p>b</p>')).toBe('<p>a</p><p>b</p>');
  });

  it('leaves nothing but allowed tags and attributes in any page of the hostile corpus', () => {
    expect(PAYLOAD_CASES.length).toBeGreaterThan(150);
    for (const testCase of PAYLOAD_CASES) {
      const html = payloadPage(testCase, payloadContext(testCase, 'http://127.0.0.1:9'));
      const input = { bytes: new TextEncoder().encode(html), fetchedUrl: 'http://127.0.0.1:8/article.html', label: testCase.id };
      const { content } = readArticle(html, input);
      for (const entry of inventory(content)) {
        if (entry.includes('@')) expect(ALLOWED_ATTRIBUTES.has(entry), `${testCase.id}: ${entry}`).toBe(true);
      }
      // The sanitized article, and the HTML `show --json` writes from the document clipping makes of it.
      for (const written of [innerHtml(content), articleDocHtml(clipPage(input).doc)]) {
        expect(written, testCase.id).not.toMatch(/<(script|style|iframe|svg|math|object|embed|form|base|meta|link)\b|\son\w+=|javascript:|vbscript:/i);
      }
    }
  });
});

describe('HTML given as text (Markdown a user imports)', () => {
  it('goes through the same allowlist', () => {
    const article = sanitizeArticleFragment('<p onclick="x()">a <b>b</b></p><img src="x" onerror="y()">', null);
    expect(inventory(article)).toEqual(new Set(['p', 'b']));
  });
});
