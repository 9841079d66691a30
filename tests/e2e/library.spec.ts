/**
 * The library at the size of a real one: 1,500 articles in a real notebook, served by a real
 * `commonplace serve`. Opening asks for one page, scrolling asks for the pages it reaches,
 * sorting, filtering, tags and the keyboard work on the whole library, not on what is loaded.
 */
import type { Page, Request } from '@playwright/test';
import type { MethodInput, MethodName, MethodResult } from '../../src-main/common/contract';
import { tempDir } from '../support/temp';
import { expect, screenshotPath, serve, stop, test } from './fixtures';
import { seedLibrary, type SeededArticle } from './library-seed';

const COUNT = 1500;

let data: ReturnType<typeof tempDir>;
let served: Awaited<ReturnType<typeof serve>>;
let articles: SeededArticle[];

async function call<M extends MethodName>(method: M, input: MethodInput<M>): Promise<MethodResult<M>> {
  const url = new URL(served.url);
  const response = await fetch(`${url.origin}/api/${method}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${url.hash.replace('#token=', '')}` },
    body: JSON.stringify(input),
  });
  const body = await response.json();
  if (!response.ok) throw new Error(`${method}: ${JSON.stringify(body.error)}`);
  return body.result;
}

/** The listArticles requests the page makes, with their inputs. */
function recordPages(page: Page): Array<{ offset: number; limit: number; [key: string]: unknown }> {
  const asked: Array<{ offset: number; limit: number }> = [];
  page.on('request', (request: Request) => {
    if (request.url().endsWith('/api/listArticles')) asked.push(request.postDataJSON());
  });
  return asked;
}

const byNewest = () => [...articles].reverse();
const row = (page: Page, id: string) => page.locator(`.article-row[data-article-id="${id}"]`);
const count = (page: Page) => page.locator('.library-count');

