import { clipFixture, expect, openReader, screenshotPath, test } from './fixtures';

test.describe('the command palette', () => {
  test('Ctrl+K finds articles and highlights as you type and runs commands, all from the keyboard', async ({ page, app, consoleErrors }) => {
    const article = await clipFixture(app, 'inline-marks.html');
    const claim = await app.call('createHighlight', { articleId: article.id, exact: 'A pointing hand, the manicule, marks a passage worth finding again', isClaim: true, color: 'pink' });
    await openReader(page, app, article.id);
    await page.goto(`${app.origin}/#/`);

    const palette = page.getByRole('dialog', { name: 'Command palette' });
    const field = palette.getByRole('combobox', { name: 'Search or run a command' });
    await page.keyboard.press('Control+k');
    await expect(field).toBeFocused();
    // With nothing typed, the commands are listed with their shortcuts.
    await expect(palette.getByRole('option', { name: /Clip a web address/ })).toBeVisible();

    // A word's beginning is enough; the article and the claim both come up.
    await field.pressSequentially('marginal');
    const articleOption = palette.getByRole('option', { name: /Field notes on marginalia/ }).first();
    await expect(articleOption).toBeVisible();
    await field.fill('manicu');
    // (Other tests on this worker's notebook may have marked claims with the word too.)
    const claimOption = palette.getByRole('option', { name: /Claim/ }).filter({ hasText: 'A pointing hand, the manicule' });
    await expect(claimOption).toBeVisible();
    // The words that matched are marked in the snippet.
    await expect(claimOption.locator('mark')).toHaveText(['manicule']);
    await page.screenshot({ path: screenshotPath('palette-search') });
    // Down to the claim: the arrow keys move the choice.
    const isTheClaim = (text: string | null) => Boolean(text?.includes('Claim') && text.includes('A pointing hand'));
    for (let step = 0; step < 12 && !isTheClaim(await palette.locator('[aria-selected="true"]').textContent()); step++) await page.keyboard.press('ArrowDown');
    await expect(palette.locator('[aria-selected="true"]')).toContainText('A pointing hand');
    await page.keyboard.press('Enter');
    await expect(palette).toBeHidden();
    await expect(page).toHaveURL(new RegExp(`#/article/${article.id}/highlight/${claim.id}$`));
    await expect(page.locator(`[data-reader] .highlight-active[data-highlight-id="${claim.id}"]`).first()).toBeVisible();

    // Reader commands join the registry while the reader is open: find in the article.
    await page.keyboard.press('Control+k');
    await field.fill('find');
    await expect(palette.getByRole('option', { name: /Find in the article/ })).toContainText('Ctrl+F');
    await page.keyboard.press('Enter');
    await expect(page.getByRole('textbox', { name: 'Find in article' })).toBeFocused();
    await page.keyboard.press('Escape');

    // A command from anywhere: switch the theme.
    const before = await page.evaluate(() => document.documentElement.dataset.theme ?? 'system');
    await page.keyboard.press('Control+k');
    await field.fill('theme');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.evaluate(() => document.documentElement.dataset.theme ?? 'system')).not.toBe(before);

    // A malformed query says what is wrong; Escape closes and gives focus back.
    await page.keyboard.press('Control+k');
    await field.fill('"unclosed');
    await expect(palette.getByRole('alert')).toContainText('closing "');
    await page.keyboard.press('Escape');
    await expect(palette).toBeHidden();
    expect(consoleErrors).toEqual([]);
  });
});
