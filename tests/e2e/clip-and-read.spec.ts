import { readFileSync } from 'node:fs';
import { startPageServer, type PageServer } from '../support/page-server';
import { fixturePath } from '../support/temp';
import { clipFixture, expect, openReader, screenshotPath, startApp, test } from './fixtures';

const TITLE = 'Russia’s Ally Belarus Draws Closer to Iran';

test.describe('clip an article, find it, read it', () => {
  let site: PageServer;
  test.beforeAll(async () => {
    site = await startPageServer({ '/2023/04/belarus.html': { body: readFileSync(fixturePath('srebrnik-belarus-iran.html')) } });
  });
  test.afterAll(() => site.close());

  test('a first visit shows the empty library and what to do', async ({ page, consoleErrors }) => {
    // A notebook of its own: the worker's holds whatever the specs before this one clipped.
    const fresh = await startApp('commonplace-e2e-empty-');
    try {
      await page.goto(fresh.url);
      await expect(page.getByRole('heading', { name: 'Your library is empty' })).toBeVisible();
      await expect(page.getByText('Paste a web address above')).toBeVisible();
      // The token has left the address bar.
      expect(page.url()).not.toContain(fresh.token);
      await page.screenshot({ path: screenshotPath('library-empty') });
      expect(consoleErrors).toEqual([]);
    } finally {
      // Leave first: the page asks its host for changes, and would log the closed connection.
      await page.goto('about:blank');
      await fresh.close();
    }
  });

  test('clipping by URL puts the article in the library and the reader shows the stored text', async ({ page, consoleErrors }) => {
    // A notebook of its own: other specs in this worker clip the same page, and the screenshots show a library of one.
    const app = await startApp();
    try {
      const outside: string[] = [];
      page.on('request', (request) => {
        if (!request.url().startsWith(app.origin)) outside.push(request.url());
      });
      await page.goto(app.url);
      await page.getByLabel('Web address to clip').fill(site.url('/2023/04/belarus.html'));
      await page.getByRole('button', { name: 'Clip', exact: true }).click();
      await expect(page.getByText(`Clipped ${TITLE}.`)).toBeVisible();

      const row = page.locator('.article-row').filter({ hasText: TITLE });
      await expect(row).toBeVisible();
      await expect(row).toContainText('Professor Henry Srebrnik');
      await expect(row).toContainText('Henry Srebrnik');
      await expect(row).toContainText('Published Apr 5, 2023');
      await expect(row).toContainText('3 min read');
      await expect(row).toContainText('Clipped');
      await page.screenshot({ path: screenshotPath('library') });

      await row.getByRole('link', { name: TITLE }).click();
      await expect(page.getByRole('heading', { level: 1, name: TITLE })).toBeVisible();
      const [summary] = await app.call('listArticles', {});
      const stored = await app.call('getArticle', { id: summary.id });
      const readerText = await page.locator('[data-reader]').evaluate((element) => (element as HTMLElement & { readerText: string }).readerText);
      expect(readerText).toBe(stored.text);
      await expect(page.locator('[data-reader]')).toContainText('the first such visit in 17 years');
      await expect(page.locator('[data-reader]')).not.toContainText('Blog Archive');
      await expect(page.getByRole('link', { name: 'Original page' })).toHaveAttribute('rel', /noopener/);
      await page.screenshot({ path: screenshotPath('reader'), fullPage: true });

      await page.emulateMedia({ colorScheme: 'dark' });
      await page.screenshot({ path: screenshotPath('reader-dark') });
      await page.getByRole('link', { name: '← Library' }).click();
      await expect(page.locator('.article-row').first()).toBeVisible();
      await page.screenshot({ path: screenshotPath('library-dark') });

      expect(outside, 'requests that left the app').toEqual([]);
      expect(consoleErrors).toEqual([]);
    } finally {
      await page.goto('about:blank');
      await app.close();
    }
  });

  test('choosing a saved HTML file clips it, decoding its charset', async ({ page, app }) => {
    await page.goto(app.url);
    await page.getByLabel('HTML file to clip').setInputFiles(fixturePath('windows-1251.html'));
    await expect(page.locator('.article-row').filter({ hasText: 'Беларусь и Иран: дорожная карта' })).toBeVisible();
  });

  test('dropping a saved HTML file on the window clips it', async ({ page, app }) => {
    await page.goto(app.url);
    const base64 = readFileSync(fixturePath('shift_jis.html')).toString('base64');
    const dataTransfer = await page.evaluateHandle((content) => {
      const transfer = new DataTransfer();
      const bytes = Uint8Array.from(atob(content), (char) => char.charCodeAt(0));
      transfer.items.add(new File([bytes], 'saved-page.html', { type: 'text/html' }));
      return transfer;
    }, base64);
    await page.dispatchEvent('main', 'dragover', { dataTransfer });
    await expect(page.getByText('Drop a saved web page to clip it')).toBeVisible();
    await page.screenshot({ path: screenshotPath('library-drop') });
    await page.dispatchEvent('main', 'drop', { dataTransfer });
    await expect(page.locator('.article-row').filter({ hasText: 'ベラルーシとイランの接近' })).toBeVisible();
  });

  test('choosing a file that is not a web page says so', async ({ page, app }) => {
    await page.goto(app.url);
    await page.getByLabel('HTML file to clip').setInputFiles({ name: 'photo.png', mimeType: 'image/png', buffer: Buffer.from([0x89, 0x50]) });
    await expect(page.getByRole('alert')).toContainText('Only saved web pages (.html files) can be clipped.');
  });

  test('a URL that cannot be fetched shows a specific error and adds nothing', async ({ page, app }) => {
    const before = (await app.call('listArticles', {})).length;
    await page.goto(app.url);
    await page.getByLabel('Web address to clip').fill(site.url('/missing'));
    await page.getByRole('button', { name: 'Clip', exact: true }).click();
    await expect(page.getByRole('alert')).toContainText('HTTP 404');
    expect((await app.call('listArticles', {})).length).toBe(before);
    await page.screenshot({ path: screenshotPath('library-clip-error') });
  });

  test('the library survives a restart', async ({ page, app }) => {
    await clipFixture(app, 'srebrnik-belarus-iran.html');
    const before = await app.call('listArticles', {});
    expect(before.length).toBeGreaterThan(0);
    await page.goto(app.url);
    await expect(page.locator('.article-row')).toHaveCount(before.length);
    await app.restart();
    // The same browser comes back later: it remembers the token, the notebook its articles.
    await page.goto(app.origin);
    await expect(page.locator('.article-row')).toHaveCount(before.length);
    const text = await openReader(page, app, before[0].id);
    expect(text.length).toBeGreaterThan(100);
  });
});
