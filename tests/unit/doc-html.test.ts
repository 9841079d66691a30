/**
 * The HTML `show --json` writes from a capture's document (a capture keeps no HTML of its own):
 * the document read back from it is the same document, and it loads nothing from the network.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { withLocalImages } from '../../src-main/clip/images';
import { sanitizeArticleFragment } from '../../src-main/clip/sanitize';
import { articleToDoc } from '../../src-main/clip/to-doc';
import { articleDocHtml } from '../../src-main/export/doc-html';
import { fixturePath } from '../support/temp';

const PAGE = 'https://example.org/page';
const docOf = (html: string) => articleToDoc(sanitizeArticleFragment(html, PAGE));

describe("an article's document written as HTML", () => {
  it('reads back as the same document, for every fixture page', () => {
    const fixtures = readdirSync(fixturePath('.')).filter((name) => name.endsWith('.html'));
    expect(fixtures.length).toBeGreaterThan(5);
    for (const name of fixtures) {
      const doc = docOf(readFileSync(fixturePath(name), 'latin1'));
      expect(docOf(articleDocHtml(doc)), name).toEqual(doc);
    }
  });

  it('keeps headings, marks, links, lists, tables and figures', () => {
    const html = articleDocHtml(docOf(
      '<h2>Findings</h2><p>A <em>new</em> <strong>survey</strong> of <a href="https://example.org/m">markers</a>, H<sub>2</sub>O.</p>' +
        '<ol start="3"><li>third</li></ol><table><tr><th>Sector</th></tr><tr><td>North</td></tr></table><blockquote><p>Quoted.</p></blockquote>',
    ));
    expect(html).toContain('<h2>Findings</h2>');
    expect(html).toContain('<p>A <em>new</em> <strong>survey</strong> of <a href="https://example.org/m" rel="noopener noreferrer nofollow" target="_blank">markers</a>, H<sub>2</sub>O.</p>');
    expect(html).toContain('<ol start="3"><li><p>third</p></li></ol>');
    expect(html).toMatch(/<th[^>]*><p>Sector<\/p><\/th>.*<td[^>]*><p>North<\/p><\/td>/);
    expect(html).toContain('<blockquote><p>Quoted.</p></blockquote>');
  });

  it('shows local images, and an image without a local copy as a link to it or a label', () => {
    const local = `/media/${'a'.repeat(64)}`;
    const doc = withLocalImages(
      docOf('<figure><img src="https://example.org/kept.png" alt="Kept"><figcaption>Cap</figcaption></figure><p><img src="https://example.org/gone.png" alt=" Gone "><img src="data:image/png;base64,AAAA"></p>'),
      (src) => (src.endsWith('kept.png') ? local : undefined),
    );
    const html = articleDocHtml(doc);
    expect(html).toContain(`<figure><img alt="Kept" src="${local}"><figcaption>Cap</figcaption></figure>`);
    expect(html).toContain('<a rel="noopener noreferrer nofollow" target="_blank" href="https://example.org/gone.png" class="image-placeholder">Image: Gone</a>');
    expect(html).toContain('<span class="image-placeholder">Image: image</span>');
    expect(html).not.toMatch(/<img[^>]+src="(?!\/media\/)/);
  });
});
