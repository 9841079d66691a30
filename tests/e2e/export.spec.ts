import { appendFileSync, existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { tempDir } from '../support/temp';
import { clipFixture, expect, openReader, screenshotPath, test } from './fixtures';

/** Screenshots do not depend on the machine's theme. */
async function useTheme(page: Page, theme: 'light' | 'dark') {
  await page.evaluate((chosen) => localStorage.setItem('commonplace.reading', JSON.stringify({ theme: chosen })), theme);
  await page.reload();
}

/** The path (relative, with /) of the article's exported file, found by the id in its frontmatter. */
function exportedFileOf(folder: string, articleId: string): string {
  const frontmatterId = new RegExp(`^commonplace_id: "?${articleId}"?$`, 'm');
  const name = readdirSync(join(folder, 'Articles')).find((file) => frontmatterId.test(readFileSync(join(folder, 'Articles', file), 'utf8')));
  if (!name) throw new Error(`No exported file names the article ${articleId}`);
  return `Articles/${name}`;
}

async function runCommand(page: Page, title: string) {
  const palette = page.getByRole('dialog', { name: 'Command palette' });
  // The palette listens only once the app has reached its host: a key pressed just after a
  // reload, before that, does nothing (seen on a loaded CI machine), so press until it opens.
  await expect(async () => {
    if (!(await palette.isVisible())) await page.keyboard.press('Control+k');
    await expect(palette).toBeVisible({ timeout: 1_000 });
  }).toPass();
  await palette.getByRole('combobox', { name: 'Search or run a command' }).fill(title);
  await palette.getByRole('option', { name: title }).click();
}

test.describe('export to Markdown from the app', () => {
  test('everything into a folder; again, nothing changes; a file the user edited is kept, its new version beside it', async ({ page, app, consoleErrors }) => {
    const article = await clipFixture(app, 'srebrnik-belarus-iran.html');
    await app.call('createHighlight', { articleId: article.id, exact: 'Indeed, the literal translation of the word Belarus is White Russia.', isClaim: true, comment: 'The name says it all' });
    const vault = tempDir('commonplace-export-e2e-');
    try {
      await page.goto(app.url);
      await useTheme(page, 'light');
      await runCommand(page, 'Export to Markdown…');
      const dialog = page.getByRole('dialog', { name: 'Export to Markdown' });
      await expect(dialog).toBeVisible();
      await expect(dialog.getByRole('radio', { name: /Everything/ })).toBeChecked();
      await expect(dialog.getByRole('radio', { name: /Everything/ })).toBeFocused();
      await expect(dialog.getByRole('radio', { name: /Obsidian/ })).toBeChecked();
      // In browser mode the folder is a path on the notebook's own machine, and says so.
      const folder = dialog.getByRole('textbox', { name: 'Folder path' });
      await expect(folder).toHaveAccessibleDescription(/computer this notebook runs on/);
      await expect(dialog.getByRole('button', { name: 'Export', exact: true })).toBeDisabled();
      await folder.fill(vault.dir);
      await page.screenshot({ path: screenshotPath('export-dialog-light') });

      await dialog.getByRole('button', { name: 'Export', exact: true }).click();
      const result = dialog.getByRole('status').filter({ hasText: 'Exported into' });
      await expect(result).toContainText(vault.dir);
      await expect(result).toContainText(/\d+ files written/);
      await expect(result).toContainText('0 removed');
      await page.screenshot({ path: screenshotPath('export-dialog-result-light') });

      // What Obsidian will open: the article, the claims, the citations.
      const exported = exportedFileOf(vault.dir, article.id);
      const articleFile = join(vault.dir, exported);
      expect(readFileSync(articleFile, 'utf8')).toContain('White Russia');
      expect(readFileSync(join(vault.dir, 'Claims.md'), 'utf8')).toContain('White Russia');
      expect(readFileSync(join(vault.dir, 'references.bib'), 'utf8')).toMatch(/@\w+\{/);

      // The same export again writes nothing.
      await dialog.getByRole('button', { name: 'Export again' }).click();
      await expect(result).toContainText('Nothing had changed since the last export.');
      await expect(result).toContainText('0 files written');
      await expect(result).toContainText(/[1-9]\d* unchanged/);

      // The user edits the exported article: the next export keeps it and writes its new version beside it.
      appendFileSync(articleFile, '\nMy own thoughts, written in the vault.\n');
      await dialog.getByRole('button', { name: 'Export again' }).click();
      const kept = dialog.getByRole('region', { name: '1 file you changed was kept' });
      await expect(kept).toBeVisible();
      const newVersion = exported.replace(/\.md$/, '.new.md');
      await expect(kept).toContainText(exported);
      await expect(kept).toContainText(`new version: ${newVersion}`);
      expect(readFileSync(articleFile, 'utf8')).toContain('My own thoughts, written in the vault.');
      expect(existsSync(join(vault.dir, newVersion))).toBe(true);
      await page.screenshot({ path: screenshotPath('export-dialog-kept-light') });

      await useTheme(page, 'dark');
      await runCommand(page, 'Export to Markdown…');
      await expect(folder).toHaveValue(vault.dir); // remembered
      await dialog.getByRole('button', { name: 'Export', exact: true }).click();
      await expect(kept).toBeVisible();
      await page.screenshot({ path: screenshotPath('export-dialog-kept-dark') });
      await page.keyboard.press('Escape');
      await expect(dialog).toBeHidden();
    } finally {
      vault.cleanup();
    }
    expect(consoleErrors).toEqual([]);
  });

  test('an article from the reader; a folder that is a file is refused and nothing is exported', async ({ page, app, consoleErrors }) => {
    const article = await clipFixture(app, 'srebrnik-belarus-iran.html');
    const vault = tempDir('commonplace-export-e2e-');
    try {
      await openReader(page, app, article.id);
      await runCommand(page, 'Export this article to Markdown…');
      const dialog = page.getByRole('dialog', { name: 'Export to Markdown' });
      await expect(dialog.getByRole('radio', { name: /This article: Russia’s Ally Belarus/ })).toBeChecked();

      const folder = dialog.getByRole('textbox', { name: 'Folder path' });
      await folder.fill(join(vault.dir, 'Articles.md'));
      appendFileSync(join(vault.dir, 'Articles.md'), 'not a folder');
      await dialog.getByRole('button', { name: 'Export', exact: true }).click();
      await expect(dialog.getByRole('alert')).toContainText(/Nothing was exported:\s+.*is a file, not a folder/);
      // The refusal is an HTTP 400, which the browser logs: expected here, and only here.
      expect(consoleErrors).toEqual([expect.stringContaining('400 (Bad Request)')]);
      consoleErrors.length = 0;

      await folder.fill(vault.dir);
      await dialog.getByRole('checkbox', { name: 'Include the full text and images' }).check();
      await dialog.getByRole('radio', { name: /Logseq/ }).check();
      await dialog.getByRole('button', { name: 'Export', exact: true }).click();
      await expect(dialog.getByRole('status').filter({ hasText: 'Exported into' })).toContainText(/\d+ files written/);
      expect(readdirSync(join(vault.dir, 'Articles'))).toHaveLength(1);
      const text = readFileSync(join(vault.dir, exportedFileOf(vault.dir, article.id)), 'utf8');
      expect(text).toContain('Indeed, the literal translation of the word Belarus is White Russia.');
      expect(existsSync(join(vault.dir, 'Notes'))).toBe(false);
      await dialog.getByRole('button', { name: 'Done' }).click();
      await expect(dialog).toBeHidden();

      // The library filtered by a tag offers to export that tag's articles.
      await app.call('setTags', { id: article.id, tags: ['export-e2e'] });
      await page.goto(`${app.origin}/#/`);
      const tagFilter = page.getByRole('combobox', { name: 'Tag' });
      await tagFilter.focus(); // the library counts its tags when the filter is first wanted
      await tagFilter.selectOption('export-e2e');
      await runCommand(page, 'Export the articles tagged “export-e2e” to Markdown…');
      await expect(dialog.getByRole('radio', { name: 'The articles tagged' })).toBeChecked();
      await expect(dialog.getByRole('combobox', { name: 'Tag' })).toHaveValue('export-e2e');
      await folder.fill(join(vault.dir, 'tagged'));
      await dialog.getByRole('button', { name: 'Export', exact: true }).click();
      await expect(dialog.getByRole('status').filter({ hasText: 'Exported into' })).toContainText(/\d+ files written/);
      expect(exportedFileOf(join(vault.dir, 'tagged'), article.id)).toMatch(/^Articles\//);
      expect(readdirSync(join(vault.dir, 'tagged', 'Articles'))).toHaveLength(1);
    } finally {
      vault.cleanup();
    }
    expect(consoleErrors).toEqual([]);
  });

  test('Copy with citation puts the quote, an author-date citation and a link to the passage on the clipboard', async ({ page, context, app, consoleErrors }) => {
    const article = await clipFixture(app, 'srebrnik-belarus-iran.html');
    const first = 'Indeed, the literal translation of the word Belarus is White Russia.';
    const second = 'Heavily dependent on Moscow';
    await app.call('createHighlight', { articleId: article.id, exact: first });
    await app.call('createHighlight', { articleId: article.id, exact: second, color: 'blue' });
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: app.origin });
    await openReader(page, app, article.id);
    await useTheme(page, 'light');
    const panel = page.getByRole('complementary', { name: 'Highlights' });
    // (Other tests on this worker's notebook may have highlighted the same passage.)
    const itemOf = (quote: string) => panel.locator('li.panel-item').filter({ hasText: quote }).first();
    const item = itemOf(first);

    await item.getByRole('button', { name: 'Copy with citation' }).click();
    await expect(item.getByRole('status')).toHaveText('Copied');
    await item.scrollIntoViewIfNeeded();
    await page.screenshot({ path: screenshotPath('copy-with-citation') });
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    const [quote, citation] = copied.split('\n\n');
    expect(quote).toBe(`> ${first}`);
    expect(citation).toMatch(/^— Srebrnik \((?:\d{4}|n\.d\.)\), \[Russia’s Ally Belarus Draws Closer to Iran\]\(https:\/\/srebrnik\.blogspot\.com\/2023\/04\/russias-ally-belarus-draws-closer-to\.html#:~:text=[^)\s]+\)$/);
    expect(decodeURIComponent(citation.split('#:~:text=')[1])).toContain(first.slice(0, 20));

    // The active highlight's citation is a palette command too.
    await itemOf(second).locator('.panel-quote').click();
    await runCommand(page, 'Copy the highlight with its citation');
    await expect(itemOf(second).getByRole('status')).toHaveText('Copied');
    expect(await page.evaluate(() => navigator.clipboard.readText())).toMatch(new RegExp(`^> ${second}[^\n]*\n\n— Srebrnik`));
    expect(consoleErrors).toEqual([]);
  });
});
