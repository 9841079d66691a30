/**
 * Changes made by another process show in the open app without a reload: with the library on
 * screen, the real CLI clips an article into the same notebook folder, then highlights it and
 * clips a new version of its page while the reader shows it. A note changed elsewhere while it
 * is open is not replaced under the cursor: the editor says so and offers the other version.
 */
import { execFile } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Page } from '@playwright/test';
import { fixturePath, tempDir } from '../support/temp';
import { expect, screenshotPath, startApp, test, type App } from './fixtures';

const BIN = new URL('../../src-main/bin/commonplace.mjs', import.meta.url).pathname;
const QUOTE = 'They have close military relations.';
/** The app asks every two seconds; a CLI process on this busy machine takes a few more to start. */
const NOTICED_WITHIN = { timeout: 15_000 };

/** Runs the real CLI on the app's notebook folder, as a second process; returns its JSON output. */
async function commonplace(app: App, ...args: string[]): Promise<Record<string, unknown>> {
  const { stdout } = await promisify(execFile)(process.execPath, [BIN, ...args, '--data', app.dataDir, '--json']);
  return JSON.parse(stdout);
}

/** A mark only this page (not a reloaded one) carries. */
async function markPage(page: Page): Promise<void> {
  await page.evaluate(() => ((window as Window & { notReloaded?: boolean }).notReloaded = true));
}

async function stillSamePage(page: Page): Promise<boolean> {
  return page.evaluate(() => (window as Window & { notReloaded?: boolean }).notReloaded === true);
}

test('the library and the reader show what the command line wrote, without a reload', async ({ page, app, consoleErrors }) => {
  test.setTimeout(120_000);
  const title = `Belarus, clipped from the command line ${Date.now()}`;
  const folder = tempDir();
  const file = join(folder.dir, 'elsewhere.html');
  const newVersion = join(folder.dir, 'elsewhere-updated.html');
  // The sample under a title and address of its own; its second version is the same article.
  const own = (fixture: string) =>
    readFileSync(fixturePath(fixture), 'utf8').replaceAll('Russia’s Ally Belarus Draws Closer to Iran', title).replaceAll('russias-ally-belarus-draws-closer-to.html', 'elsewhere.html');
  writeFileSync(file, own('srebrnik-belarus-iran.html'));
  writeFileSync(newVersion, own('srebrnik-belarus-iran.v2.html'));

  await page.goto(app.url);
  // The library has loaded: its count, or (this worker's notebook being new) the empty library.
  await expect(page.locator('.library-count, .empty-state').first()).toBeVisible();
  await markPage(page);

  const clipped = await commonplace(app, 'clip', file);
  const row = page.locator(`.article-row[data-article-id="${clipped.id}"]`);
  await expect(row.locator('.article-title')).toHaveText(title, NOTICED_WITHIN);
  expect(await stillSamePage(page)).toBe(true);

  await row.locator('.article-title').click();
  await expect(page.locator('[data-reader] .ProseMirror')).toContainText(QUOTE);
  const panelItems = page.locator('[data-panel-highlight]');
  await expect(panelItems).toHaveCount(0);

  const highlight = await commonplace(app, 'highlight', String(clipped.id), '--quote', QUOTE, '--comment', 'Added from the command line');
  await expect(page.locator(`[data-panel-highlight="${highlight.id}"]`)).toContainText(QUOTE, NOTICED_WITHIN);
  await expect(page.locator(`[data-panel-highlight="${highlight.id}"]`)).toContainText('Added from the command line');
  await expect(page.locator(`[data-reader] [data-highlight-id="${highlight.id}"]`)).toHaveText(QUOTE);

  // A new capture: the text on screen stays, and the reader says a newer one is there to choose.
  await commonplace(app, 'clip', newVersion);
  folder.cleanup();
  await expect(page.getByText('You are reading an older capture')).toBeVisible(NOTICED_WITHIN);
  await expect(page.getByLabel('Capture').locator('option')).toHaveCount(2);
  await expect(page.locator('[data-reader] .ProseMirror')).toContainText('which is more than 1,000 kilometres long');
  expect(await stillSamePage(page)).toBe(true);
  await page.screenshot({ path: screenshotPath('other-process-reader') });
  await page.getByLabel('Capture').selectOption({ index: 0 });
  await expect(page.locator('[data-reader] .ProseMirror')).toContainText('which is about 1,084 kilometres long');
  await expect(page.getByText('You are reading an older capture')).toHaveCount(0);
  expect(consoleErrors).toEqual([]);
});

