import { readFileSync } from 'node:fs';
import { png } from '../support/images';
import { startPageServer, type PageServer } from '../support/page-server';
import { fixturePath } from '../support/temp';
import { expect, openReader, screenshotPath, test } from './fixtures';

const pngRoute = (bytes: Buffer) => ({ headers: { 'content-type': 'image/png' }, body: bytes });

test.describe('clipping that keeps the whole article', () => {
  let site: PageServer;
  test.beforeAll(async () => {
    const sample = readFileSync(fixturePath('srebrnik-belarus-iran.html'), 'utf8');
    site = await startPageServer({
      '/survey.html': { body: readFileSync(fixturePath('images-article.html')) },
      '/img/marker.png': pngRoute(png(320, 200, [150, 135, 110])),
      '/img/marker-copy.png': pngRoute(png(320, 200, [150, 135, 110])),
      '/img/fence.png': pngRoute(png(400, 120, [90, 95, 100])),
      '/img/marsh-small.png': pngRoute(png(80, 50, [60, 120, 80])),
      '/img/marsh-large.png': pngRoute(png(480, 300, [60, 120, 80])),
      '/img/missing.png': { status: 404, body: '' },
      '/belarus.html': { body: sample },
      ...Object.fromEntries([1, 2, 3].map((n) => [`/list/${n}`, { body: sample.replaceAll('russias-ally-belarus-draws-closer-to.html', `list-${n}.html`) }])),
    });
  });
  test.afterAll(() => site.close());

  test('the reader shows every image that could be fetched, with no request leaving the app', async ({ page, app, consoleErrors }) => {
    const clipped = await app.call('clipUrl', { url: site.url('/survey.html') });
    expect(clipped.imagesSaved).toBe(4);
    const leaving: string[] = [];
    await page.route('**/*', (route) => {
      if (route.request().url().startsWith(app.origin)) return route.continue();
      leaving.push(route.request().url());
      return route.abort();
    });
    await openReader(page, app, clipped.id);
    const images = page.locator('[data-reader] img');
    await expect(images).toHaveCount(4);
    for (const image of await images.all()) {
      await expect.poll(() => image.evaluate((element: HTMLImageElement) => element.complete && element.naturalWidth)).toBeGreaterThan(0);
    }
    await expect(page.locator('[data-reader] .image-placeholder')).toHaveText('Image: A sunken marker');
    await expect(page.locator('[data-reader] figcaption').first()).toHaveText('A stone marker in the northern sector.');
    expect(leaving).toEqual([]);
    await page.screenshot({ path: screenshotPath('reader-images'), fullPage: true });
    expect(consoleErrors).toEqual([]);
  });

  test('the clip result says which image failed and why', async ({ page, app }) => {
    await page.goto(app.url);
    await page.getByLabel('Web address to clip').fill(`${site.url('/survey.html')}?utm_source=test`);
    await page.getByRole('button', { name: 'Clip', exact: true }).click();
    await expect(page.locator('.clip-status')).toContainText(/Photographs from the Frontier Survey/);
    await page.screenshot({ path: screenshotPath('library-clip-result') });
  });

  test('pasting a URL into the library clips it', async ({ page, app }) => {
    await page.goto(app.url);
    await expect(page.getByRole('heading', { name: 'Library' })).toBeAttached();
    const title = 'Russia’s Ally Belarus Draws Closer to Iran';
    expect((await app.call('listArticles', {})).map((article) => article.title)).not.toContain(title);
    const rows = page.locator('.article-row').filter({ hasText: title });
    await page.evaluate((url) => {
      const data = new DataTransfer();
      data.setData('text/plain', url);
      document.body.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true }));
    }, site.url('/belarus.html'));
    await expect(rows).toHaveCount(1);
  });

  test('reading state, the trash, and restoring from it', async ({ page, app }) => {
    const article = await app.call('clipUrl', { url: site.url('/belarus.html') });
    await page.goto(app.url);
    const row = page.locator(`[data-article-id="${article.id}"]`);
    await row.getByRole('button', { name: 'Mark read' }).click();
    await expect(row).toContainText('Read');
    await page.getByRole('button', { name: 'Unread', exact: true }).click();
    await expect(page.locator(`[data-article-id="${article.id}"]`)).toHaveCount(0);
    await page.getByRole('button', { name: 'All', exact: true }).click();
    await page.locator(`[data-article-id="${article.id}"]`).getByRole('button', { name: /Move .* to the trash/ }).click();
    await expect(page.locator(`[data-article-id="${article.id}"]`)).toHaveCount(0);
    await page.getByRole('button', { name: 'Trash', exact: true }).click();
    await expect(page.locator(`[data-article-id="${article.id}"]`)).toBeVisible();
    await page.screenshot({ path: screenshotPath('library-trash') });
    await page.locator(`[data-article-id="${article.id}"]`).getByRole('button', { name: 'Restore' }).click();
    await page.getByRole('button', { name: 'All', exact: true }).click();
    await expect(page.locator(`[data-article-id="${article.id}"]`)).toBeVisible();
  });

  test('importing a reading list shows progress and what failed', async ({ page, app }) => {
    await page.goto(app.url);
    const list = [1, 2, 3].map((n) => site.url(`/list/${n}`)).concat(site.url('/list/404')).join('\n');
    await page.getByLabel('Reading list to import').setInputFiles({ name: 'reading-list.txt', mimeType: 'text/plain', buffer: Buffer.from(list) });
    await expect(page.locator('.import-progress')).toContainText('Import finished: 4 of 4 (3 clipped, 0 already in the library, 1 failed)');
    await expect(page.locator('.import-progress')).toContainText(`${site.url('/list/404')}: `);
    await page.screenshot({ path: screenshotPath('library-import') });
  });

  test('a re-clipped article keeps its older capture, and corrections stay', async ({ page, app }) => {
    const v2 = readFileSync(fixturePath('srebrnik-belarus-iran.v2.html'));
    let version = 1;
    const changing = await startPageServer({
      '/post': (_request, response) => response.writeHead(200, { 'content-type': 'text/html' }).end(version === 1 ? readFileSync(fixturePath('srebrnik-belarus-iran.html')).toString().replace('russias-ally', 'changing') : v2.toString().replace('russias-ally', 'changing')),
    });
    const first = await app.call('clipUrl', { url: changing.url('/post') });
    await openReader(page, app, first.id);
    await page.getByRole('button', { name: 'Edit details' }).click();
    await page.getByLabel('Title').fill('Belarus and Iran, corrected');
    await page.getByLabel('Tags').fill('belarus, iran');
    await page.getByRole('button', { name: 'Save details' }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Belarus and Iran, corrected');

    version = 2;
    const second = await app.call('clipUrl', { url: changing.url('/post') });
    expect(second).toMatchObject({ id: first.id, outcome: 'captured', title: 'Belarus and Iran, corrected', tags: ['belarus', 'iran'] });
    await page.reload();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Belarus and Iran, corrected');
    const picker = page.getByLabel('Capture');
    await expect(picker.locator('option')).toHaveCount(2);
    await picker.selectOption({ index: 1 });
    await expect(page.getByText('You are reading an older capture')).toBeVisible();
    await expect(page.locator('[data-reader]')).toContainText('more than 1,000 kilometres long');
    await page.screenshot({ path: screenshotPath('reader-older-capture') });
    await changing.close();
  });
});
