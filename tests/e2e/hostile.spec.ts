import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { startPageServer, type PageServer } from '../support/page-server';
import { fixturePath } from '../support/temp';
import { expect, openReader, screenshotPath, test } from './fixtures';

/** Each payload in the fixture sets one of these on the window it runs in. */
const SENTINELS = ['__pwned_img_onerror', '__pwned_javascript_link', '__pwned_svg_onload', '__pwned_iframe_srcdoc'];

function sentinels(page: Page): Promise<Record<string, unknown>> {
  return page.evaluate((names) => Object.fromEntries(names.map((name) => [name, (window as unknown as Record<string, unknown>)[name] ?? null])), SENTINELS);
}

test.describe('a hostile article body', () => {
  let site: PageServer;
  test.beforeAll(async () => {
    site = await startPageServer({
      '/notes.html': { body: readFileSync(fixturePath('hostile-body.html')) },
      '/missing-photo.png': { status: 404, body: '' },
    });
  });
  test.afterAll(() => site.close());

  test('control: every payload fires when the raw page is opened in Chromium', async ({ page }) => {
    await page.goto(site.url('/notes.html'));
    await page.locator('#report-link').click();
    await expect.poll(() => sentinels(page)).toEqual(Object.fromEntries(SENTINELS.map((name) => [name, true])));
  });

  test('in the reader none fires, the link is harmless, and the page never leaves the app', async ({ page, app, context }) => {
    const article = await app.call('clipUrl', { url: site.url('/notes.html') });
    const popups: string[] = [];
    context.on('page', (popup) => popups.push(popup.url()));
    const dialogs: string[] = [];
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    const outside: string[] = [];
    page.on('request', (request) => {
      if (!request.url().startsWith(app.origin)) outside.push(request.url());
    });
    const navigations: string[] = [];
    page.on('framenavigated', (frame) => {
      if (frame === page.mainFrame()) navigations.push(frame.url());
    });

    const text = await openReader(page, app, article.id);
    expect(text).toContain('the full survey report');
    const reader = page.locator('[data-reader]');
    await expect(reader.locator('iframe, svg, script, object, embed')).toHaveCount(0);
    await expect(reader.locator('[onerror], [onload]')).toHaveCount(0);
    await expect(reader.locator('a[href^="javascript:" i]')).toHaveCount(0);

    const readerUrl = page.url();
    await reader.getByText('the full survey report').click();
    await page.waitForTimeout(500);
    expect(page.url()).toBe(readerUrl);
    expect(await sentinels(page)).toEqual(Object.fromEntries(SENTINELS.map((name) => [name, null])));
    expect(popups).toEqual([]);
    expect(dialogs).toEqual([]);
    expect(outside).toEqual([]);
    expect(navigations.every((url) => url.startsWith(app.origin))).toBe(true);

    // The ordinary link is kept, and opens in a new tab that cannot reach back.
    const external = reader.getByRole('link', { name: 'published summary' });
    await expect(external).toHaveAttribute('href', 'https://example.org/summary');
    await expect(external).toHaveAttribute('target', '_blank');
    await expect(external).toHaveAttribute('rel', /noopener/);
    // The image shows as a link to the original, not as a request.
    await expect(reader.locator('.image-placeholder')).toHaveText('Image: a painted tree');
    await page.screenshot({ path: screenshotPath('reader-hostile'), fullPage: true });
  });
});
