import { clipFixture, expect, openReader, screenshotPath, test } from './fixtures';

test.describe('highlighting in the reader', () => {
  test('selecting text across paragraphs offers colours; the highlight is drawn, listed and kept', async ({ page, app, consoleErrors }) => {
    const article = await clipFixture(app, 'srebrnik-belarus-iran.html');
    const stored = await app.call('getArticle', { id: article.id });
    await openReader(page, app, article.id);
    await expect(page.getByText('Select text in the article to highlight it.')).toBeVisible();

    // Select from inside one paragraph into the next, through the page's own DOM.
    const passage = 'Indeed, the literal translation of the word Belarus is White Russia.';
    const next = 'Heavily dependent on Moscow';
    await page.evaluate(([first, second]) => {
      const paragraphs = [...document.querySelectorAll('[data-reader] p')];
      const start = paragraphs.find((p) => p.textContent!.includes(first))!.firstChild!;
      const end = paragraphs.find((p) => p.textContent!.includes(second))!.firstChild!;
      const range = document.createRange();
      range.setStart(start, start.textContent!.indexOf(first));
      range.setEnd(end, end.textContent!.indexOf(second) + second.length);
      const selection = window.getSelection()!;
      selection.removeAllRanges();
      selection.addRange(range);
    }, [passage, next]);
    await page.locator('[data-reader]').dispatchEvent('mouseup');
    await page.mouse.up();
    const toolbar = page.getByRole('toolbar', { name: 'Highlight the selection' });
    await expect(toolbar).toBeVisible();
    await page.screenshot({ path: screenshotPath('reader-highlight-toolbar') });
    await toolbar.getByRole('button', { name: 'Highlight in green' }).click();

    const marks = page.locator('[data-reader] .highlight-green');
    await expect(marks.first()).toBeVisible();
    expect((await marks.allTextContents()).join('')).toBe(`${passage}${next}`);
    const [highlight] = await app.call('listHighlights', { articleId: article.id });
    const start = stored.text.indexOf(passage);
    expect(highlight).toMatchObject({ color: 'green', position: { start, end: stored.text.indexOf(next) + next.length } });
    expect(highlight.quote.exact).toBe(stored.text.slice(start, stored.text.indexOf(next) + next.length));
    await expect(page.getByRole('complementary', { name: 'Highlights' })).toContainText(passage);
    await page.screenshot({ path: screenshotPath('reader-highlights'), fullPage: true });

    await page.reload();
    await expect(page.locator('[data-reader] .highlight-green').first()).toBeVisible();
    expect(consoleErrors).toEqual([]);
  });
});