test('a note changed elsewhere stays as it is under the cursor, and says so', async ({ page, app, consoleErrors }) => {
  const note = await app.call('createNote', { title: 'Draft on Belarus', markdown: 'The first paragraph.' });
  await page.goto(app.url);
  await page.goto(`${app.origin}/#/note/${note.id}`);
  const body = page.locator('.note-body .ProseMirror');
  await expect(body).toContainText('The first paragraph.');
  await body.click();
  await page.keyboard.press('End');
  await page.keyboard.type(' Typed here.');
  await expect(page.getByRole('status').filter({ hasText: /^Saved$/ })).toBeVisible();
  await markPage(page);

  // Another window (or host) saves its own version of the note.
  const otherDoc = { type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'Rewritten in another window.' }] }] };
  await app.call('saveNote', { id: note.id, title: 'Rewritten elsewhere', doc: otherDoc });

  const notice = page.locator('.notice.elsewhere');
  await expect(notice).toContainText('This note was changed elsewhere.', NOTICED_WITHIN);
  // What is under the cursor stays; the list beside it shows the other version's title.
  await expect(body).toContainText('The first paragraph. Typed here.');
  await expect(page.locator('.note-list')).toContainText('Rewritten elsewhere');
  expect(await stillSamePage(page)).toBe(true);
  await page.screenshot({ path: screenshotPath('other-process-note') });

  await notice.getByRole('button', { name: 'Show that version' }).click();
  await expect(body).toContainText('Rewritten in another window.');
  await expect(page.getByRole('textbox', { name: 'Title' })).toHaveValue('Rewritten elsewhere');
  await expect(notice).toHaveCount(0);
  expect(consoleErrors).toEqual([]);
});

test('when the host stops, the page says so, and it picks up again by itself once the host is back', async ({ page }) => {
  test.setTimeout(120_000);
  const app = await startApp();
  try {
    await page.goto(app.url);
    await expect(page.locator('.empty-state')).toBeVisible();
    const away = page.getByRole('alert').filter({ hasText: 'Commonplace has stopped answering' });
    await expect(away).toHaveCount(0);
    await app.restart(async () => {
      await expect(away).toBeVisible(NOTICED_WITHIN);
      await page.screenshot({ path: screenshotPath('host-away') });
    });
    await expect(away).toBeHidden(NOTICED_WITHIN);
    // Back, and live: what another door adds shows up without a reload.
    await app.call('clipHtml', { html: '<html><head><title>After the restart</title></head><body><article><p>Written while the page waited for the host to come back, then clipped once it had.</p></article></body></html>' });
    await expect(page.locator('.article-title')).toHaveText(['After the restart'], NOTICED_WITHIN);
  } finally {
    await page.goto('about:blank');
    await app.close();
  }
});

test('the graph draws a link made elsewhere without a reload', async ({ page, app }) => {
  const article = await app.call('clipHtml', {
    html: '<html><head><title>Two readings of the border</title></head><body><article><p>The frontier is walled from end to end, one column says.</p><p>Engineers found checkpoints at a few crossings and no wall between them.</p></article></body></html>',
  });
  const wall = await app.call('createHighlight', { articleId: article.id, exact: 'The frontier is walled from end to end', isClaim: true });
  const checkpoints = await app.call('createHighlight', { articleId: article.id, exact: 'Engineers found checkpoints at a few crossings', isClaim: true });
  await page.goto(app.url);
  await page.goto(`${app.origin}/#/graph`);
  const summary = page.locator('.graph-summary');
  await expect(summary).toContainText(/\d+ claims?/);
  await markPage(page);
  const links = Number((await summary.textContent())!.match(/(\d+) links?/)![1]);

  await app.call('createLink', { from: checkpoints.id, to: wall.id, relation: 'contradicts', rationale: 'Checkpoints are not a wall.' });
  await expect(summary).toContainText(`${links + 1} link`, NOTICED_WITHIN);
  await expect(page.getByRole('region', { name: 'Graph of claims' })).toContainText('Engineers found checkpoints at a few crossings');
  expect(await stillSamePage(page)).toBe(true);
});
