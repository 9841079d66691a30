/**
 * The renderer's mapping between DOM selections and the capture's text, in Chromium: a
 * selection that starts or ends inside a link, emphasis, strong text or code, or at an
 * element boundary, becomes a highlight of exactly the text selected, drawn over exactly it.
 */
import type { Page } from '@playwright/test';
import { clipFixture, expect, openReader, selectText, test } from './fixtures';

/** The text of every piece drawn for one highlight, joined. */
async function drawnText(page: Page, id: string): Promise<string> {
  return (await page.locator(`[data-reader] [data-highlight-id="${id}"]`).allTextContents()).join('');
}

test.describe('selections become highlights of exactly the selected text', () => {
  /** `from` and `to` each lie in one text node; `expected` is the text between, where it is short enough to spell out. */
  const cases: Array<{ name: string; from: string; to: string; expected?: string }> = [
    { name: 'inside a link', from: 'gloss on', to: 'gloss on', expected: 'gloss on' },
    { name: 'from emphasis inside a link out into plain text', from: 'bene', to: 'says that the reader', expected: 'bene says that the reader' },
    { name: 'from plain text into emphasis', from: 'medieval scribes', to: 'gloss', expected: 'medieval scribes left gloss' },
    { name: 'from inside strong text across paragraphs into emphasis', from: 'anicule', to: 'ords' },
    { name: 'inside inline code', from: 'select', to: 'select', expected: 'select' },
    { name: 'from one list item into the next', from: 'little context', to: 'A position selector' },
  ];

  for (const { name, from, to, expected } of cases) {
    test(name, async ({ page, app, consoleErrors }) => {
      const article = await clipFixture(app, 'inline-marks.html');
      for (const earlier of await app.call('listHighlights', { articleId: article.id })) await app.call('deleteHighlight', { id: earlier.id });
      const text = await openReader(page, app, article.id);
      await selectText(page, from, to);
      // The text offsets the selection covers, found in the capture's own text.
      const start = text.indexOf(from);
      const end = text.indexOf(to, start) + to.length;
      if (expected) expect(text.slice(start, end)).toBe(expected);
      await page.keyboard.press('h');
      await expect(page.locator('[data-reader] .highlight').first()).toBeVisible();
      const [highlight] = await app.call('listHighlights', { articleId: article.id });
      expect(highlight.position).toEqual({ start, end });
      expect(highlight.quote.exact).toBe(text.slice(start, end));
      // Drawn over the same words: block breaks are text in the capture, not in the DOM.
      expect(await drawnText(page, highlight.id)).toBe(text.slice(start, end).replace(/\n+/g, ''));
      expect(consoleErrors).toEqual([]);
    });
  }

  test('a selection whose ends are elements, not text (a whole list item)', async ({ page, app, consoleErrors }) => {
    const article = await clipFixture(app, 'inline-marks.html');
    for (const earlier of await app.call('listHighlights', { articleId: article.id })) await app.call('deleteHighlight', { id: earlier.id });
    const text = await openReader(page, app, article.id);
    const item = 'A position selector keeps where those words started and ended.';
    await page.evaluate((item) => {
      const element = [...document.querySelectorAll('[data-reader] li p')].find((p) => p.textContent === item)!;
      const range = document.createRange();
      range.selectNodeContents(element);
      window.getSelection()!.removeAllRanges();
      window.getSelection()!.addRange(range);
    }, item);
    await page.keyboard.press('h');
    await expect(page.locator('[data-reader] .highlight')).toHaveText(item);
    const [highlight] = await app.call('listHighlights', { articleId: article.id });
    expect(highlight.position).toEqual({ start: text.indexOf(item), end: text.indexOf(item) + item.length });
    expect(consoleErrors).toEqual([]);
  });
});
