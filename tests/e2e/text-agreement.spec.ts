import { readdirSync } from 'node:fs';
import { fixturePath } from '../support/temp';
import { clipFixture, expect, openReader, screenshotPath, test } from './fixtures';

/** Real pages with lists, tables, figures, <br> and <pre> (see tests/fixtures/corpus/README.md). */
const PAGES = readdirSync(fixturePath('corpus')).filter((name) => name.endsWith('.html'));

test('the corpus has at least 10 pages to compare', () => {
  expect(PAGES.length).toBeGreaterThanOrEqual(10);
});

for (const page of PAGES) {
  test(`the reader's text of ${page} equals the text main stored`, async ({ page: browser, app, consoleErrors }) => {
    const summary = await clipFixture(app, `corpus/${page}`);
    const stored = await app.call('getArticle', { id: summary.id });
    const readerText = await openReader(browser, app, summary.id);
    expect(readerText.length).toBeGreaterThan(0);
    expect(readerText).toBe(stored.text);
    // And what the reader shows on screen is that text (whitespace aside; image placeholders are not text).
    const shown = await browser.locator('[data-reader] .ProseMirror').evaluate((element) => {
      const copy = element.cloneNode(true) as HTMLElement;
      copy.querySelectorAll('.image-placeholder').forEach((placeholder) => placeholder.remove());
      return copy.textContent ?? '';
    });
    expect(shown.replace(/\s+/g, '')).toBe(stored.text.replace(/\s+/g, ''));
    if (page === 'dropbox-blog.html') await browser.screenshot({ path: screenshotPath('reader-corpus-lists-tables'), fullPage: false });
    expect(consoleErrors).toEqual([]);
  });
}
