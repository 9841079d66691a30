import { readFileSync } from 'node:fs';
import { startPageServer } from '../support/page-server';
import { fixturePath } from '../support/temp';
import { clipFixture, expect, openReader, releaseMouse, screenshotPath, selectText, test } from './fixtures';

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

  test('comments in place, claims, the keyboard, and deleting with undo', async ({ page, app, consoleErrors }) => {
    const article = await clipFixture(app, 'inline-marks.html');
    await openReader(page, app, article.id);
    const panel = page.getByRole('complementary', { name: 'Highlights' });
    const stored = async () => app.call('listHighlights', { articleId: article.id });

    // Keyboard: a selection and "2" highlights in green; "c" then comments on it.
    await selectText(page, 'Readers have written', 'there have been margins');
    await page.keyboard.press('2');
    await expect(page.locator('[data-reader] .highlight-green')).toHaveText('Readers have written in the margins of books for as long as there have been margins');
    await page.keyboard.press('c');
    const comment = panel.getByRole('textbox', { name: 'Comment' });
    await expect(comment).toBeFocused();
    await comment.fill('The oldest habit');
    await comment.press('Control+Enter');
    await expect(panel).toContainText('The oldest habit');

    // The toolbar: select, Comment, type, leave the field: saved.
    await selectText(page, 'manicule');
    await releaseMouse(page);
    await page.getByRole('toolbar', { name: 'Highlight the selection' }).getByRole('button', { name: 'Comment' }).click();
    await expect(comment).toBeFocused();
    await comment.fill('the pointing hand');
    await page.locator('.reader-header h1').click();
    await expect(panel).toContainText('the pointing hand');
    expect((await stored()).map((highlight) => [highlight.quote.exact, highlight.comment])).toEqual([
      ['Readers have written in the margins of books for as long as there have been margins', 'The oldest habit'],
      ['manicule', 'the pointing hand'],
    ]);

    // Still there after a reload; the comment is edited where it is shown.
    await page.reload();
    await expect(page.locator('[data-reader] .highlight')).toHaveCount(2);
    await panel.getByRole('button', { name: 'The oldest habit' }).click();
    await expect(comment).toHaveValue('The oldest habit');
    await comment.fill('The oldest habit of readers');
    await comment.press('Control+Enter');
    await expect(panel).toContainText('The oldest habit of readers');
    expect((await stored())[0].comment).toBe('The oldest habit of readers');

    // A highlight clicked in the text gets its own toolbar: mark it as a claim.
    await page.locator('[data-reader] .highlight', { hasText: 'manicule' }).click();
    const change = page.getByRole('toolbar', { name: 'Change the highlight' });
    await expect(change).toBeVisible();
    await page.screenshot({ path: screenshotPath('reader-highlight-actions') });
    await change.getByRole('button', { name: 'Claim' }).click();
    await expect(page.locator('[data-reader] .highlight-claim')).toHaveText('manicule');
    await expect(panel.getByRole('button', { name: 'Claim', exact: true })).toHaveAttribute('aria-pressed', 'true');
    expect((await stored())[1].isClaim).toBe(true);

    // j and k step through the highlights in reading order.
    await page.keyboard.press('Escape');
    await page.keyboard.press('j');
    await expect(panel.locator('.panel-item.active')).toContainText('Readers have written');
    await page.keyboard.press('j');
    await expect(panel.locator('.panel-item.active')).toContainText('manicule');
    await expect(page.locator('[data-reader] .highlight-active')).toHaveText('manicule');
    await page.keyboard.press('k');
    await expect(panel.locator('.panel-item.active')).toContainText('Readers have written');

    // Delete removes the active highlight; Undo (the button, or Ctrl+Z) brings it back whole.
    await page.keyboard.press('Delete');
    await expect(page.locator('[data-reader] .highlight')).toHaveCount(1);
    await expect(page.getByRole('status').filter({ hasText: 'Highlight deleted.' })).toBeVisible();
    expect(await stored()).toHaveLength(1);
    await page.screenshot({ path: screenshotPath('reader-highlight-undo') });
    await page.getByRole('button', { name: 'Undo' }).click();
    await expect(page.locator('[data-reader] .highlight')).toHaveCount(2);
    expect((await stored())[0].comment).toBe('The oldest habit of readers');
    await page.keyboard.press('Delete');
    await expect(page.locator('[data-reader] .highlight')).toHaveCount(1);
    await page.keyboard.press('Control+z');
    await expect(page.locator('[data-reader] .highlight')).toHaveCount(2);
    await page.screenshot({ path: screenshotPath('reader-highlights-commented'), fullPage: true });
    expect(consoleErrors).toEqual([]);
  });

  test("a highlight's extent changes to a new selection", async ({ page, app, consoleErrors }) => {
    const article = await clipFixture(app, 'inline-marks.html');
    await openReader(page, app, article.id);
    await app.call('createHighlight', { articleId: article.id, exact: 'The habit is older than print', color: 'blue' });
    await page.reload();
    await page.locator('[data-reader] .highlight-blue').click();
    await selectText(page, 'The habit is older than print', 'glosses');
    await releaseMouse(page);
    await page.getByRole('toolbar', { name: 'Highlight the selection' }).getByRole('button', { name: 'Move highlight here' }).click();
    await expect(page.locator('[data-reader] .highlight-blue')).toHaveText(['The habit is older than print: medieval scribes left ', 'glosses']);
    const [moved] = await app.call('listHighlights', { articleId: article.id });
    expect(moved.quote.exact).toBe('The habit is older than print: medieval scribes left glosses');
    expect(moved.placement.status).toBe('exact');
    expect(consoleErrors).toEqual([]);
  });

  test('re-clipping the edited page reports each highlight, and the changed ones can be reviewed', async ({ page, app, consoleErrors }) => {
    let version = 1;
    // Its own canonical address, so this is a new article whatever other tests clipped.
    const served = (name: string) => readFileSync(fixturePath(name), 'utf8').replaceAll('draws-closer-to.html', 'draws-closer-to-reclip.html');
    const site = await startPageServer({
      '/belarus-iran': (_request, response) =>
        response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(served(version === 1 ? 'srebrnik-belarus-iran.html' : 'srebrnik-belarus-iran.v2.html')),
    });
    try {
      const article = await app.call('clipUrl', { url: site.url('/belarus-iran') });
      expect(article.outcome).toBe('new');
      await openReader(page, app, article.id);
      const passages = {
        afterInsert: 'Indeed, the literal translation of the word Belarus is White Russia.',
        quotes: 'Thirty years after the start of relations “the two countries have the will to strengthen cooperation,” Raisi stated',
        emphasis: 'the first such visit in 17 years',
        border: 'its border with Belarus, which is more than 1,000 kilometres long.',
        deleted: 'Meanwhile, Putin has been forced to embrace Iran because he finds himself totally isolated on the global stage following the invasion of Ukraine.',
      };
      for (const passage of Object.values(passages)) {
        await selectText(page, passage);
        await page.keyboard.press('h');
        await expect(page.locator('[data-reader] .highlight', { hasText: passage.slice(0, 20) }).first()).toBeVisible();
      }
      expect(await app.call('listHighlights', { articleId: article.id })).toHaveLength(5);

      version = 2;
      await page.getByRole('button', { name: 'Clip again' }).click();
      await expect(page.locator('.clip-status')).toContainText(/Highlights on the new capture: \d exact, \d moved, 1 fuzzy, 1 orphaned\./);
      const panel = page.getByRole('complementary', { name: 'Highlights' });
      const item = (text: string) => panel.locator('.panel-item', { hasText: text });
      const border = item('its border with Belarus');
      await expect(border).toContainText('text changed');
      await expect(border.locator('del')).toHaveText(passages.border);
      await expect(border.locator('ins')).toHaveText('its border with Belarus, which is about 1,084 kilometres long.');
      await expect(item('Meanwhile, Putin')).toContainText('not found in this capture');
      await page.screenshot({ path: screenshotPath('reader-reclip-review'), fullPage: true });

      const afterReclip = await app.call('listHighlights', { articleId: article.id });
      const placed = Object.fromEntries(afterReclip.map((highlight) => [highlight.quote.exact, highlight.placement]));
      for (const kept of [passages.afterInsert, passages.quotes, passages.emphasis]) expect(['exact', 'moved']).toContain(placed[kept].status);
      expect(placed[passages.quotes].text).toBe(passages.quotes.replaceAll(/[“”]/g, '"'));
      expect(placed[passages.emphasis].text).toBe(passages.emphasis);
      expect(placed[passages.border]).toMatchObject({ status: 'fuzzy', text: 'its border with Belarus, which is about 1,084 kilometres long.' });
      expect(placed[passages.deleted]).toMatchObject({ status: 'orphan', text: null });
      // What is drawn on the new capture is the placed text, the emphasis v2 added notwithstanding.
      const emphasised = afterReclip.find((highlight) => highlight.quote.exact === passages.emphasis)!;
      await expect(page.locator(`[data-reader] em [data-highlight-id="${emphasised.id}"]`)).toHaveText('first such visit in 17 years');
      expect((await page.locator(`[data-reader] [data-highlight-id="${emphasised.id}"]`).allTextContents()).join('')).toBe(passages.emphasis);

      // Review: keep the corrected figure; re-attach the orphan to text chosen by hand.
      await border.getByRole('button', { name: 'Keep the new text' }).click();
      await expect(border).not.toContainText('text changed');
      await item('Meanwhile, Putin').getByRole('button', { name: 'Re-attach to a selection' }).click();
      await expect(panel).toContainText('Select the passage in the article');
      await selectText(page, 'The closer ties between Russia and Iran');
      await releaseMouse(page);
      await page.getByRole('button', { name: 'Attach highlight here' }).click();
      await expect(panel).not.toContainText('not found in this capture');
      const reviewed = await app.call('listHighlights', { articleId: article.id });
      expect(reviewed.every((highlight) => highlight.placement.status === 'exact' || highlight.placement.status === 'moved')).toBe(true);
      expect(reviewed.map((highlight) => highlight.placement.text)).toContain('The closer ties between Russia and Iran');
      expect(consoleErrors).toEqual([]);
    } finally {
      await site.close();
    }
  });
});