test.describe('the library at scale', () => {
  test.describe.configure({ mode: 'serial' });

  test.beforeAll(async () => {
    data = tempDir('commonplace-library-');
    articles = seedLibrary(data.dir, COUNT);
    served = await serve(data.dir);
  });
  test.afterAll(async () => {
    await stop(served.process);
    data.cleanup();
  });

  test('opening asks for one page; the scrollbar spans the library; the bottom shows the last article', async ({ page, consoleErrors }) => {
    const asked = recordPages(page);
    const requested: string[] = [];
    page.on('request', (request) => requested.push(new URL(request.url()).pathname));
    await page.goto(served.url);
    const newest = byNewest()[0];
    await expect(row(page, newest.id).locator('.article-title')).toHaveText(newest.title);
    await expect(count(page)).toHaveText('1,500 articles');
    await page.waitForTimeout(300);
    // One page of 100 rows, not the library; no tag counts until they are wanted.
    expect(asked.length).toBeLessThanOrEqual(2);
    expect(requested.filter((path) => path === '/api/listTags')).toEqual([]);
    // The app's code is fetched with the entry script, not once that has run and asked for the page.
    const firstRequest = (pattern: RegExp) => requested.findIndex((path) => pattern.test(path));
    expect(firstRequest(/^\/assets\/boot-[\w-]+\.js$/)).toBeGreaterThanOrEqual(0);
    expect(firstRequest(/^\/assets\/boot-[\w-]+\.js$/)).toBeLessThan(firstRequest(/^\/api\/listArticles$/));
    expect(asked.every((input) => input.limit <= 100 && input.offset === 0)).toBe(true);
    const rendered = await page.locator('.article-list > li').count();
    expect(rendered).toBeLessThan(40);
    const listHeight = await page.locator('.article-list').evaluate((list) => list.getBoundingClientRect().height);
    const rowHeight = await page.locator('.article-row').first().evaluate((element) => element.getBoundingClientRect().height);
    expect(listHeight).toBeCloseTo(COUNT * rowHeight, 0);
    await page.screenshot({ path: screenshotPath('library-scale') });
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.screenshot({ path: screenshotPath('library-scale-dark') });
    await page.emulateMedia({ colorScheme: 'light' });

    // Jump to the bottom: the oldest article is the last row, and only its page was asked for.
    await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
    const oldest = articles[0];
    await expect(row(page, oldest.id)).toBeInViewport();
    await expect(row(page, oldest.id)).toHaveAttribute('aria-posinset', String(COUNT));
    await expect(row(page, oldest.id)).toHaveAttribute('aria-setsize', String(COUNT));
    await page.screenshot({ path: screenshotPath('library-scale-bottom') });
    const offsets = new Set(asked.map((input) => input.offset));
    expect(offsets.has(1400)).toBe(true);
    expect(offsets.size).toBeLessThanOrEqual(4);

    // The middle, by scrolling: its rows arrive, placeholders only while they are asked for.
    await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight / 2));
    const middle = byNewest()[750];
    await expect(page.locator('.article-row[aria-posinset="751"]')).toHaveAttribute('data-article-id', middle.id);
    await expect(page.locator('.article-row.loading')).toHaveCount(0);
    expect(consoleErrors).toEqual([]);
  });

  test('sorts by title over the whole library, and remembers the sort', async ({ page, consoleErrors }) => {
    await page.goto(served.url);
    await expect(count(page)).toHaveText('1,500 articles');
    await page.getByLabel('Sort by').selectOption({ label: 'Title' });
    const byTitle = [...articles].sort((a, b) => (a.title.toLowerCase() < b.title.toLowerCase() ? -1 : 1));
    const titles = page.locator('.article-row .article-title');
    await expect(titles.nth(0)).toHaveText(byTitle[0].title);
    await expect(titles.nth(1)).toHaveText(byTitle[1].title);
    await expect(titles.nth(2)).toHaveText(byTitle[2].title);
    await page.reload();
    await expect(page.getByLabel('Sort by')).toHaveValue('title');
    await expect(titles.nth(0)).toHaveText(byTitle[0].title);
    // The end of the list is the end of the alphabet.
    await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
    await expect(page.locator(`.article-row[aria-posinset="${COUNT}"] .article-title`)).toHaveText(byTitle[COUNT - 1].title);
    expect(consoleErrors).toEqual([]);
  });

  test('filters by tag (with counts), site, highlights and claims; an empty result offers to clear', async ({ page, consoleErrors }) => {
    await page.goto(served.url);
    await expect(count(page)).toHaveText('1,500 articles');
    const tagFilter = page.getByLabel('Tag', { exact: true });
    // The tags are counted when the filter is first wanted, not when the library opens.
    await tagFilter.focus();
    await expect(tagFilter.locator('option', { hasText: 'rivers (150)' })).toHaveCount(1);
    await tagFilter.selectOption('rivers');
    await expect(count(page)).toHaveText('150 articles');
    const tagged = articles.filter((article) => article.tags.includes('rivers')).reverse();
    await expect(row(page, tagged[0].id)).toBeVisible();
    const shownTags = await page.locator('.article-row').evaluateAll((rows) => rows.map((element) => [...element.querySelectorAll('.tag-name')].map((tag) => tag.textContent)));
    expect(shownTags.length).toBeGreaterThan(3);
    for (const tags of shownTags) expect(tags).toContain('rivers');

    await page.getByRole('button', { name: 'Has claims' }).click();
    await expect(count(page)).toHaveText('15 articles');
    await page.screenshot({ path: screenshotPath('library-filtered') });
    await page.getByRole('button', { name: 'Clear filters' }).click();
    await expect(count(page)).toHaveText('1,500 articles');
    await expect(page.getByRole('button', { name: 'Has claims' })).toHaveAttribute('aria-pressed', 'false');

    await page.getByRole('button', { name: 'Has highlights' }).click();
    await expect(count(page)).toHaveText('60 articles');
    await page.getByRole('button', { name: 'Has highlights' }).click();

    await page.getByLabel('Site', { exact: true }).fill('maps.example.net');
    await expect(count(page)).toHaveText('375 articles');
    await expect(page.locator('.article-row .site').first()).toHaveText('Atlas');

    // Nothing matches: the empty state says so and offers the way back.
    await tagFilter.selectOption('draft');
    await page.getByLabel('Site', { exact: true }).fill('nowhere.example');
    await expect(page.getByRole('heading', { name: 'No articles tagged “draft”, from “nowhere.example”' })).toBeVisible();
    await expect(count(page)).toHaveText('0 articles');
    await page.screenshot({ path: screenshotPath('library-empty-filter') });
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.screenshot({ path: screenshotPath('library-empty-filter-dark') });
    await page.emulateMedia({ colorScheme: 'light' });
    await page.locator('.empty-state').getByRole('button', { name: 'Clear filters' }).click();
    await expect(count(page)).toHaveText('1,500 articles');
    await expect(page.getByLabel('Site', { exact: true })).toHaveValue('');

    // A tag on a row shows the articles that carry it; a site, the articles from it.
    const withPolicy = articles.filter((article) => article.tags.includes('policy')).reverse()[0];
    await page.goto(`${new URL(served.url).origin}/#/`);
    await page.locator('.article-row').first().waitFor();
    await page.evaluate((index) => window.scrollTo(0, index * document.querySelector<HTMLElement>('.article-row')!.offsetHeight), byNewest().indexOf(withPolicy));
    await row(page, withPolicy.id).getByRole('button', { name: 'policy', exact: true }).click();
    await expect(count(page)).toHaveText('100 articles');
    await expect(tagFilter).toHaveValue('policy');
    expect(consoleErrors).toEqual([]);
  });

  test('adds and removes a tag on a row', async ({ page, consoleErrors }) => {
    await page.goto(served.url);
    const newest = byNewest()[0];
    const first = row(page, newest.id);
    await first.hover();
    await first.getByRole('button', { name: `Add a tag to “${newest.title}”` }).click();
    const field = first.getByRole('combobox', { name: `New tag for “${newest.title}”` });
    await expect(field).toBeFocused();
    await field.fill('to read');
    await page.keyboard.press('Enter');
    await expect(first.locator('.tag-name')).toHaveText(['to read']);
    expect((await call('getArticle', { id: newest.id })).tags).toEqual(['to read']);
    await expect(first.getByRole('button', { name: `Add a tag to “${newest.title}”` })).toBeFocused();
    await page.screenshot({ path: screenshotPath('library-row-tag') });

    await first.getByRole('button', { name: `Remove the tag to read from “${newest.title}”` }).click();
    await expect(first.locator('.tag-name')).toHaveCount(0);
    expect((await call('getArticle', { id: newest.id })).tags).toEqual([]);
    expect(consoleErrors).toEqual([]);
  });

  test('renames a tag and merges two in the tag manager', async ({ page, consoleErrors }) => {
    await page.goto(served.url);
    await expect(count(page)).toHaveText('1,500 articles');
    const manage = page.getByRole('button', { name: 'Manage tags' });
    await manage.click();
    const dialog = page.getByRole('dialog', { name: 'Tags' });
    await expect(dialog).toBeVisible();
    const entry = (name: string) => dialog.locator(`li[data-tag="${name}"]`);
    await expect(entry('policy')).toContainText('100 articles');
    await page.screenshot({ path: screenshotPath('library-tag-manager') });
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.screenshot({ path: screenshotPath('library-tag-manager-dark') });
    await page.emulateMedia({ colorScheme: 'light' });

    await entry('policy').getByRole('button', { name: 'Rename or merge the tag policy' }).click();
    await dialog.getByLabel('New name for the tag policy').fill('public policy');
    await page.keyboard.press('Enter');
    await expect(dialog.getByRole('status')).toHaveText('Renamed “policy” to “public policy”.');
    await expect(entry('public policy')).toContainText('100 articles');
    await expect(entry('policy')).toHaveCount(0);

    // Renaming to a name that exists asks first, and says what a merge does.
    await entry('drafts').getByRole('button', { name: 'Rename or merge the tag drafts' }).click();
    await dialog.getByLabel('New name for the tag drafts').fill('Draft');
    await page.keyboard.press('Enter');
    const confirm = dialog.getByRole('alertdialog');
    await expect(confirm).toContainText('“draft” already exists. Merge the two tags?');
    await expect(confirm).toContainText('The 30 articles tagged “drafts” will be tagged “draft” instead');
    await page.screenshot({ path: screenshotPath('library-tag-merge') });
    await confirm.getByRole('button', { name: 'Merge into “draft”' }).click();
    await expect(dialog.getByRole('status')).toHaveText('Merged “drafts” into “draft”.');
    await expect(entry('drafts')).toHaveCount(0);
    // Every 40th and every 50th article: 38 + 30 − 8 (every 200th had both).
    await expect(entry('draft')).toContainText('60 articles');
    expect(await call('listTags', {})).toEqual(expect.arrayContaining([{ name: 'draft', count: 60 }, { name: 'public policy', count: 100 }]));

    // Choosing a tag shows its articles; Escape closes and gives the focus back.
    await entry('draft').getByRole('button', { name: 'draft', exact: true }).click();
    await expect(dialog).toBeHidden();
    await expect(count(page)).toHaveText('60 articles');
    await manage.click();
    await expect(dialog).toBeVisible();
    await page.keyboard.press('Escape');
    await expect(dialog).toBeHidden();
    await expect(manage).toBeFocused();
    expect(consoleErrors).toEqual([]);
  });

  test('keyboard only: Tab reaches every control, j/k and the arrows move a focused row, Enter opens it', async ({ page, consoleErrors }) => {
    await page.goto(served.url);
    await expect(count(page)).toHaveText('1,500 articles');
    const newest = byNewest();
    const focusedIndex = () => page.evaluate(() => (document.activeElement as HTMLElement | null)?.closest<HTMLElement>('.article-row')?.dataset.index ?? null);

    // Tab from the top of the page: every control of the library comes, then the first row.
    const seen: string[] = [];
    for (let step = 0; step < 40 && (await focusedIndex()) === null; step++) {
      await page.keyboard.press('Tab');
      seen.push(await page.evaluate(() => {
        const element = document.activeElement as HTMLElement;
        return element.getAttribute('aria-label') ?? (element as HTMLInputElement).labels?.[0]?.textContent?.trim() ?? element.textContent?.trim() ?? element.tagName;
      }));
    }
    for (const control of ['Web address to clip', 'Clip from your browser', 'All', 'Trash', 'Manage tags', 'Sort', 'Tag', 'Site', 'Has highlights', 'Has claims']) {
      expect(seen.some((name) => name.startsWith(control)), `${control} in ${seen.join(' | ')}`).toBe(true);
    }
    expect(await focusedIndex()).toBe('0');
    const first = page.locator('.article-row[data-index="0"]');
    await expect(first).toBeFocused();
    expect(await first.evaluate((element) => element.matches(':focus-visible'))).toBe(true);
    // Inside the row, Tab goes through its own link and buttons, the other rows stay out of the way.
    await page.keyboard.press('Tab');
    await expect(first.getByRole('link', { name: newest[0].title })).toBeFocused();

    await page.keyboard.press('j');
    await page.keyboard.press('j');
    await page.keyboard.press('k');
    await page.keyboard.press('ArrowDown');
    await expect(page.locator('.article-row[data-index="2"]')).toBeFocused();
    await page.screenshot({ path: screenshotPath('library-keyboard') });

    // Far away: End goes to the last article, fetching its page; Home comes back.
    await page.keyboard.press('End');
    await expect(page.locator(`.article-row[data-index="${COUNT - 1}"]`)).toBeFocused();
    await expect(page.locator(`.article-row[data-index="${COUNT - 1}"] .article-title`)).toHaveText(articles[0].title);
    await expect(page.locator(`.article-row[data-index="${COUNT - 1}"]`)).toBeInViewport();
    await page.keyboard.press('Home');
    await expect(first).toBeFocused();
    for (let step = 0; step < 12; step++) await page.keyboard.press('j');
    await expect(page.locator('.article-row[data-index="12"]')).toBeFocused();
    await expect(page.locator('.article-row[data-index="12"]')).toBeInViewport({ ratio: 1 });

    // The palette lists the library's commands with their keys, and runs them.
    await page.keyboard.press('/');
    const palette = page.getByRole('dialog', { name: 'Command palette' });
    const field = palette.getByRole('combobox', { name: 'Search or run a command' });
    await expect(field).toBeFocused();
    await field.fill('mark read');
    await expect(palette.getByRole('option', { name: /Mark read/ }).first()).toContainText('m');
    await page.keyboard.press('Escape');
    await expect(page.locator('.article-row[data-index="12"]')).toBeFocused();
    await page.keyboard.press('m');
    await expect(page.locator('.article-row[data-index="12"] .state')).toHaveText('Read');

    // t opens the tag field of the focused row.
    await page.keyboard.press('t');
    const tagField = page.locator('.article-row[data-index="12"]').getByRole('combobox');
    await expect(tagField).toBeFocused();
    await page.keyboard.press('Escape');
    await expect(tagField).toHaveCount(0);

    await page.keyboard.press('Control+k');
    await field.fill('sort by title');
    await page.keyboard.press('Enter');
    await expect(page.getByLabel('Sort by')).toHaveValue('title');

    // A new order starts from its first row; Enter opens the focused article in the reader.
    await expect(first).toBeFocused();
    await page.keyboard.press('j');
    const target = await page.locator('.article-row[data-index="1"]').getAttribute('data-article-id');
    await expect(page.locator('.article-row[data-index="1"]')).toBeFocused();
    await page.keyboard.press('Enter');
    await expect(page).toHaveURL(new RegExp(`#/article/${target}$`));
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(articles.find((article) => article.id === target)!.title);

    // Back in the library, the list is where it was and the opened article has the focus.
    await page.goBack();
    await expect(page.locator('.article-row[data-index="1"]')).toBeFocused();
    await expect(page.locator('.article-row[data-index="1"]')).toHaveAttribute('data-article-id', target!);
    expect(consoleErrors).toEqual([]);
  });
});
