import { clipFixture, expect, openReader, screenshotPath, test } from './fixtures';

test.describe('keyboard', () => {
  test('? lists every shortcut, and the palette offers what the keys do to the active highlight', async ({ page, app, consoleErrors }) => {
    const article = await clipFixture(app, 'inline-marks.html');
    const highlight = await app.call('createHighlight', { articleId: article.id, exact: 'A pointing hand, the manicule, marks a passage worth finding again', color: 'yellow' });
    await openReader(page, app, article.id);
    await page.goto(`${app.origin}/#/`);
    await expect(page.locator('.article-row').first()).toBeVisible();

    // "?" opens the list of shortcuts from the library; Escape closes it.
    await page.locator('body').press('?');
    const sheet = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
    await expect(sheet).toBeVisible();
    await expect(sheet.getByRole('heading', { name: 'Reader' })).toBeVisible();
    await expect(sheet).toContainText('Highlight the selected text');
    await page.screenshot({ path: screenshotPath('shortcuts') });
    await page.keyboard.press('Escape');
    await expect(sheet).toBeHidden();

    // The palette lists it too, with its key.
    const palette = page.getByRole('dialog', { name: 'Command palette' });
    const field = palette.getByRole('combobox', { name: 'Search or run a command' });
    await page.keyboard.press('Control+k');
    await field.fill('shortcuts');
    await expect(palette.getByRole('option', { name: /Keyboard shortcuts/ })).toContainText('?');
    await page.keyboard.press('Escape');

    // In the reader, with a highlight active (j steps to it), its actions are commands. The
    // highlights are laid over the text after it shows: j steps only once they are there.
    await openReader(page, app, article.id);
    await expect(page.locator(`[data-reader] [data-highlight-id="${highlight.id}"]`).first()).toBeVisible();
    await page.keyboard.press('j');
    await expect(page.locator(`[data-reader] .highlight-active[data-highlight-id="${highlight.id}"]`).first()).toBeVisible();
    await page.keyboard.press('Control+k');
    await field.fill('colour the highlight blue');
    await expect(palette.getByRole('option', { name: /Colour the highlight blue/ })).toContainText('3');
    await page.keyboard.press('Enter');
    await expect(palette).toBeHidden();
    await expect.poll(async () => (await app.call('listHighlights', { articleId: article.id }))[0].color).toBe('blue');

    await page.keyboard.press('Control+k');
    await field.fill('mark the highlight as a claim');
    await page.keyboard.press('Enter');
    await expect.poll(async () => (await app.call('listHighlights', { articleId: article.id }))[0].isClaim).toBe(true);

    await page.keyboard.press('Control+k');
    await field.fill('delete the highlight');
    await expect(palette.getByRole('option', { name: /Delete the highlight/ })).toContainText('Delete');
    await page.keyboard.press('Enter');
    await expect.poll(async () => (await app.call('listHighlights', { articleId: article.id })).length).toBe(0);
    expect(consoleErrors).toEqual([]);
  });
});
